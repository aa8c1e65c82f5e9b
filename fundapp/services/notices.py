"""Notices (thông báo) issued by end of day: reminders, overdue notices, debt-group changes.

Each notice has an ``event_key`` naming the event it reports (the loan, the due date or overdue
transfer date, the day count), so processing a day again, or a catch-up run, never issues two.
Email goes out after the day's transaction commits (``fundapp.jobs.mailer``).
"""
from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import Borrower, Loan, Notice
from ..domain import notices as texts
from ..domain.loan_state import LoanState
from ..domain.money import interest_for

DEFAULT_REMINDER_DAYS = 7
DEFAULT_OVERDUE_DAYS = (1, 10, 30)


def reminder_days(settings: dict) -> int:
    """How many days before a due date the reminder goes out (setting ``NOTICE_REMINDER_DAYS``)."""
    return int(settings.get("NOTICE_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def overdue_days(settings: dict) -> tuple[int, ...]:
    """The days past due on which an overdue notice goes out (setting ``NOTICE_OVERDUE_DAYS``)."""
    return tuple(settings.get("NOTICE_OVERDUE_DAYS", DEFAULT_OVERDUE_DAYS))


def _notice(*, key: str, kind: str, loan: Loan, borrower: Borrower, day: date, text: texts.NoticeText,
            figures: dict) -> dict:
    return dict(event_key=key, kind=kind, borrower_id=loan.borrower_id, loan_id=loan.id, business_date=day,
                subject=text.subject, body=text.body, figures=figures, email_to=borrower.email or None,
                created_at=now_utc())


def _write(session: Session, notices: list[dict], *, day: date) -> dict:
    """Add the notices whose event has none yet (the same event never gives two: ``event_key`` is
    unique, and the database skips a key already there), in one statement; counted by kind as what
    the day's notices grew by. A notice is its own record (who, what, when), so the audit trail
    does not copy it."""
    unique = list({notice["event_key"]: notice for notice in reversed(notices)}.values())[::-1]  # first of each
    before = _issued_on(session, day)
    if unique:
        insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[session.get_bind().dialect.name]
        session.execute(insert(Notice).on_conflict_do_nothing(index_elements=["event_key"]), unique)
    after = _issued_on(session, day) if unique else before
    return {kind: after.get(kind, 0) - before.get(kind, 0) for kind in ("reminder", "overdue", "group_worsened")}


def _issued_on(session: Session, day: date) -> dict[str, int]:
    return dict(session.execute(select(Notice.kind, func.count()).where(Notice.business_date == day)
                                .group_by(Notice.kind)).all())


def _reminder(*, loan: Loan, borrower: Borrower, day: date, due_date: date, principal: int, interest_accrued: int,
              principal_not_yet_due: int) -> dict:
    # Interest to that date on today's principal not yet due, plus what is accrued (§5 step 3).
    interest = interest_accrued + interest_for(principal_not_yet_due * (due_date - day).days, loan.annual_rate)
    return _notice(key=f"reminder:{loan.id}:{due_date.isoformat()}", kind="reminder", loan=loan, borrower=borrower,
                   day=day, figures={"due_date": due_date.isoformat(), "principal": principal, "interest": interest,
                                     "total": principal + interest},
                   text=texts.reminder(borrower=borrower.name, contract_no=loan.contract_no, due_date=due_date,
                                       principal=principal, interest=interest))


def _planned_on(state: LoanState, due: date):
    """The plan date ``due`` (after today): nothing of it is paid yet (payments pay what has fallen
    due; a prepayment lowers the planned principal itself), so its principal is what will be owed."""
    return next((planned for planned in state.plan if planned.due_date == due), None)


def issue(session: Session, *, day: date, settings: dict, states: dict[int, LoanState],
          previous_groups: dict[int, int], reminders: Collection, loans: Collection[Loan], among) -> dict:
    """The day's notices for the loans replayed (``states``: their ``loans``, whose ids ``among``
    selects) and the reminders of the loans advanced in bulk (``daily_accrual.Reminder``: their
    figures and names come from the carry)."""
    days_ahead, days_past_due = reminder_days(settings), overdue_days(settings)
    pending: list[dict] = []
    loans = {loan.id: loan for loan in loans}
    borrowers = {}
    if states:
        borrowers = {b.id: b for b in session.scalars(select(Borrower).where(
            Borrower.id.in_(select(Loan.borrower_id).where(Loan.id.in_(among)))))}
    for r in reminders:
        loan = SimpleNamespace(id=r.loan_id, borrower_id=r.borrower_id, contract_no=r.contract_no,
                               annual_rate=r.annual_rate)
        pending.append(_reminder(loan=loan, borrower=SimpleNamespace(name=r.borrower_name, email=r.borrower_email),
                                 day=day, due_date=r.due_date, principal=r.principal,
                                 interest_accrued=r.interest_accrued, principal_not_yet_due=r.principal_not_yet_due))
    for loan in (loans[loan_id] for loan_id in sorted(states)):
        state, borrower = states[loan.id], borrowers[loan.borrower_id]
        balance = state.balance
        if state.closed_on or balance.principal_outstanding == 0:
            continue
        target = day + timedelta(days=days_ahead)
        planned = _planned_on(state, target)
        if planned is not None:
            pending.append(_reminder(loan=loan, borrower=borrower, day=day, due_date=target,
                                     principal=planned.principal,
                                     interest_accrued=balance.interest_accrued,
                                     principal_not_yet_due=balance.principal_not_yet_due))
        if balance.days_past_due in days_past_due and balance.overdue_since:
            figures = {"days_past_due": balance.days_past_due, "overdue_since": balance.overdue_since.isoformat(),
                       "principal_overdue": balance.principal_overdue, "interest_overdue": balance.interest_overdue,
                       "penalty_interest": balance.penalty_interest, "late_interest": balance.late_interest,
                       "overdue_rate": str(loan.annual_rate * Decimal(loan.overdue_rate_factor))}
            figures["total"] = sum(figures[k] for k in ("principal_overdue", "interest_overdue", "penalty_interest",
                                                        "late_interest"))
            pending.append(_notice(
                    key=f"overdue:{loan.id}:{balance.overdue_since.isoformat()}:{balance.days_past_due}",
                    kind="overdue", loan=loan, borrower=borrower, day=day, figures=figures,
                    text=texts.overdue(borrower=borrower.name, contract_no=loan.contract_no,
                                       days_past_due=balance.days_past_due, overdue_since=balance.overdue_since,
                                       principal_overdue=balance.principal_overdue,
                                       interest_overdue=balance.interest_overdue,
                                       penalty_interest=balance.penalty_interest, late_interest=balance.late_interest,
                                       overdue_rate=loan.annual_rate * Decimal(loan.overdue_rate_factor),
                                       late_interest_rate=loan.late_interest_rate)))
        before = previous_groups.get(loan.id, 1)
        if loan.cached_debt_group > before:
            pending.append(_notice(
                    key=f"group:{loan.id}:{day.isoformat()}:{loan.cached_debt_group}", kind="group_worsened",
                    loan=loan, borrower=borrower, day=day,
                    figures={"old_group": before, "new_group": loan.cached_debt_group,
                             "days_past_due": balance.days_past_due},
                    text=texts.group_worsened(borrower=borrower.name, contract_no=loan.contract_no, old_group=before,
                                              new_group=loan.cached_debt_group, days_past_due=balance.days_past_due)))
    counts = _write(session, pending, day=day)
    session.flush()
    return counts
