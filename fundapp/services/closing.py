"""End of day and month close for one business date (domain.md §5–§6), as steps done once each.

For a date D, in order:
1. ``book``: every loan is booked as of D (its state after D's payments: interest accrued through
   D−1, amounts fallen due; debt groups with restructuring floors and the borrower's worst group),
   in ONE journal entry per day with one line per account (Circular 52/2022 Art. 5.2: accrual to
   income for group 1, off balance sheet for the others). A loan that fails is reported and the
   others go on;
2. ``notices``: reminders N days before a due date, overdue notices on the configured days past
   due, and a notice when a loan's group worsens, each event at most once;
3. ``month_close`` on a month's last day: the month-end snapshot and the provisions.
The runner (``fundapp.jobs.end_of_day``) gives each date its own transaction.
"""
from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import BusinessDayStep, Loan
from . import booking, daily_accrual, month_close, notices

STEPS = ("book", "notices", "month_close")
LAST_STEP = STEPS[-1]


@dataclass
class DayResult:
    counts: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def is_month_end(day: date) -> bool:
    return day.day == month_calendar.monthrange(day.year, day.month)[1]


def loans_to_replay(session: Session, among) -> list[Loan]:
    """The loans ``among`` selects (``daily_accrual.to_replay``), locked, in id order: one statement."""
    return list(session.scalars(select(Loan).where(Loan.id.in_(among)).order_by(Loan.id).with_for_update()))


def close_day(session: Session, *, day: date, run_id: int, settings: dict) -> DayResult:
    result = DayResult()
    done = set(session.scalars(select(BusinessDayStep.step).where(BusinessDayStep.business_date == day)))
    previous_groups: dict[int, int] = {}
    states, reminders, advanced, loans, among = {}, [], frozenset(), [], None
    for step in STEPS:
        if step in done:
            result.counts[step] = {"already_done": 1}
            continue
        if step == "book":
            quiet = daily_accrual.advance_quiet_loans(
                session, day=day, reminder_days=notices.reminder_days(settings),
                overdue_notice_days=notices.overdue_days(settings))
            among = daily_accrual.to_replay(day)
            loans = loans_to_replay(session, among)
            previous_groups = {loan.id: loan.cached_debt_group for loan in loans}
            outcome = booking.book_many(session, loans, as_of=day, moved=quiet.moved(), among=among)
            states, reminders, advanced = outcome.states, quiet.reminders, quiet.loan_ids
            counts = {"loans": len(loans) + len(quiet.loan_ids), "quiet": len(quiet.loan_ids),
                      "replayed": len(loans), "failed": len(outcome.failed),
                      "lines": len(outcome.entry.lines) if outcome.entry is not None else 0}
            result.errors += [{"date": day.isoformat(), "step": step, "loan_id": loan_id, "error": error}
                              for loan_id, error in outcome.failed.items()]
        elif step == "notices":
            counts = notices.issue(session, day=day, settings=settings, states=states, previous_groups=previous_groups,
                                   reminders=reminders, loans=loans, among=among)
        else:
            counts = (month_close.close(session, month_end=day, states=states, advanced=advanced)
                      if is_month_end(day) else {"skipped": 1})
        result.counts[step] = counts
        session.add(BusinessDayStep(business_date=day, step=step, run_id=run_id, done_at=now_utc(), counts=counts))
        session.flush()
    return result
