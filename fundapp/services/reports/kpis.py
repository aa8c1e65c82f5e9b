"""The yearly KPIs of Decree 45 Art. 45, graded A/B/C against the plan the fund enters.

- **Outstanding growth**, entrusted lending included: (outstanding at the year's end − at the
  previous year's end) / outstanding at the previous year's end; own and entrusted shown apart.
- **Bad-debt ratio** at the year's end (groups 3–5 / outstanding).
- **Financial result** from the ledger: income − expenses posted in the year.
Each is met or not against ``KpiPlan``; the grade follows ``domain.reporting.kpi_grade`` with the
``KPI_GRADES`` setting (default A: all three met, B: two, C otherwise). A year not yet over is
graded on its figures so far and says ``provisional: true``.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...clock import now_utc
from ...db.models import Account, JournalEntry, JournalLine, KpiPlan
from ...db.models.ledger import AccountKind
from ...domain import reporting
from . import months
from .lending_activity import InvalidPeriod, period_of
from .outstanding import figures

OWN = "own"


def financial_result(session: Session, *, start: date, end: date) -> dict:
    """Income and expenses posted with business dates in [start, end], from the journal."""
    sums = dict(session.execute(
        select(Account.kind, func.coalesce(func.sum(JournalLine.credit - JournalLine.debit), 0))
        .select_from(JournalLine).join(Account, Account.id == JournalLine.account_id)
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .where(Account.kind.in_((AccountKind.INCOME, AccountKind.EXPENSE)),
               JournalEntry.business_date >= start, JournalEntry.business_date <= end)
        .group_by(Account.kind)).all())
    income, expenses = int(sums.get(AccountKind.INCOME, 0)), -int(sums.get(AccountKind.EXPENSE, 0))
    return {"income": income, "expenses": expenses, "result": income - expenses}


def _entrusted(result) -> int:
    return sum(g["closing_balance"] for g in result.groups["capital_source"] if g["key"] != OWN)


def kpis(session: Session, *, year: int, today: date, settings: dict) -> dict:
    period = period_of(year=year, half=None, today=today)
    start = figures(session, months.resolve(session, date(year - 1, 12, 1), today=today))
    end = figures(session, months.resolve(session, min(date(year, 12, 1), today.replace(day=1)), today=today))
    outstanding_start, outstanding_end = start.totals["closing_balance"], end.totals["closing_balance"]
    books = financial_result(session, start=period.start, end=min(period.end, today))
    actual = reporting.KpiActuals(outstanding_start=outstanding_start, outstanding_end=outstanding_end,
                                  bad_debt_ratio=reporting.ratio(end.bad_debt, outstanding_end), result=books["result"])
    plan = session.get(KpiPlan, year)
    grading = dict(settings.get("KPI_GRADES") or reporting.DEFAULT_KPI_GRADES)
    out = {
        "year": year, "as_of": end.month.as_of, "provisional": not (period.end <= today and end.month.closed),
        "outstanding_start": outstanding_start, "outstanding_end": outstanding_end,
        "entrusted_outstanding_start": _entrusted(start), "entrusted_outstanding_end": _entrusted(end),
        "outstanding_growth": actual.outstanding_growth,
        "bad_debt_end": end.bad_debt, "bad_debt_ratio": actual.bad_debt_ratio,
        "income": books["income"], "expenses": books["expenses"], "financial_result": books["result"],
        "plan": plan_view(plan), "grading_rule": grading, "criteria": None, "criteria_met": None, "grade": None,
    }
    if plan is not None:
        targets = reporting.KpiTargets(outstanding_growth=plan.planned_outstanding_growth,
                                       bad_debt_ratio=plan.planned_bad_debt_ratio, result=plan.planned_result)
        met = reporting.criteria_met(actual, targets)
        out.update(criteria=met, criteria_met=sum(met.values()), grade=reporting.kpi_grade(sum(met.values()), grading))
    return out


def plan_view(plan: KpiPlan | None) -> dict | None:
    if plan is None:
        return None
    return {"year": plan.year, "planned_outstanding_growth": plan.planned_outstanding_growth,
            "planned_bad_debt_ratio": plan.planned_bad_debt_ratio, "planned_result": plan.planned_result,
            "note": plan.note, "updated_by": plan.updated_by, "updated_at": plan.updated_at}


def set_plan(session: Session, *, year: int, planned_outstanding_growth: Decimal, planned_bad_debt_ratio: Decimal,
             planned_result: int, note: str = "", updated_by: int | None) -> dict:
    """Enter or replace the year's plan (admin)."""
    if not months.FIRST_YEAR <= year <= months.LAST_YEAR:
        raise InvalidPeriod(f"năm phải từ {months.FIRST_YEAR} đến {months.LAST_YEAR} / the year must be "
                            f"{months.FIRST_YEAR}–{months.LAST_YEAR}", field="year")
    plan = session.get(KpiPlan, year) or KpiPlan(year=year)
    plan.planned_outstanding_growth, plan.planned_bad_debt_ratio = planned_outstanding_growth, planned_bad_debt_ratio
    plan.planned_result, plan.note, plan.updated_by, plan.updated_at = planned_result, note, updated_by, now_utc()
    session.add(plan)
    session.flush()
    return plan_view(plan)
