"""Decisions on a loan after disbursement, as pages: a restructuring asked by an officer and decided
by an approver who did not ask (``services.restructuring``), write-off and recoveries afterwards
(``services.write_off``), early recall and post-disbursement monitoring checks
(``services.monitoring``). The same calls as ``api.restructurings`` and ``api.loan_actions``; a
refusal is shown next to the field it names and nothing is saved."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import NumberRange, Optional

from ...auth import STAFF
from ...clock import today
from ...db.models import Borrower, Finding, Loan, Role, User
from ...domain.errors import DomainError
from ...domain.events import RestructureKind
from ...domain.money import parse_dong
from ...services import loan_views, loans, monitoring, restructuring, write_off
from ...unit_of_work import db
from ..errors import domain_status
from ..formatting import dong, parse_day
from ..forms import DayField, Form, choice, required, show_refusal, text
from ..guard import current_user, may, page
from ..labels import FINDINGS, RESTRUCTURE_KINDS
from . import blp
from .money import MoneyForm


class InstallmentsField(TextAreaField):
    """New dates and principal typed one a line: ``10/09/2025 20.000.000``; ``data`` is a list of
    (date, đồng) or None when left empty."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(f"{day:%d/%m/%Y} {dong(amount).removesuffix(' đ')}" for day, amount in self.data or [])

    def process_formdata(self, valuelist):
        lines = [line.strip() for line in (valuelist[0] if valuelist else "").splitlines() if line.strip()]
        self.data = None
        if not lines:
            return
        rows = []
        for number, line in enumerate(lines, start=1):
            parts = line.replace(";", " ").replace("\t", " ").split(None, 1)
            try:
                rows.append((parse_day(parts[0]), parse_dong(parts[1])))
            except (ValueError, TypeError, IndexError) as error:
                raise ValueError(_l("Dòng %(n)s không đọc được: hãy nhập “ngày số tiền”, ví dụ 10/09/2025 "
                                    "20.000.000.", n=number)) from error
        self.data = rows


class RestructureForm(Form):
    kind = choice(_l("Hình thức cơ cấu"), [(k.value, RESTRUCTURE_KINDS[k.value]) for k in RestructureKind])
    effective_date = DayField(_l("Ngày hiệu lực"), [required()])
    defer_months = IntegerField(_l("Lùi các kỳ chưa đến hạn (tháng)"), [Optional(), NumberRange(
        min=1, max=120, message=_l("Số tháng từ %(min)s đến %(max)s."))], render_kw={"inputmode": "numeric"},
        description=_l("Điều chỉnh kỳ hạn: mọi kỳ chưa đến hạn lùi chừng ấy tháng, ngày đáo hạn giữ nguyên."))
    new_maturity = DayField(_l("Ngày đáo hạn mới"), [Optional()],
                            description=_l("Gia hạn nợ: gốc chưa đến hạn được chia lại đến ngày này."))
    installments = InstallmentsField(_l("Hoặc nhập lịch trả gốc mới"), [Optional()], render_kw={"rows": 5},
                                     description=_l("Mỗi dòng một kỳ: ngày và số gốc, ví dụ “10/09/2025 20.000.000”."))
    reason = text(_l("Lý do cơ cấu"), max_length=2000, area=True)

    def service_values(self) -> dict:
        return {"kind": RestructureKind(self.kind.data), "effective_date": self.effective_date.data,
                "defer_months": self.defer_months.data, "new_maturity": self.new_maturity.data,
                "installments": self.installments.data, "reason": self.reason.data}


class RestructuringApproveForm(Form):
    decision_no = text(_l("Số quyết định cơ cấu nợ"), max_length=100)
    notes = text(_l("Ghi chú"), max_length=2000, needed=False, area=True)


class RestructuringRejectForm(Form):
    reason = text(_l("Lý do từ chối"), max_length=2000, area=True)


class WriteOffForm(Form):
    decision_no = text(_l("Số quyết định của Hội đồng xử lý rủi ro"), max_length=100)
    decided_on = DayField(_l("Ngày quyết định"), [required()])
    reason = text(_l("Lý do xử lý rủi ro"), max_length=2000, area=True)


class RecallForm(Form):
    decision_no = text(_l("Số quyết định thu hồi nợ trước hạn"), max_length=100)
    value_date = DayField(_l("Ngày thu hồi"), [required()],
                          description=_l("Toàn bộ dư nợ gốc đến hạn vào ngày này."))
    monitoring_check_id = SelectField(_l("Biên bản kiểm tra phát hiện sai phạm"), choices=[], validate_choice=True,
                                      default="")
    reason = text(_l("Lý do thu hồi"), max_length=2000, area=True)

    def fill_choices(self, checks) -> None:
        self.monitoring_check_id.choices = [("", _l("— không —"))] + [
            (str(c.id), f"{c.checked_on:%d/%m/%Y} · {FINDINGS[c.finding.value]}") for c in checks]

    def service_values(self) -> dict:
        check = self.monitoring_check_id.data
        return {"decision_no": self.decision_no.data, "value_date": self.value_date.data, "reason": self.reason.data,
                "monitoring_check_id": int(check) if check else None}


