"""Loan applications (hồ sơ vay vốn): create, read, correct while a draft, and the schedule and
conditions they would have today. The transitions are in ``application_actions``, documents in
``application_documents``."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import EVERYONE, current_user, roles
from ..clock import today
from ..db.models import LoanApplication, Role
from ..services import applications as service
from ..services import eligibility
from ..unit_of_work import db
from .application_schemas import (ApplicationDetail, ApplicationFilter, ApplicationIn, ApplicationPage,
                                  ApplicationPatch, EligibilityOut)
from .common import paginate
from .schedules import ScheduleOut

PREFIX = "/loan-applications"
blp = Blueprint("loan_applications", __name__, description="Hồ sơ vay vốn / loan applications")


def as_dict(application: LoanApplication, *, with_events: bool = False) -> dict:
    """The application with its collateral, its loan once approved and, in detail, its events."""
    session = db()
    loan = service.loan_of(session, application)
    data = {column.key: getattr(application, column.key) for column in LoanApplication.__table__.columns}
    data.update(collateral=list(application.collateral), loan_id=loan.id if loan else None,
                contract_no=loan.contract_no if loan else None)
    if with_events:
        data["events"] = service.events(session, application)
    return data


@blp.route("")
class Applications(MethodView):
    @roles(*EVERYONE)
    @blp.arguments(ApplicationFilter, location="query")
    @blp.response(200, ApplicationPage)
    def get(self, args):
        """Applications, newest first, by status, borrower or product (a borrower user: its own)."""
        query = service.application_query(viewer=current_user(), status=args.get("status"),
                                          borrower_id=args.get("borrower_id"), product_id=args.get("product_id"))
        return paginate(query, args, as_dict)

    @roles(Role.OFFICER, Role.BORROWER)
    @blp.arguments(ApplicationIn)
    @blp.response(201, ApplicationDetail)
    def post(self, data):
        """Create a draft application (an officer for any borrower, a borrower user for itself)."""
        return as_dict(service.create_application(db(), viewer=current_user(), **data), with_events=True)


@blp.route("/<id:application_id>")
class OneApplication(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, ApplicationDetail)
    def get(self, application_id):
        """One application with its collateral, its loan once approved, and every transition (who, when)."""
        return as_dict(service.get_application(db(), application_id, viewer=current_user()), with_events=True)

    @roles(Role.OFFICER, Role.BORROWER)
    @blp.arguments(ApplicationPatch(partial=True))
    @blp.response(200, ApplicationDetail)
    def patch(self, data, application_id):
        """Correct a draft (409 once submitted)."""
        application = service.update_application(db(), application_id, viewer=current_user(), **data)
        return as_dict(application, with_events=True)


@blp.route("/<id:application_id>/schedule")
class ApplicationSchedule(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, ScheduleOut)
    def get(self, application_id):
        """The schedule as if disbursed today, on the appraised terms once appraised."""
        return service.schedule(db(), application_id, viewer=current_user(), today=today())


@blp.route("/<id:application_id>/eligibility")
class ApplicationEligibility(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, EligibilityOut)
    def get(self, application_id):
        """Every condition of Decree 45 Art. 20–23 with today's figures, passed or not: those of
        submission before appraisal, all of them after."""
        application = service.get_application(db(), application_id, viewer=current_user())
        stage = "submission" if application.recommendation is None else "approval"
        results = eligibility.check(db(), application, today=today(), settings=current_app.config, stage=stage)
        return {"stage": stage, "eligible": all(r.passed for r in results), "rules": [r.as_dict() for r in results]}
