"""Schedules shown before a loan exists: any terms (a preview), or an application's terms as if
disbursed today (domain.md §4). The arithmetic is ``domain.schedule``; this only brings the
fund's working calendar and turns the result into plain figures."""
from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from ..domain import reporting
from ..domain.schedule import Schedule, build_schedule
from ..domain.terms import LoanTerms
from .holidays import working_calendar


def as_dict(schedule: Schedule, *, terms: LoanTerms, disbursed_on: date) -> dict:
    return {
        "disbursed_on": disbursed_on,
        "installments": [
            {"seq": row.seq, "due_date": row.due_date, "nominal_date": row.nominal_date, "principal": row.principal,
             "interest": row.interest, "total": row.total, "balance_after": row.balance_after}
            for row in schedule.installments
        ],
        "total_principal": schedule.total_principal,
        "total_interest": schedule.total_interest,
        "total": schedule.total,
        "maturity_date": schedule.maturity,
        "contractual_maturity": disbursed_on + relativedelta(months=terms.term_months),
        "term_class": reporting.term_class(terms.term_months).value,  # as the reports class the loan
    }


def preview(session: Session, *, terms: LoanTerms, disbursed_on: date,
            manual_principal: list[tuple[date, int]] | None = None) -> dict:
    schedule = build_schedule(terms, disbursed_on=disbursed_on, calendar=working_calendar(session),
                              manual_principal=manual_principal)
    return as_dict(schedule, terms=terms, disbursed_on=disbursed_on)
