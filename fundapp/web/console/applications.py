"""Loan applications in the console: list, create, submit, appraise (with collateral), approve or
reject with the eligibility results shown rule by rule (``services.applications``, ``approval``,
``eligibility``: the same calls as ``api.applications`` and ``api.application_actions``)."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for

from ...auth import STAFF
from ...clock import today
from ...db.models import ApplicationStatus, Borrower, LoanProduct, Role
from ...domain.errors import DomainError
from ...services import applications, approval, eligibility
from ...unit_of_work import db
from ..application_forms import AppraiseForm, ApplicationForm, ConfirmForm, DecisionForm, RejectForm
from ..errors import domain_status
from ..forms import show_refusal
from ..guard import current_user, page
from . import blp, page_of


def conditions(application) -> dict:
    """Every condition with today's figures: those of submission before appraisal, all after
    (as ``GET /loan-applications/{id}/eligibility``)."""
    stage = "submission" if application.recommendation is None else "approval"
    results = eligibility.check(db(), application, today=today(), settings=current_app.config, stage=stage)
    return {"stage": stage, "eligible": all(r.passed for r in results), "rules": results}


def detail_context(application) -> dict:
    session = db()
    try:
        schedule = applications.schedule(session, application.id, viewer=current_user(), today=today())
    except DomainError:
        schedule = None
    return {"application": application, "borrower": session.get(Borrower, application.borrower_id),
            "product": session.get(LoanProduct, application.product_id),
            "loan": applications.loan_of(session, application), "events": applications.events(session, application),
            "conditions": conditions(application) if application.status in (
                ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.APPRAISED) else None,
            "schedule": schedule}


def render_detail(application, *, status: int = 200, refusal: str | None = None, **forms):
    forms.setdefault("decision_form", DecisionForm(formdata=None))
    forms.setdefault("reject_form", RejectForm(formdata=None))
    forms.setdefault("confirm_form", ConfirmForm(formdata=None))
    return render_template("console/application.html", refusal=refusal, **detail_context(application),
                           **forms), status


@blp.get("/applications", endpoint="applications")
@page(*STAFF)
def applications_list():
    status = request.args.get("status")
    status = ApplicationStatus(status) if status in {s.value for s in ApplicationStatus} else None
    query = applications.application_query(viewer=current_user(), status=status)
    return render_template("console/applications.html", result=page_of(query), statuses=list(ApplicationStatus))


@blp.route("/applications/new", methods=["GET", "POST"])
@page(Role.OFFICER)
def application_new():
    form = ApplicationForm()
    form.fill_choices()
    if request.method == "GET" and request.args.get("borrower_id", "").isdigit():
        form.borrower_id.data = int(request.args["borrower_id"])
    if request.method == "POST" and form.validate_on_submit():
        try:
            created = applications.create_application(db(), viewer=current_user(), **form.service_values())
            return redirect(url_for("console.application", application_id=created.id), code=303)
        except DomainError as error:
            show_refusal(form, error)
    return render_template("console/application_form.html", form=form), 422 if request.method == "POST" else 200


@blp.get("/applications/<id:application_id>")
@page(*STAFF)
def application(application_id: int):
    return render_detail(applications.get_application(db(), application_id, viewer=current_user()))


@blp.post("/applications/<id:application_id>/submit")
@page(Role.OFFICER)
def application_submit(application_id: int):
    try:
        applications.submit(db(), application_id, viewer=current_user(), today=today(), settings=current_app.config)
    except DomainError as error:
        db().rollback()
        found = applications.get_application(db(), application_id, viewer=current_user())
        return render_detail(found, status=domain_status(error), refusal=error.message)
    return redirect(url_for("console.application", application_id=application_id), code=303)


@blp.route("/applications/<id:application_id>/appraise", methods=["GET", "POST"])
@page(Role.OFFICER)
def application_appraise(application_id: int):
    found = applications.get_application(db(), application_id, viewer=current_user())
    form = AppraiseForm()
    if request.method == "GET":
        form.amount.data, form.term_months.data = found.amount, found.term_months
        form.grace_months.data = found.grace_months
    if request.method == "POST" and form.validate_on_submit() and not form.has_row_errors():
        try:
            applications.appraise(db(), application_id, viewer=current_user(), today=today(), **form.service_values())
            return redirect(url_for("console.application", application_id=application_id), code=303)
        except DomainError as error:
            show_refusal(form, error)
    status = 422 if request.method == "POST" else 200
    return render_template("console/appraise.html", form=form, application=found,
                           borrower=db().get(Borrower, found.borrower_id)), status


@blp.post("/applications/<id:application_id>/approve")
@page(Role.APPROVER)
def application_approve(application_id: int):
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            loan = approval.approve(db(), application_id, viewer=current_user(), today=today(),
                                    settings=current_app.config, decision_no=form.decision_no.data,
                                    notes=form.notes.data or "")
            return redirect(url_for("console.loan", loan_id=loan.id), code=303)
        except DomainError as error:
            db().rollback()
            found = applications.get_application(db(), application_id, viewer=current_user())
            return render_detail(found, status=domain_status(error), refusal=error.message, decision_form=form)
    found = applications.get_application(db(), application_id, viewer=current_user())
    return render_detail(found, status=422, decision_form=form)


@blp.post("/applications/<id:application_id>/reject")
@page(Role.APPROVER)
def application_reject(application_id: int):
    form = RejectForm()
    if form.validate_on_submit():
        try:
            applications.reject(db(), application_id, viewer=current_user(), reason=form.reason.data)
            return redirect(url_for("console.application", application_id=application_id), code=303)
        except DomainError as error:
            db().rollback()
            found = applications.get_application(db(), application_id, viewer=current_user())
            return render_detail(found, status=domain_status(error), refusal=error.message, reject_form=form)
    found = applications.get_application(db(), application_id, viewer=current_user())
    return render_detail(found, status=422, reject_form=form)
