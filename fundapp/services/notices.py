"""Notices (thông báo) issued by end of day: reminders, overdue notices, debt-group changes.

Each notice has an ``event_key`` naming the event it reports (the loan, the due date or overdue
transfer date, the day count), so processing a day again, or a catch-up run, never issues two.
Email goes out after the day's transaction commits (``fundapp.jobs.mailer``).
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
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


def _add(session: Session, *, key: str, kind: str, loan: Loan, borrower: Borrower, day: date,
         text: texts.NoticeText, figures: dict) -> bool:
    if session.scalar(select(Notice.id).where(Notice.event_key == key)):
        return False
    session.add(Notice(event_key=key, kind=kind, borrower_id=loan.borrower_id, loan_id=loan.id, business_date=day,
                       subject=text.subject, body=text.body, figures=figures, email_to=borrower.email or None,
                       created_at=now_utc()))
    return True


def _next_instalment(state: LoanState, due: date):
    return next((row for row in state.installments if row.due_date == due
                 and row.status is not InstallmentStatus.PAID), None)


def issue(session: Session, *, day: date, settings: dict, states: dict[int, LoanState],
          previous_groups: dict[int, int]) -> dict:
    days_ahead, days_past_due = reminder_days(settings), overdue_days(settings)
    counts = {"reminder": 0, "overdue": 0, "group_worsened": 0}
    loans = session.scalars(select(Loan).where(Loan.id.in_(states))).all() if states else []
    borrowers = {b.id: b for b in session.scalars(select(Borrower).where(Borrower.id.in_({l.borrower_id for l in loans})))}
    for loan in loans:
        state, borrower = states[loan.id], borrowers[loan.borrower_id]
        balance = state.balance
        if state.closed_on or balance.principal_outstanding == 0:
            continue
        target = day + timedelta(days=days_ahead)
        row = _next_instalment(state, target)
        if row is not None:
            # Interest to that date on today's principal not yet due, plus what is accrued (§5 step 3).
            days = (target - day).days
            interest = balance.interest_accrued + interest_for(balance.principal_not_yet_due * days, loan.annual_rate)
            principal = row.principal - row.paid_principal
            if _add(session, key=f"reminder:{loan.id}:{target.isoformat()}", kind="reminder", loan=loan,
                    borrower=borrower, day=day, figures={"due_date": target.isoformat(), "principal": principal,
                                                         "interest": interest, "total": principal + interest},
                    text=texts.reminder(borrower=borrower.name, contract_no=loan.contract_no, due_date=target,
                                        principal=principal, interest=interest)):
                counts["reminder"] += 1
        if balance.days_past_due in days_past_due and balance.overdue_since:
            figures = {"days_past_due": balance.days_past_due, "overdue_since": balance.overdue_since.isoformat(),
                       "principal_overdue": balance.principal_overdue, "interest_overdue": balance.interest_overdue,
                       "penalty_interest": balance.penalty_interest, "late_interest": balance.late_interest,
                       "overdue_rate": str(loan.annual_rate * Decimal(loan.overdue_rate_factor))}
            figures["total"] = sum(figures[k] for k in ("principal_overdue", "interest_overdue", "penalty_interest",
                                                        "late_interest"))
            if _add(session, key=f"overdue:{loan.id}:{balance.overdue_since.isoformat()}:{balance.days_past_due}",
                    kind="overdue", loan=loan, borrower=borrower, day=day, figures=figures,
                    text=texts.overdue(borrower=borrower.name, contract_no=loan.contract_no,
                                       days_past_due=balance.days_past_due, overdue_since=balance.overdue_since,
                                       principal_overdue=balance.principal_overdue,
                                       interest_overdue=balance.interest_overdue,
                                       penalty_interest=balance.penalty_interest, late_interest=balance.late_interest,
                                       overdue_rate=loan.annual_rate * Decimal(loan.overdue_rate_factor),
                                       late_interest_rate=loan.late_interest_rate)):
                counts["overdue"] += 1
        before = previous_groups.get(loan.id, 1)
        if loan.cached_debt_group > before:
            if _add(session, key=f"group:{loan.id}:{day.isoformat()}:{loan.cached_debt_group}", kind="group_worsened",
                    loan=loan, borrower=borrower, day=day,
                    figures={"old_group": before, "new_group": loan.cached_debt_group,
                             "days_past_due": balance.days_past_due},
                    text=texts.group_worsened(borrower=borrower.name, contract_no=loan.contract_no, old_group=before,
                                              new_group=loan.cached_debt_group, days_past_due=balance.days_past_due)):
                counts["group_worsened"] += 1
    session.flush()
    return counts
