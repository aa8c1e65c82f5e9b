"""Papers to download, for the console and the portal alike: the loan contract, a debt receipt per
disbursement, a receipt per repayment, the statement for a chosen range (as a page and as PDF),
and each notice as a printable letter. The same calls as ``api.loan_documents`` and
``api.notices``; the services check reach, so a cooperative asking for another's paper gets 404."""
from __future__ import annotations

from flask import Response, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from wtforms.validators import Optional

from ..clock import today
from ..db.models import Loan, User
from ..domain.errors import DomainError
from ..exports.letters import notice_letter
from ..services import loan_documents, loan_views, notice_views
from ..unit_of_work import db
from .forms import DayField, Form, show_refusal


def pdf(paper: tuple[bytes, str]) -> Response:
    content, filename = paper
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


def _fund() -> str:
    return current_app.config["FUND_NAME"]


def contract(loan_id: int, viewer: User) -> Response:
    return pdf(loan_documents.contract(db(), loan_id, viewer=viewer, today=today(), fund_name=_fund()))


def debt_receipt(loan_id: int, disbursement_id: int, viewer: User) -> Response:
    return pdf(loan_documents.debt_receipt(db(), loan_id, disbursement_id, viewer=viewer, fund_name=_fund()))


def receipt(repayment_id: int, viewer: User) -> Response:
    return pdf(loan_documents.receipt(db(), repayment_id, viewer=viewer, today=today(), fund_name=_fund()))


def letter(notice_id: int, viewer: User) -> Response:
    notice = notice_views.get_notice(db(), notice_id, viewer=viewer)
    content = notice_letter(fund_name=_fund(), subject=notice.subject, body=notice.body,
                            business_date=notice.business_date, total=(notice.figures or {}).get("total"))
    return pdf((content, f"thong-bao-{notice.id}.pdf"))


class StatementForm(Form):
    """The range of a statement (a GET form: no CSRF token, nothing is changed)."""

    class Meta:
        csrf = False

    start = DayField(_l("Từ ngày"), [Optional()], description=_l("Để trống: từ ngày giải ngân đầu tiên"))
    end = DayField(_l("Đến ngày"), [Optional()], description=_l("Để trống: đến hôm nay"))


ALIASES = {"from": "start", "to": "end"}  # the service names the range as the API does


def statement(loan: Loan, viewer: User, *, template: str, as_pdf: bool, **extra):
    """The statement page for ``?start=&end=`` (dd/mm/yyyy), or its PDF; a range the service refuses
    is shown next to its field (422) and nothing is downloaded."""
    form = StatementForm(request.args)
    view = None
    if form.validate():
        try:
            if as_pdf:
                return pdf(loan_documents.statement(db(), loan.id, viewer=viewer, start=form.start.data,
                                                    end=form.end.data, today=today(), fund_name=_fund()))
            view = loan_views.statement_view(db(), loan, start=form.start.data, end=form.end.data, today=today())
        except DomainError as error:
            show_refusal(form, error, aliases=ALIASES)
    status = 200 if view is not None else 422
    return render_template(template, loan=loan, form=form, statement=view, **extra), status