class CheckForm(Form):
    checked_on = DayField(_l("Ngày kiểm tra"), [required()])
    finding = choice(_l("Kết luận"), [(f.value, FINDINGS[f.value]) for f in Finding])
    notes = text(_l("Nội dung kiểm tra"), max_length=4000, needed=False, area=True)


def _loan(loan_id: int) -> tuple[Loan, Borrower]:
    record = loans.get_loan(db(), loan_id, viewer=current_user())
    return record, db().get(Borrower, record.borrower_id)


def _balance_today(record: Loan) -> dict | None:
    if record.disbursed_on is None:
        return None
    return loan_views.balance_view(db(), record, as_of=today(), today=today())


def _action_page(loan_id: int, form: Form, *, status: int, **page_text):
    """One of the simple decision forms, on the loan as it now stands (read again after a refusal)."""
    record, borrower = _loan(loan_id)
    return render_template("console/loan_action.html", loan=record, borrower=borrower, form=form,
                           balance=_balance_today(record), **page_text), status


def _refused(form: Form, error: DomainError) -> None:
    db().rollback()
    show_refusal(form, error)


# --- restructuring -------------------------------------------------------------------------------------
@blp.route("/loans/<id:loan_id>/restructure", methods=["GET", "POST"])
@page(Role.OFFICER)
def loan_restructure(loan_id: int):
    form = RestructureForm()
    if request.method == "GET":
        form.effective_date.data = today()
    elif form.validate_on_submit():
        try:
            item = restructuring.request_restructuring(db(), loan_id=loan_id, **form.service_values(),
                                                       requested_by=current_user().id, today=today())
            flash(_l("Đã gửi đề nghị cơ cấu số %(id)s; chờ người phê duyệt.", id=item["id"]), "success")
            return redirect(url_for("console.restructuring", request_id=item["id"]), code=303)
        except DomainError as error:
            _refused(form, error)
    record, borrower = _loan(loan_id)
    return render_template("console/restructure.html", loan=record, borrower=borrower, form=form,
                           schedule=loan_views.schedule_view(db(), record, today=today())), \
        422 if request.method == "POST" else 200


def _user_names(*ids) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {u.id: u.full_name or u.email for u in db().query(User).filter(User.id.in_(wanted))}


def _request_page(request_id: int, *, status: int = 200, refusal: str | None = None, **forms):
    item = restructuring.get_request(db(), request_id, viewer=current_user(), today=today())
    record, borrower = _loan(item["loan_id"])
    forms.setdefault("approve_form", RestructuringApproveForm(formdata=None))
    forms.setdefault("reject_form", RestructuringRejectForm(formdata=None))
    # Separation of duties is the service's rule; the page only leaves out buttons that would be refused.
    decidable = item["status"] == "requested" and item["requested_by"] != current_user().id \
        and may("console.restructuring_approve")
    return render_template("console/restructuring.html", item=item, loan=record, borrower=borrower,
                           names=_user_names(item["requested_by"], item["decided_by"]), decidable=decidable,
                           refusal=refusal, **forms), status


@blp.get("/restructurings/<id:request_id>", endpoint="restructuring")
@page(*STAFF)
def restructuring_request(request_id: int):
    return _request_page(request_id)


def _decide(request_id: int, form: Form, decide, form_name: str):
    if form.validate_on_submit():
        try:
            item = decide(form)
            message = _l("Đã phê duyệt đề nghị cơ cấu số %(id)s.", id=request_id) if item["status"] == "approved" \
                else _l("Đã từ chối đề nghị cơ cấu số %(id)s.", id=request_id)
            flash(message, "success")
            return redirect(url_for("console.loan", loan_id=item["loan_id"]), code=303)
        except DomainError as error:
            db().rollback()
            return _request_page(request_id, status=domain_status(error), refusal=error.message, **{form_name: form})
    return _request_page(request_id, status=422, **{form_name: form})


@blp.post("/restructurings/<id:request_id>/approve")
@page(Role.APPROVER)
def restructuring_approve(request_id: int):
    return _decide(request_id, RestructuringApproveForm(), lambda form: restructuring.approve(
        db(), request_id, decision_no=form.decision_no.data, notes=form.notes.data or "",
        approved_by=current_user().id, today=today()), "approve_form")


@blp.post("/restructurings/<id:request_id>/reject")
@page(Role.APPROVER)
def restructuring_reject(request_id: int):
    return _decide(request_id, RestructuringRejectForm(), lambda form: restructuring.reject(
        db(), request_id, reason=form.reason.data, rejected_by=current_user().id), "reject_form")


