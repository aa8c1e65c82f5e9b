"""The cooperatives' portal (role ``borrower``): its own loans only, with the balance today and on a
chosen date, the next due date and amount in figures and words, the schedule and the payments, its
notices with their printable letters, and its papers as PDF (contract, debt receipts, receipts,
statements for a chosen range: ``web.papers``); it applies for a loan and follows the application. Every lookup goes through the services' scoped
queries, so another cooperative's loan or application is 404, exactly as in the API."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from ..clock import today
from ..db.models import Borrower, LoanProduct, Role
from ..domain.errors import DomainError
from ..services import applications, loans, notice_views
from ..unit_of_work import db
from . import papers
from .application_forms import ApplicationForm, ConfirmForm
from .console import page_of
from .errors import domain_status
from .forms import show_refusal
from .guard import current_user, page
from .loan_pages import loan_context

blp = Blueprint("portal", __name__, url_prefix="/portal")


@blp.get("")
@page(Role.BORROWER)
def home():
    viewer = current_user()
    own = db().scalars(loans.loan_query(viewer=viewer)).all()
    summaries = [loan_context(loan, as_of_text=None, today=today(), viewer=viewer) for loan in own]
    return render_template("portal/home.html", borrower=db().get(Borrower, viewer.borrower_id), summaries=summaries)


@blp.get("/loans/<id:loan_id>")
@page(Role.BORROWER)
def loan(loan_id: int):
    record = loans.get_loan(db(), loan_id, viewer=current_user())
    context = loan_context(record, as_of_text=request.args.get("as_of"), today=today(), viewer=current_user())
    return render_template("portal/loan.html", **context), 422 if context["as_of_error"] else 200


@blp.get("/applications", endpoint="applications")
@page(Role.BORROWER)
def applications_list():
    own = db().scalars(applications.application_query(viewer=current_user())).all()
    return render_template("portal/applications.html", items=own)


@blp.route("/applications/new", methods=["GET", "POST"])
@page(Role.BORROWER)
def application_new():
    viewer = current_user()
    form = ApplicationForm()
    form.fill_choices(borrower_id=viewer.borrower_id)
    form.borrower_id.data = viewer.borrower_id
    if request.method == "POST" and form.validate_on_submit():
        try:
            created = applications.create_application(db(), viewer=viewer, **form.service_values())
            return redirect(url_for("portal.application", application_id=created.id), code=303)
        except DomainError as error:
            show_refusal(form, error)
    return render_template("console/application_form.html", form=form, cancel_endpoint="portal.applications"), \
        422 if request.method == "POST" else 200


def _detail(found, *, status: int = 200, refusal: str | None = None):
    session = db()
    return render_template("portal/application.html", application=found,
                           borrower=session.get(Borrower, found.borrower_id),
                           product=session.get(LoanProduct, found.product_id),
                           loan=applications.loan_of(session, found), events=applications.events(session, found),
                           refusal=refusal, confirm_form=ConfirmForm(formdata=None)), status


@blp.get("/applications/<id:application_id>")
@page(Role.BORROWER)
def application(application_id: int):
    return _detail(applications.get_application(db(), application_id, viewer=current_user()))


@blp.post("/applications/<id:application_id>/submit")
@page(Role.BORROWER)
def application_submit(application_id: int):
    try:
        applications.submit(db(), application_id, viewer=current_user(), today=today(), settings=current_app.config)
    except DomainError as error:
        db().rollback()
        found = applications.get_application(db(), application_id, viewer=current_user())
        return _detail(found, status=domain_status(error), refusal=error.message)
    return redirect(url_for("portal.application", application_id=application_id), code=303)


@blp.get("/notices", endpoint="notices")
@page(Role.BORROWER)
def notices_list():
    """Its own notices, newest first, each with its printable letter."""
    result = page_of(notice_views.notice_query(viewer=current_user()))
    contracts = {loan.id: loan.contract_no for loan in db().scalars(loans.loan_query(viewer=current_user()))}
    return render_template("portal/notices.html", result=result, contracts=contracts, letter="portal.notice_letter")


@blp.get("/notices/<id:notice_id>/letter.pdf")
@page(Role.BORROWER)
def notice_letter(notice_id: int):
    return papers.letter(notice_id, current_user())


@blp.get("/loans/<id:loan_id>/contract.pdf")
@page(Role.BORROWER)
def loan_contract(loan_id: int):
    return papers.contract(loan_id, current_user())


@blp.get("/loans/<id:loan_id>/disbursements/<id:disbursement_id>/debt-receipt.pdf")
@page(Role.BORROWER)
def debt_receipt(loan_id: int, disbursement_id: int):
    return papers.debt_receipt(loan_id, disbursement_id, current_user())


@blp.get("/repayments/<id:repayment_id>/receipt.pdf")
@page(Role.BORROWER)
def receipt(repayment_id: int):
    return papers.receipt(repayment_id, current_user())


def _statement(loan_id: int, *, as_pdf: bool):
    record = loans.get_loan(db(), loan_id, viewer=current_user())
    return papers.statement(record, current_user(), template="statement.html", as_pdf=as_pdf, borrower=None,
                            back="portal.loan", here="portal.loan_statement", download="portal.loan_statement_pdf")


@blp.get("/loans/<id:loan_id>/statement")
@page(Role.BORROWER)
def loan_statement(loan_id: int):
    """The statement for a chosen range, on the page and as PDF."""
    return _statement(loan_id, as_pdf=False)


@blp.get("/loans/<id:loan_id>/statement.pdf")
@page(Role.BORROWER)
def loan_statement_pdf(loan_id: int):
    return _statement(loan_id, as_pdf=True)
