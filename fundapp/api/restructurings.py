"""Restructuring (cơ cấu lại thời hạn trả nợ): an officer requests, an approver who is not the
requester approves or rejects (403 for the requester, 409 once decided); the loan's plan history."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import EVERYONE, current_user, roles
from ..clock import today
from ..db.models import Role
from ..services import restructuring
from ..unit_of_work import db
from .loan_action_schemas import (ApproveRestructuringIn, PlanVersionOut, RejectRestructuringIn, RestructuringIn,
                                  RestructuringOut)

PREFIX = ""
blp = Blueprint("restructurings", __name__, description="Cơ cấu lại thời hạn trả nợ / restructuring")


@blp.route("/loans/<id:loan_id>/restructurings")
class LoanRestructurings(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, RestructuringOut(many=True))
    def get(self, loan_id):
        """The loan's restructuring requests, oldest first; an open one with the plan it would give today."""
        return restructuring.requests_of(db(), loan_id, viewer=current_user(), today=today())

    @roles(Role.OFFICER)
    @blp.arguments(RestructuringIn)
    @blp.response(201, RestructuringOut)
    def post(self, data, loan_id):
        """Ask for a rescheduling (dates move, maturity kept) or an extension (a later maturity), with the
        new dates and principal, or a rule: ``defer_months`` (reschedule) or ``new_maturity`` (extend)."""
        installments = data.pop("installments", None)
        if installments is not None:
            installments = [(row["due_date"], row["principal"]) for row in installments]
        return restructuring.request_restructuring(db(), loan_id=loan_id, **data, installments=installments,
                                                   requested_by=current_user().id, today=today())


@blp.route("/loans/<id:loan_id>/plans")
class PlanHistory(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, PlanVersionOut(many=True))
    def get(self, loan_id):
        """Every version of the repayment plan: the first disbursement's, then one per restructuring."""
        return restructuring.plan_history(db(), loan_id, viewer=current_user())


@blp.route("/restructurings/<id:request_id>")
class OneRestructuring(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, RestructuringOut)
    def get(self, request_id):
        return restructuring.get_request(db(), request_id, viewer=current_user(), today=today())


@blp.route("/restructurings/<id:request_id>/approve")
class ApproveRestructuring(MethodView):
    @roles(Role.APPROVER)
    @blp.arguments(ApproveRestructuringIn)
    @blp.response(200, RestructuringOut)
    def post(self, data, request_id):
        """Approve: the new plan takes effect from the effective date (the old one stays in history);
        an extension moves the maturity; debt-group floors follow (domain.md §6)."""
        return restructuring.approve(db(), request_id, **data, approved_by=current_user().id, today=today())


@blp.route("/restructurings/<id:request_id>/reject")
class RejectRestructuring(MethodView):
    @roles(Role.APPROVER)
    @blp.arguments(RejectRestructuringIn)
    @blp.response(200, RestructuringOut)
    def post(self, data, request_id):
        return restructuring.reject(db(), request_id, reason=data["reason"], rejected_by=current_user().id)