# --- write-off and recoveries ----------------------------------------------------------------------------
@blp.route("/loans/<id:loan_id>/write-off", methods=["GET", "POST"])
@page(Role.APPROVER)
def loan_write_off(loan_id: int):
    form = WriteOffForm()
    if request.method == "GET":
        form.decided_on.data = today()
    elif form.validate_on_submit():
        try:
            done = write_off.write_off(db(), loan_id=loan_id, **form.values("decision_no", "decided_on", "reason"),
                                       recorded_by=current_user().id, today=today())
            flash(_l("Đã xử lý rủi ro %(principal)s nợ gốc; dùng dự phòng %(used)s, tính vào chi phí %(expense)s.",
                     principal=dong(done["principal_written_off"]), used=dong(done["provision_used"]),
                     expense=dong(done["charged_to_expense"])), "success")
            return redirect(url_for("console.loan", loan_id=loan_id), code=303)
        except DomainError as error:
            _refused(form, error)
    record, _ = _loan(loan_id)
    return _action_page(loan_id, form, status=422 if request.method == "POST" else 200,
                        title=_l("Xử lý rủi ro"), button=_l("Xử lý rủi ro khoản vay"), danger=True,
                        fields=("decision_no", "decided_on", "reason"),
                        provision_held=write_off.provision_held(db(), record, today=today()),
                        intro=_l("Theo quyết định của Hội đồng xử lý rủi ro: nợ gốc và lãi được chuyển ra ngoại bảng, "
                                 "dự phòng cụ thể đã trích được sử dụng trước, phần còn lại tính vào chi phí. "
                                 "Khách hàng vẫn còn nợ và tiếp tục được thu hồi."))


@blp.route("/loans/<id:loan_id>/recovery", methods=["GET", "POST"])
@page(Role.ACCOUNTANT)
def loan_recovery(loan_id: int):
    form = MoneyForm()
    if request.method == "GET":
        form.value_date.data = today()
    elif form.validate_on_submit():
        try:
            done = write_off.record_recovery(db(), loan_id=loan_id, **form.service_values(),
                                             recorded_by=current_user().id, today=today())
            flash(_l("Đã ghi khoản thu hồi nợ đã xử lý rủi ro %(amount)s.", amount=dong(done["amount"])), "success")
            return redirect(url_for("console.loan", loan_id=loan_id), code=303)
        except DomainError as error:
            _refused(form, error)
    return _action_page(loan_id, form, status=422 if request.method == "POST" else 200,
                        title=_l("Thu hồi nợ đã xử lý rủi ro"), button=_l("Ghi khoản thu hồi"),
                        fields=("amount", "value_date", "reference"),
                        intro=_l("Số tiền thu được phân bổ như một khoản trả nợ và ghi nhận là thu nhập từ nợ đã "
                                 "xử lý rủi ro."))


# --- recall and monitoring checks --------------------------------------------------------------------------
@blp.route("/loans/<id:loan_id>/recall", methods=["GET", "POST"])
@page(Role.APPROVER)
def loan_recall(loan_id: int):
    form = RecallForm()
    form.fill_choices(monitoring.checks_of(db(), loan_id, viewer=current_user()))
    if request.method == "GET":
        form.value_date.data = today()
        if request.args.get("check", "").isdigit():
            form.monitoring_check_id.data = request.args["check"]
    elif form.validate_on_submit():
        try:
            done = monitoring.recall(db(), loan_id=loan_id, **form.service_values(), recorded_by=current_user().id,
                                     today=today())
            flash(_l("Đã thu hồi nợ trước hạn: phải trả %(total)s; đã lập thông báo cho khách hàng.",
                     total=dong(done["total_due"])), "success")
            return redirect(url_for("console.loan", loan_id=loan_id), code=303)
        except DomainError as error:
            _refused(form, error)
            form.fill_choices(monitoring.checks_of(db(), loan_id, viewer=current_user()))
    return _action_page(loan_id, form, status=422 if request.method == "POST" else 200,
                        title=_l("Thu hồi nợ trước hạn"), button=_l("Quyết định thu hồi trước hạn"), danger=True,
                        fields=("decision_no", "value_date", "monitoring_check_id", "reason"),
                        intro=_l("Vào ngày thu hồi, toàn bộ dư nợ gốc chưa đến hạn và lãi trong hạn đến ngày đó "
                                 "đến hạn trả; phần không trả trong ngày chuyển nợ quá hạn từ ngày hôm sau. "
                                 "Khách hàng nhận thông báo thu hồi."))


@blp.route("/loans/<id:loan_id>/checks/new", methods=["GET", "POST"])
@page(Role.OFFICER)
def loan_check(loan_id: int):
    form = CheckForm()
    if request.method == "GET":
        form.checked_on.data = today()
    elif form.validate_on_submit():
        try:
            monitoring.record_check(db(), loan_id=loan_id, checked_on=form.checked_on.data,
                                    finding=Finding(form.finding.data), notes=form.notes.data or "",
                                    checked_by=current_user(), today=today())
            flash(_l("Đã ghi biên bản kiểm tra sau cho vay."), "success")
            return redirect(url_for("console.loan", loan_id=loan_id), code=303)
        except DomainError as error:
            _refused(form, error)
    return _action_page(loan_id, form, status=422 if request.method == "POST" else 200,
                        title=_l("Kiểm tra sau cho vay"), button=_l("Ghi biên bản kiểm tra"),
                        fields=("checked_on", "finding", "notes"),
                        intro=_l("Kiểm tra việc sử dụng vốn vay đúng mục đích (Thông tư 39/2016, Điều 23)."))
