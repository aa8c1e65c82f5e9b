"""The forms of a loan application's life, shared by the console and the portal."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import FieldList, FormField, SelectField
from wtforms import Form as SubForm
from wtforms.validators import Optional

from ..db.models import Borrower, Recommendation
from ..domain.provisioning import CollateralKind
from ..services import products
from ..unit_of_work import db
from .forms import DayField, DongField, Form, choice, months, required, text
from .labels import COLLATERAL, RECOMMENDATIONS

REQUEST_FIELDS = ("product_id", "amount", "term_months", "grace_months", "purpose", "total_investment",
                  "own_capital")


class ApplicationForm(Form):
    borrower_id = SelectField(_l("Khách hàng vay"), [required()], coerce=int, validate_choice=True)
    product_id = SelectField(_l("Sản phẩm cho vay"), [required()], coerce=int, validate_choice=True)
    amount = DongField(_l("Số tiền đề nghị vay (đồng)"), [required()])
    term_months = months(_l("Thời hạn vay (tháng)"), low=1)
    grace_months = months(_l("Ân hạn gốc (tháng)"), needed=False, default=0)
    purpose = text(_l("Mục đích vay"), max_length=500, area=True)
    total_investment = DongField(_l("Tổng mức đầu tư của phương án (đồng)"), [required()])
    own_capital = DongField(_l("Vốn tự có tham gia (đồng)"), [required()], allow_zero=True)

    def fill_choices(self, *, borrower_id: int | None = None) -> None:
        """Borrowers to choose from (only one for a portal user) and the current product versions."""
        query = select(Borrower).order_by(Borrower.name_folded, Borrower.id).limit(2000)
        if borrower_id is not None:
            query = select(Borrower).where(Borrower.id == borrower_id)
        self.borrower_id.choices = [(b.id, f"{b.name} ({b.id})") for b in db().scalars(query)]
        self.product_id.choices = [
            (p.id, f"{p.name} ({p.code})") for p in db().scalars(products.product_query())]

    def service_values(self) -> dict:
        values = {name: self[name].data for name in ("borrower_id", *REQUEST_FIELDS)}
        values["grace_months"] = values["grace_months"] or 0
        return values


class CollateralRow(SubForm):
    kind = SelectField(_l("Loại tài sản"), choices=[(k.value, COLLATERAL[k.value]) for k in CollateralKind],
                       validate_choice=True)
    description = text(_l("Mô tả tài sản"), max_length=500, needed=False)
    value = DongField(_l("Giá trị định giá (đồng)"), [Optional()])


class AppraiseForm(Form):
    recommendation = choice(_l("Đề xuất"), [(r.value, RECOMMENDATIONS[r.value]) for r in Recommendation])
    amount = DongField(_l("Số tiền đề xuất cho vay (đồng)"), [Optional()],
                       description=_l("Để trống: bằng số tiền đề nghị; không được lớn hơn."))
    term_months = months(_l("Thời hạn đề xuất (tháng)"), low=1, needed=False)
    grace_months = months(_l("Ân hạn đề xuất (tháng)"), needed=False)
    bad_debt_checked_on = DayField(_l("Ngày tra cứu nợ xấu (CIC)"), [Optional()])
    has_bad_debt = choice(_l("Kết quả tra cứu nợ xấu"),
                          [("", _l("— chưa tra cứu —")), ("no", _l("Không có nợ xấu")), ("yes", _l("Có nợ xấu"))],
                          needed=False)
    collateral = FieldList(FormField(CollateralRow), min_entries=3, max_entries=20)
    notes = text(_l("Ý kiến thẩm định"), max_length=5000, needed=False, area=True)

    def validate_collateral(self, field):
        for row in field.entries:
            filled = bool(row.form.description.data) or row.form.value.data is not None
            if filled and not row.form.description.data:
                row.form.description.errors = [*row.form.description.errors, _l("Cần mô tả tài sản.")]
            if filled and row.form.value.data is None and not row.form.value.errors:
                row.form.value.errors = [*row.form.value.errors, _l("Cần giá trị định giá.")]

    def has_row_errors(self) -> bool:
        return any(row.form.description.errors or row.form.value.errors for row in self.collateral.entries)

    def service_values(self) -> dict:
        collateral = [{"kind": CollateralKind(row.form.kind.data), "description": row.form.description.data,
                       "value": row.form.value.data}
                      for row in self.collateral.entries if row.form.description.data]
        checked = {"": None, "no": False, "yes": True}[self.has_bad_debt.data or ""]
        return {"recommendation": Recommendation(self.recommendation.data), "amount": self.amount.data,
                "term_months": self.term_months.data, "grace_months": self.grace_months.data,
                "bad_debt_checked_on": self.bad_debt_checked_on.data, "has_bad_debt": checked,
                "collateral": collateral, "notes": self.notes.data or ""}


class DecisionForm(Form):
    decision_no = text(_l("Số quyết định cho vay"), max_length=100)
    notes = text(_l("Ghi chú"), max_length=5000, needed=False, area=True)


class RejectForm(Form):
    reason = text(_l("Lý do từ chối"), max_length=5000, area=True)


class ConfirmForm(Form):
    """A button that only carries the CSRF token (submit, withdraw)."""
