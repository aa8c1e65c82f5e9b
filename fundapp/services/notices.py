"""Notices (thông báo) issued by end of day: reminders, overdue notices, debt-group changes.

Each notice has an ``event_key`` naming the event it reports (the loan, the due date or overdue
transfer date, the day count), so processing a day again, or a catch-up run, never issues two.
Email goes out after the day's transaction commits (``fundapp.jobs.mailer``).
"""
from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import Borrower, Loan, Notice
from ..domain import notices as texts
from ..domain.loan_state import InstallmentStatus, LoanState
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


def _write(session: Session, notices: list[dict]) -> dict:
    """Add the notices whose event has none yet (the same event never gives two), with one look-up
    per thousand, in one statement: a notice is its own record (who, what, when), so the audit
    trail does not copy it."""
    keys = [notice["event_key"] for notice in notices]
    issued: set[str] = set()
    for start in range(0, len(keys), 1000):
        issued |= set(session.scalars(select(Notice.event_key).where(Notice.event_key.in_(keys[start:start + 1000]))))
    counts = {"reminder": 0, "overdue": 0, "group_worsened": 0}
    new = []
    for notice in notices:
        if notice["event_key"] not in issued:
            issued.add(notice["event_key"])
            new.append(notice)
            counts[notice["kind"]] += 1
    if new:
        session.execute(insert(Notice), new)
    return counts


def _reminder(*, loan: Loan, borrower: Borrower, day: date, due_date: date, principal: int, interest_accrued: int,
              principal_not_yet_due: int) -> dict:
    # Interest to that date on today's principal not yet due, plus what is accrued (§5 step 3).
    interest = interest_accrued + interest_for(principal_not_yet_due * (due_date - day).days, loan.annual_rate)
    return _notice(key=f"reminder:{loan.id}:{due_date.isoformat()}", kind="reminder", loan=loan, borrower=borrower,
                   day=day, figures={"due_date": due_date.isoformat(), "principal": principal, "interest": interest,
                                     "total": principal + interest},
                   text=texts.reminder(borrower=borrower.name, contract_no=loan.contract_no, due_date=due_date,
                                       principal=principal, interest=interest))


def _next_instalment(state: LoanState, due: date):
    return next((row for row in state.installments if row.due_date == due
                 and row.status is not InstallmentStatus.PAID), None)


def issue(session: Session, *, day: date, settings: dict, states: dict[int, LoanState],
          previous_groups: dict[int, int], reminders: Collection = ()) -> dict:
    """The day's notices for the loans replayed (``states``) and the reminders of the loans advanced
    in bulk (``daily_accrual.Reminder``: their figures come from the carry)."""
    days_ahead, days_past_due = reminder_days(settings), overdue_days(settings)
    pending: list[dict] = []
    wanted = set(states) | {r.loan_id for r in reminders}
    loans = {loan.id: loan for loan in _loans(session, wanted)}
    borrower_ids = sorted({loan.borrower_id for loan in loans.values()})
    borrowers = {b.id: b for start in range(0, len(borrower_ids), 1000)
                 for b in session.scalars(select(Borrower).where(Borrower.id.in_(borrower_ids[start:start + 1000])))}
    for r in reminders:
        loan = loans[r.loan_id]
        pending.append(_reminder(loan=loan, borrower=borrowers[loan.borrower_id], day=day, due_date=r.due_date,
                                 principal=r.principal, interest_accrued=r.interest_accrued,
                                 principal_not_yet_due=r.principal_not_yet_due))
    for loan in (loans[loan_id] for loan_id in sorted(states)):
        state, borrower = states[loan.id], borrowers[loan.borrower_id]
        balance = state.balance
        if state.closed_on or balance.principal_outstanding == 0:
            continue
        target = day + timedelta(days=days_ahead)
        row = _next_instalment(state, target)
        if row is not None:
            pending.append(_reminder(loan=loan, borrower=borrower, day=day, due_date=target,
                                     principal=row.principal - row.paid_principal,
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
    counts = _write(session, pending)
    session.flush()
    return counts


def _loans(session: Session, ids: set[int]) -> list[Loan]:
    ordered, found = sorted(ids), []
    for start in range(0, len(ordered), 1000):
        found += session.scalars(select(Loan).where(Loan.id.in_(ordered[start:start + 1000])))
    return found
