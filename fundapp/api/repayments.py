"""One repayment, and its reversal (by another user than the one who recorded it, once)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import EVERYONE, current_user, roles
from ..clock import today
from ..db.models import Role
from ..services import repayments
from ..unit_of_work import db
from .common import idempotent
from .loan_schemas import RepaymentOut, ReversalIn, ReversalOut

PREFIX = "/repayments"
blp = Blueprint("repayments", __name__, description="Thu nợ / repayments")


@blp.route("/<id:repayment_id>")
class OneRepayment(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, RepaymentOut)
    def get(self, repayment_id):
        """One repayment with the amount applied to each part (a borrower user: only its own)."""
        return repayments.get_repayment(db(), repayment_id, viewer=current_user(), today=today())


@blp.route("/<id:repayment_id>/reversal")
class Reversal(MethodView):
    @roles(Role.ACCOUNTANT)
    @idempotent
    @blp.arguments(ReversalIn)
    @blp.response(201, ReversalOut)
    def post(self, data, repayment_id):
        """Reverse a repayment: the loan becomes exactly as if it had never been recorded. By another
        user than the one who recorded it (403), once (409)."""
        return repayments.reverse_repayment(db(), repayment_id=repayment_id, reason=data["reason"],
                                            recorded_by=current_user().id, today=today())
