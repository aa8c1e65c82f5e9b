"""The transitions of a loan application: submit, appraise, approve (which creates the loan),
reject, withdraw. A wrong state is 409, a decider who created or appraised it 403, a broken
condition 422 listing every failed rule with its figures."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import current_user, roles
from ..clock import today
from ..db.models import Role
from ..services import applications as service
from ..services import approval
from ..unit_of_work import db
from .application_schemas import ApplicationDetail, AppraiseIn, ApprovedOut, ApproveIn, RejectIn, WithdrawIn
from .applications import as_dict

PREFIX = "/loan-applications"
blp = Blueprint("loan_application_actions", __name__,
                description="Nộp, thẩm định, phê duyệt / submit, appraise, decide")


@blp.route("/<id:application_id>/submit")
class Submit(MethodView):
    @roles(Role.OFFICER, Role.BORROWER)
    @blp.response(200, ApplicationDetail)
    def post(self, application_id):
        """Draft → submitted, once the borrower, the amount, term and grace, own capital, the fund's
        capital and the 15% / 25% limits allow it."""
        application = service.submit(db(), application_id, viewer=current_user(), today=today(),
                                     settings=current_app.config)
        return as_dict(application, with_events=True)


@blp.route("/<id:application_id>/appraise")
class Appraise(MethodView):
    @roles(Role.OFFICER)
    @blp.arguments(AppraiseIn)
    @blp.response(200, ApplicationDetail)
    def post(self, data, application_id):
        """Submitted → appraised: recommendation, proposed amount / term / grace, the bad-debt check at
        credit institutions, collateral and notes."""
        application = service.appraise(db(), application_id, viewer=current_user(), today=today(), **data)
        return as_dict(application, with_events=True)


@blp.route("/<id:application_id>/approve")
class Approve(MethodView):
    @roles(Role.APPROVER)
    @blp.arguments(ApproveIn)
    @blp.response(201, ApprovedOut)
    def post(self, data, application_id):
        """Appraised → approved: every condition is checked again with today's figures, and the loan is
        created with its contract number, the product version and the approved terms."""
        loan = approval.approve(db(), application_id, viewer=current_user(), today=today(),
                                settings=current_app.config, **data)
        return {"loan_id": loan.id, "status": loan.status.value, "contract_no": loan.contract_no,
                "application_id": loan.application_id, "borrower_id": loan.borrower_id, "product_id": loan.product_id,
                "amount": loan.amount, "annual_rate": str(loan.annual_rate), "term_months": loan.term_months,
                "grace_months": loan.grace_months, "approved_on": loan.approved_on, "decision_no": loan.decision_no}


@blp.route("/<id:application_id>/reject")
class Reject(MethodView):
    @roles(Role.APPROVER)
    @blp.arguments(RejectIn)
    @blp.response(200, ApplicationDetail)
    def post(self, data, application_id):
        """Appraised → rejected, with the reason."""
        application = service.reject(db(), application_id, viewer=current_user(), reason=data["reason"])
        return as_dict(application, with_events=True)


@blp.route("/<id:application_id>/withdraw")
class Withdraw(MethodView):
    @roles(Role.OFFICER, Role.BORROWER)
    @blp.arguments(WithdrawIn, required=False)
    @blp.response(200, ApplicationDetail)
    def post(self, data, application_id):
        """Withdrawn by the borrower (or an officer for it), any time before a decision."""
        application = service.withdraw(db(), application_id, viewer=current_user(), reason=(data or {}).get("reason", ""))
        return as_dict(application, with_events=True)
