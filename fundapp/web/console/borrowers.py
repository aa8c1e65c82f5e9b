"""Borrowers: list with search and filters, detail with their loans and exposure against the
15% / 25% limits, and the form to record or correct one (``services.borrowers``)."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import Email, NumberRange, Optional

from ...auth import STAFF
from ...clock import today
from ...db.models import Borrower, RelatedGroup, Role, Sector
from ...domain.eligibility import BorrowerKind
from ...domain.errors import DomainError
from ...services import applications, borrowers, exposure, fund, loans
from ...unit_of_work import db
from ..forms import DayField, Form, choice, show_refusal, text
from ..labels import KINDS, SECTORS
from ..guard import current_user, page
from . import blp, page_of

FIELDS = ("kind", "name", "commune", "district", "sector", "registration_no", "tax_code", "legal_representative",
          "founded_on", "member_count", "address", "phone", "email", "citizen_id", "date_of_birth", "member_of",
          "group_name", "is_enterprise", "related_group_id")


class BorrowerForm(Form):
    kind = choice(_l("Loại khách hàng"), [(k.value, KINDS[k.value]) for k in BorrowerKind])
    name = text(_l("Tên"), max_length=300)
    commune = text(_l("Xã / phường / đặc khu"), max_length=120)
    district = text(_l("Huyện cũ (hồ sơ trước 01/07/2025)"), max_length=120, needed=False)
    sector = choice(_l("Ngành nghề"), [(s.value, SECTORS[s.value]) for s in Sector])
    registration_no = text(_l("Số đăng ký HTX / doanh nghiệp"), max_length=50, needed=False)
    tax_code = text(_l("Mã số thuế"), max_length=20, needed=False)
    legal_representative = text(_l("Người đại diện theo pháp luật"), max_length=200, needed=False)
    founded_on = DayField(_l("Ngày thành lập"), [Optional()])
    member_count = IntegerField(_l("Số thành viên"), [Optional(), NumberRange(min=0, max=10_000_000)])
    address = text(_l("Địa chỉ"), max_length=300, needed=False)
    phone = text(_l("Điện thoại"), max_length=30, needed=False)
    email = StringField(_l("Email"), [Optional(), Email(message=_l("Email không hợp lệ."))])
    citizen_id = text(_l("Số CCCD (thành viên cá nhân)"), max_length=12, needed=False)
    date_of_birth = DayField(_l("Ngày sinh (thành viên cá nhân)"), [Optional()])
    member_of = IntegerField(_l("Mã khách hàng của HTX mà thành viên tham gia"), [Optional(), NumberRange(min=1)])
    group_name = text(_l("Tên tổ hợp tác"), max_length=200, needed=False)
    is_enterprise = BooleanField(_l("Thành viên là doanh nghiệp"))
    related_group_id = choice(_l("Nhóm người có liên quan"), [], needed=False)

    def fill_choices(self) -> None:
        groups = db().scalars(select(RelatedGroup).order_by(RelatedGroup.name)).all()
        self.related_group_id.choices = [("", _l("— không —"))] + [(str(g.id), g.name) for g in groups]

    def service_values(self) -> dict:
        values = {name: self[name].data for name in FIELDS}
        values["related_group_id"] = int(values["related_group_id"]) if values["related_group_id"] else None
        for name in ("district", "registration_no", "tax_code", "legal_representative", "address", "phone", "email",
                     "citizen_id", "group_name"):
            values[name] = values[name] or None
        return values


@blp.get("/borrowers", endpoint="borrowers")
@page(*STAFF)
def borrowers_list():
    args = request.args
    kind = args.get("kind") if args.get("kind") in {k.value for k in BorrowerKind} else None
    sector = args.get("sector") if args.get("sector") in {s.value for s in Sector} else None
    query = borrowers.borrower_query(viewer=current_user(), name=args.get("name") or None,
                                     commune=args.get("commune") or None, kind=kind, sector=sector)
    return render_template("console/borrowers.html", result=page_of(query), kinds=KINDS, sectors=SECTORS)



@blp.get("/borrowers/<id:borrower_id>")
@page(*STAFF)
def borrower(borrower_id: int):
    session = db()
    record = borrowers.get_borrower(session, borrower_id, viewer=current_user())
    position = fund.position(session, settings=current_app.config)
    own = exposure.borrower_exposure(session, record.id)
    group = exposure.group_exposure(session, record.related_group_id) if record.related_group_id else None
    group_name = session.get(RelatedGroup, record.related_group_id).name if record.related_group_id else None
    its_loans = session.scalars(loans.loan_query(viewer=current_user(), borrower_id=record.id)).all()
    its_applications = session.scalars(applications.application_query(viewer=current_user(),
                                                                      borrower_id=record.id)).all()
    member_of = session.get(Borrower, record.member_of_id) if record.member_of_id else None
    return render_template("console/borrower.html", borrower=record, own=own, group=group, group_name=group_name,
                           position=position, loans=its_loans, applications=its_applications, member_of=member_of)


def _form_page(form: BorrowerForm, *, record: Borrower | None):
    form.fill_choices()
    if request.method == "POST" and form.validate_on_submit():
        try:
            if record is None:
                record = borrowers.create_borrower(db(), today=today(), **form.service_values())
            else:
                record = borrowers.update_borrower(db(), record.id, today=today(), **form.service_values())
            return redirect(url_for("console.borrower", borrower_id=record.id), code=303)
        except DomainError as error:
            show_refusal(form, error)
    status = 422 if request.method == "POST" else 200
    return render_template("console/borrower_form.html", form=form, record=record), status


@blp.route("/borrowers/new", methods=["GET", "POST"])
@page(Role.OFFICER)
def borrower_new():
    return _form_page(BorrowerForm(), record=None)


@blp.route("/borrowers/<id:borrower_id>/edit", methods=["GET", "POST"])
@page(Role.OFFICER)
def borrower_edit(borrower_id: int):
    record = borrowers.get_borrower(db(), borrower_id, viewer=current_user())
    form = BorrowerForm(obj=None if request.method == "POST" else record)
    if request.method == "GET":
        form.member_of.data = record.member_of_id
        form.kind.data, form.sector.data = record.kind.value, record.sector.value
        form.related_group_id.data = str(record.related_group_id or "")
    return _form_page(form, record=record)
