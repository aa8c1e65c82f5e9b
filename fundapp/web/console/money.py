"""Money on a loan: disburse, record a repayment after a preview of how it will be applied, and
reverse a repayment (``services.disbursements`` and ``services.repayments``, as the API)."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from ...clock import today
from ...db.models import Borrower, Role
from ...domain.errors import DomainError
from ...services import loans, repayments
from ...services import disbursements as disbursement_service
from ...unit_of_work import db
from ..formatting import dong
from ..forms import DayField, DongField, Form, required, show_refusal, text
from ..guard import current_user, page
from ..loan_pages import trial_repayment
from . import blp


class MoneyForm(Form):
    amount = DongField(_l("Số tiền (đồng)"), [required()])
    value_date = DayField(_l("Ngày giá trị"), [required()])
    reference = text(_l("Số chứng từ"), max_length=200, needed=False)

    def service_values(self) -> dict:
        return {"amount": self.amount.data, "value_date": self.value_date.data, "reference": self.reference.data or ""}


class ReversalForm(Form):
    reason = text(_l("Lý do hủy"), max_length=2000, area=True)


def _page(template: str, record, form, *, status: int, **extra):
    borrower = db().get(Borrower, record.borrower_id)
    return render_template(template, loan=record, borrower=borrower, form=form, **extra), status


@blp.route("/loans/<id:loan_id>/disburse", methods=["GET", "POST"])
@page(Role.ACCOUNTANT)
def loan_disburse(loan_id: int):
    record = loans.get_loan(db(), loan_id, viewer=current_user())
    form = MoneyForm()
    if request.method == "GET":
        form.amount.data, form.value_date.data = record.amount - record.disbursed_amount, today()
        return _page("console/disburse.html", record, form, status=200)
    if form.validate_on_submit():
        try:
            done = disbursement_service.disburse(db(), loan_id=loan_id, **form.service_values(),
                                                 recorded_by=current_user().id, today=today(),
                                                 settings=current_app.config)
            flash(_l("Đã giải ngân %(amount)s.", amount=dong(done["amount"])), "success")
            return redirect(url_for("console.loan", loan_id=loan_id), code=303)
        except DomainError as error:
            db().rollback()
            show_refusal(form, error)
    return _page("console/disburse.html", loans.get_loan(db(), loan_id, viewer=current_user()), form, status=422)


@blp.route("/loans/<id:loan_id>/repay", methods=["GET", "POST"])
@page(Role.ACCOUNTANT)
def loan_repay(loan_id: int):
    """GET: the form. POST without ``confirm``: the preview. POST with ``confirm``: record it."""
    record = loans.get_loan(db(), loan_id, viewer=current_user())
    form = MoneyForm()
    if request.method == "GET":
        form.value_date.data = today()
        return _page("console/repay.html", record, form, status=200, preview=None)
    if form.validate_on_submit():
        values = form.service_values()
        try:
            if request.form.get("confirm") == "yes":
                done = repayments.record_repayment(db(), loan_id=loan_id, **values, recorded_by=current_user().id,
                                                   today=today())
                flash(_l("Đã ghi khoản trả nợ số %(id)s.", id=done["id"]), "success")
                return redirect(url_for("console.loan", loan_id=loan_id), code=303)
            preview = trial_repayment(loan_id=loan_id, **values, recorded_by=current_user().id, today=today())
            return _page("console/repay.html", record, form, status=200, preview=preview,
                         parts=repayments.PARTS)
        except DomainError as error:
            db().rollback()
            show_refusal(form, error)
    record = loans.get_loan(db(), loan_id, viewer=current_user())
    return _page("console/repay.html", record, form, status=422, preview=None)


@blp.route("/repayments/<id:repayment_id>/reverse", methods=["GET", "POST"])
@page(Role.ACCOUNTANT)
def repayment_reverse(repayment_id: int):
    item = repayments.get_repayment(db(), repayment_id, viewer=current_user(), today=today())
    record = loans.get_loan(db(), item["loan_id"], viewer=current_user())
    form = ReversalForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            repayments.reverse_repayment(db(), repayment_id=repayment_id, reason=form.reason.data,
                                         recorded_by=current_user().id, today=today())
            flash(_l("Đã hủy khoản trả nợ số %(id)s.", id=repayment_id), "success")
            return redirect(url_for("console.loan", loan_id=record.id), code=303)
        except DomainError as error:
            db().rollback()
            show_refusal(form, error)
            record = loans.get_loan(db(), item["loan_id"], viewer=current_user())
    status = 422 if request.method == "POST" else 200
    return _page("console/reverse.html", record, form, status=status, repayment=item)
