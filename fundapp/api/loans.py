"""Loans: lists, one loan, its balance as of a date, schedule, statement, payoff quote, and the
money that moves on it (disbursements, repayments). A borrower user sees only its own loans; any
other id is 404, never 403 (api.md)."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import EVERYONE, current_user, roles
from ..clock import today
from ..db.models import Role
from ..services import disbursements, loan_views, loans, repayments
from ..unit_of_work import db
from .common import idempotent, paginate
from .loan_schemas import (BalanceArgs, DisbursementOut, LoanBalanceOut, LoanFilter, LoanMoneyIn, LoanOut, LoanPage,
                           LoanScheduleOut, LoanStatementOut, PayoffQuoteArgs, PayoffQuoteOut, RepaymentOut,
                           StatementArgs)

PREFIX = "/loans"
blp = Blueprint("loans", __name__, description="Khoản vay / loans")


def _loan(loan_id: int):
    return loans.get_loan(db(), loan_id, viewer=current_user())


@blp.route("")
class Loans(MethodView):
    @roles(*EVERYONE)
    @blp.arguments(LoanFilter, location="query")
    @blp.response(200, LoanPage)
    def get(self, args):
        """Loans, newest first, filtered by status and borrower (a borrower user: only its own)."""
        query = loans.loan_query(viewer=current_user(), status=args.get("status"), borrower_id=args.get("borrower_id"))
        return paginate(query, args, lambda row: row)


@blp.route("/<id:loan_id>")
class OneLoan(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, LoanOut)
    def get(self, loan_id):
        """One loan: its approved terms, status, dates and latest booked position."""
        return _loan(loan_id)


@blp.route("/<id:loan_id>/balance")
class Balance(MethodView):
    @roles(*EVERYONE)
    @blp.arguments(BalanceArgs, location="query")
    @blp.response(200, LoanBalanceOut)
    def get(self, args, loan_id):
        """What the borrower owes as of a date (after that day's payments), from the first disbursement
        to today; ``debt_group`` is the borrower's worst group (domain.md §5, §6)."""
        now = today()
        return loan_views.balance_view(db(), _loan(loan_id), as_of=args.get("as_of") or now, today=now)


@blp.route("/<id:loan_id>/schedule")
class Schedule(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, LoanScheduleOut)
    def get(self, loan_id):
        """The repayment schedule with each instalment's paid and unpaid parts and status; before the
        first disbursement, the schedule it would have if disbursed today."""
        return loan_views.schedule_view(db(), _loan(loan_id), today=today())


@blp.route("/<id:loan_id>/statement")
class Statement(MethodView):
    @roles(*EVERYONE)
    @blp.arguments(StatementArgs, location="query")
    @blp.response(200, LoanStatementOut)
    def get(self, args, loan_id):
        """Every transaction from ``from`` to ``to`` with the principal outstanding after it."""
        return loan_views.statement_view(db(), _loan(loan_id), start=args.get("start"), end=args.get("end"),
                                         today=today())


@blp.route("/<id:loan_id>/payoff-quote")
class PayoffQuote(MethodView):
    @roles(*EVERYONE)
    @blp.arguments(PayoffQuoteArgs, location="query")
    @blp.response(200, PayoffQuoteOut)
    def get(self, args, loan_id):
        """The amount that closes the loan on a date, assuming no other payment is recorded."""
        return loan_views.payoff_view(db(), _loan(loan_id), on=args.get("on") or today())


@blp.route("/<id:loan_id>/disbursements")
class Disbursements(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, DisbursementOut(many=True))
    def get(self, loan_id):
        """The loan's disbursements (tranches), in recording order."""
        return disbursements.list_disbursements(db(), _loan(loan_id))

    @roles(Role.ACCOUNTANT)
    @idempotent
    @blp.arguments(LoanMoneyIn)
    @blp.response(201, DisbursementOut)
    def post(self, data, loan_id):
        """Disburse the loan, whole or a tranche: value date not in the future nor before approval; the
        first needs the recorded bad-debt check; the fund's capital not yet lent must cover it."""
        return disbursements.disburse(db(), loan_id=loan_id, **data, recorded_by=current_user().id, today=today(),
                                      settings=current_app.config)


@blp.route("/<id:loan_id>/repayments")
class Repayments(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, RepaymentOut(many=True))
    def get(self, loan_id):
        """The loan's repayments with the amount applied to each part (as the loan now stands)."""
        return repayments.list_repayments(db(), _loan(loan_id), today=today())

    @roles(Role.ACCOUNTANT)
    @idempotent
    @blp.arguments(LoanMoneyIn)
    @blp.response(201, RepaymentOut)
    def post(self, data, loan_id):
        """Record a repayment with its value date; answers the amount applied to each part (domain.md
        §5). Above the payoff amount: 422 naming ``payoff_amount``."""
        return repayments.record_repayment(db(), loan_id=loan_id, **data, recorded_by=current_user().id,
                                           today=today())
