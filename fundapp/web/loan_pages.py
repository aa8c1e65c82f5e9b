"""What a loan page shows, for the console and the portal alike: the views of ``services.loan_views``
(the same calls as ``GET /loans/{id}/balance``, ``/schedule``, ``/statement``) and the money events.

``trial_repayment`` answers "how would this payment be applied?" by recording it inside a
savepoint with ``services.repayments.record_repayment`` (every check and the one allocation rule
included) and rolling the savepoint back: the preview cannot differ from what confirming records.
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from ..db.models import EventKind, Loan, LoanStatus, User
from ..domain.errors import DomainError
from ..services import disbursements, loan_views, loans, notice_views, repayments, write_off
from ..unit_of_work import db
from .formatting import parse_day
from .i18n import pick


def read_as_of(text: str | None, *, today: date) -> tuple[date, str | None]:
    """The date asked for (``dd/mm/yyyy``), or today with a message when it cannot be read."""
    if not text:
        return today, None
    try:
        return parse_day(text), None
    except (ValueError, TypeError):
        return today, str(_l("Ngày không hợp lệ: hãy nhập dd/mm/yyyy, ví dụ 30/06/2025."))


def next_instalment(schedule: dict, balance: dict | None) -> dict | None:
    """The instalment of the balance's ``next_due_date`` and what is still unpaid of it."""
    if not balance or balance.get("next_due_date") is None:
        return None
    for row in schedule["installments"]:
        if row["due_date"] == balance["next_due_date"]:
            return row
    return None


def loan_context(loan: Loan, *, as_of_text: str | None, today: date, viewer: User) -> dict:
    session = db()
    as_of, as_of_error = read_as_of(as_of_text, today=today)
    balance = balance_today = None
    if loan.disbursed_on is not None:
        try:
            balance = loan_views.balance_view(session, loan, as_of=as_of, today=today)
        except DomainError as error:
            as_of_error, as_of = pick(error.message), today
            balance = loan_views.balance_view(session, loan, as_of=today, today=today)
        balance_today = balance if as_of == today else loan_views.balance_view(session, loan, as_of=today,
                                                                               today=today)
    schedule = loan_views.schedule_view(session, loan, today=today)
    statement = loan_views.statement_view(session, loan, start=None, end=today, today=today) \
        if loan.disbursed_on is not None else None
    rows = loans.event_rows(session, loan.id)
    return {
        "loan": loan, "as_of": as_of, "as_of_error": as_of_error, "balance": balance, "balance_today": balance_today,
        "next": next_instalment(schedule, balance_today), "schedule": schedule, "statement": statement,
        "repayments": repayments.list_repayments(session, loan, today=today),
        "disbursements": disbursements.list_disbursements(session, loan),
        "restructurings": [row for row in rows if row.kind is EventKind.RESTRUCTURING],
        "recalled": next((row for row in rows if row.kind is EventKind.RECALL), None),
        "undisbursed": loan.amount - loan.disbursed_amount,
        "recoveries": write_off.recoveries_of(session, loan, today=today)
        if loan.status is LoanStatus.WRITTEN_OFF else [],
        "notices": session.scalars(notice_views.notice_query(viewer=viewer, loan_id=loan.id).limit(50)).all(),
    }


def trial_repayment(*, loan_id: int, amount: int, value_date: date, reference: str, recorded_by: int,
                    today: date) -> dict:
    """How the payment would be applied, or the service's refusal (raised as it would be)."""
    session = db()
    savepoint = session.begin_nested()
    try:
        return repayments.record_repayment(session, loan_id=loan_id, amount=amount, value_date=value_date,
                                           reference=reference, recorded_by=recorded_by, today=today)
    finally:
        savepoint.rollback()
