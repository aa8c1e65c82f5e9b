"""Decisions on a loan after disbursement: write-off on the Risk Council's decision and recoveries
afterwards, early recall by decision, and officers' post-disbursement monitoring checks."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import EVERYONE, STAFF, current_user, roles
from ..clock import today
from ..db.models import Role
from ..services import loans, monitoring, write_off
from ..unit_of_work import db
from .common import idempotent
from .loan_action_schemas import (MonitoringCheckIn, MonitoringCheckOut, RecallIn, RecallOut, RecoveryListOut,
                                  RecoveryOut, WriteOffIn, WriteOffOut)
from .loan_schemas import LoanMoneyIn

PREFIX = "/loans"
blp = Blueprint("loan_actions", __name__, description="Xử lý rủi ro, thu hồi trước hạn, kiểm tra sau cho vay")


@blp.route("/<id:loan_id>/write-off")
class WriteOff(MethodView):
    @roles(Role.APPROVER)
    @blp.arguments(WriteOffIn)
    @blp.response(201, WriteOffOut)
    def post(self, data, loan_id):
        """Write the loan off on the Risk Council's decision: principal and interest leave the balance
        sheet for memo accounts, the loss is met by the specific provision held, the rest is expense."""
        return write_off.write_off(db(), loan_id=loan_id, **data, recorded_by=current_user().id, today=today())


@blp.route("/<id:loan_id>/recoveries")
class Recoveries(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, RecoveryListOut(many=True))
    def get(self, loan_id):
        """Money collected after the write-off, each with the parts it paid."""
        return write_off.recoveries_of(db(), loans.get_loan(db(), loan_id, viewer=current_user()), today=today())

    @roles(Role.ACCOUNTANT)
    @idempotent
    @blp.arguments(LoanMoneyIn)
    @blp.response(201, RecoveryOut)
    def post(self, data, loan_id):
        """Record money collected on a written-off loan: applied like a repayment, it reduces the memo
        and is recovery income."""
        return write_off.record_recovery(db(), loan_id=loan_id, **data, recorded_by=current_user().id, today=today())


@blp.route("/<id:loan_id>/recall")
class Recall(MethodView):
    @roles(Role.APPROVER)
    @blp.arguments(RecallIn)
    @blp.response(201, RecallOut)
    def post(self, data, loan_id):
        """Recall the loan early by decision: all principal falls due on ``value_date``; the borrower
        gets a notice."""
        return monitoring.recall(db(), loan_id=loan_id, **data, recorded_by=current_user().id, today=today())


@blp.route("/<id:loan_id>/monitoring-checks")
class MonitoringChecks(MethodView):
    @roles(*STAFF)
    @blp.response(200, MonitoringCheckOut(many=True))
    def get(self, loan_id):
        """The loan's post-disbursement checks, in date order."""
        return monitoring.checks_of(db(), loan_id, viewer=current_user())

    @roles(Role.OFFICER)
    @blp.arguments(MonitoringCheckIn)
    @blp.response(201, MonitoringCheckOut)
    def post(self, data, loan_id):
        """Record a check on the use of the loan (kiểm tra sau cho vay)."""
        return monitoring.record_check(db(), loan_id=loan_id, **data, checked_by=current_user(), today=today())
