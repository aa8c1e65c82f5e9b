"""The repayment plan: the dates a loan falls due and the principal fixed for each (domain.md §4).

The plan is what the schedule produces at disbursement and what the daily fold consumes. Only a
prepayment, a restructuring or another tranche changes its principal amounts; the interest that
falls due on a date is whatever actually accrued (domain.md §5), so the plan carries none.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .money import Dong, round_half_up


@dataclass(frozen=True, kw_only=True)
class PlannedDate:
    """One instalment date of the plan.

    ``nominal_date`` is the date counted from the disbursement (relativedelta rule);
    ``due_date`` is that date after the working-day roll (Civil Code Art. 148.5).
    ``principal`` is the principal fixed for the date (0 on interest-only dates).
    ``interest_due`` says whether accrued in-term interest falls due on the date.
    """

    seq: int
    nominal_date: date
    due_date: date
    principal: Dong
    interest_due: bool = True
    principal_date: bool = True  # a principal date of the plan, even if its principal is 0


Plan = tuple[PlannedDate, ...]


def periodic_rate(annual_rate: Decimal, months_between: int) -> Decimal:
    """i = annual rate × months between instalments ÷ 12 (domain.md §4, annuity)."""
    return annual_rate * months_between / 12


def annuity_payment(principal: Dong, rate_per_period: Decimal, periods: int) -> Dong:
    """A = P·i / (1 − (1 + i)^−n), rounded half up (domain.md §4)."""
    if periods <= 0:
        raise ValueError("an annuity needs at least one instalment")
    if rate_per_period == 0:
        return round_half_up(Decimal(principal) / periods)
    i = rate_per_period
    return round_half_up(Decimal(principal) * i / (1 - (1 + i) ** -periods))
