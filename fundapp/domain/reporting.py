"""The rules the lending reports follow (domain.md §7), pure: term classes, months and periods,
ratios, the reconciliation of a loan's month, and the yearly KPI grade (Decree 45 Art. 45).

- **Term class** (Circular 39/2016 Art. 10): short ≤ 12 months, medium > 12 to ≤ 60, long > 60.
- **Reconciliation** of every row and total: opening + disbursed − principal collected − written
  off = closing, and the closing balance splits into in-term + overdue.
- **Ratios** (bad debt / outstanding, exposure / actual charter capital, growth) are decimals,
  rounded half up to 4 places (0.0523 is 5.23%), as the API gives rates; ``None`` when the base is 0.
- **KPI grade**: each criterion is met or not against the fund's plan; the grade is the first
  letter whose minimum number of criteria met is reached (default A: all 3, B: 2, otherwise C; a
  setting, ``KPI_GRADES``).
"""
from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .money import Dong

SHORT_TERM_MAX_MONTHS = 12  # Circular 39/2016 Art. 10
MEDIUM_TERM_MAX_MONTHS = 60
RATIO_PLACES = Decimal("0.0001")
MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class TermClass(str, enum.Enum):
    SHORT = "short"  # ngắn hạn
    MEDIUM = "medium"  # trung hạn
    LONG = "long"  # dài hạn


def term_class(term_months: int) -> TermClass:
    """Circular 39/2016 Art. 10: short ≤ 12 months, medium > 12 to ≤ 60, long > 60."""
    if term_months <= SHORT_TERM_MAX_MONTHS:
        return TermClass.SHORT
    return TermClass.MEDIUM if term_months <= MEDIUM_TERM_MAX_MONTHS else TermClass.LONG


# --- months and periods -------------------------------------------------------------------------
def parse_month(text: str) -> date:
    """``"2025-06"`` → 1 June 2025; ValueError for anything else (``2025-13``, ``2025-6``)."""
    match = MONTH_PATTERN.match(text or "")
    if not match:
        raise ValueError(f"not a month in the form YYYY-MM: {text!r}")
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_end(first_day: date) -> date:
    return first_day.replace(day=calendar.monthrange(first_day.year, first_day.month)[1])


def previous_month(first_day: date) -> date:
    """The first day of the month before."""
    return date(first_day.year - 1, 12, 1) if first_day.month == 1 else first_day.replace(month=first_day.month - 1)


def months_back(first_day: date, count: int) -> list[date]:
    """The ``count`` months ending with ``first_day``, oldest first (a 12-month trend)."""
    months = [first_day]
    while len(months) < count:
        months.append(previous_month(months[-1]))
    return months[::-1]


@dataclass(frozen=True)
class Period:
    """A reporting period of whole months: a half-year (Art. 44: by 31 July) or a year."""

    year: int
    half: int | None = None  # 1: January–June, 2: July–December, None: the whole year

    @property
    def first_month(self) -> date:
        return date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def last_month(self) -> date:
        return date(self.year, 6 if self.half == 1 else 12, 1)

    @property
    def start(self) -> date:
        return self.first_month

    @property
    def end(self) -> date:
        return month_end(self.last_month)

    def months(self) -> list[date]:
        count = 6 if self.half else 12
        return months_back(self.last_month, count)

    @property
    def label(self) -> str:
        if self.half == 1:
            return f"6 tháng đầu năm {self.year}"
        if self.half == 2:
            return f"6 tháng cuối năm {self.year}"
        return f"năm {self.year}"


# --- ratios and reconciliation ------------------------------------------------------------------
def ratio(part: int, whole: int) -> Decimal | None:
    """part / whole rounded half up to 4 places, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def reconciles(*, opening_balance: Dong, disbursed: Dong, principal_collected: Dong, written_off: Dong,
               closing_balance: Dong, closing_in_term: Dong, closing_overdue: Dong) -> bool:
    """opening + disbursed − collected − written off = closing = in term + overdue."""
    return (opening_balance + disbursed - principal_collected - written_off == closing_balance
            == closing_in_term + closing_overdue)


# --- yearly KPIs (Decree 45 Art. 45) ------------------------------------------------------------
DEFAULT_KPI_GRADES: Mapping[str, int] = {"A": 3, "B": 2}  # least criteria met for each grade; else C


@dataclass(frozen=True, kw_only=True)
class KpiTargets:
    """What the fund planned for the year."""

    outstanding_growth: Decimal  # e.g. 0.10: outstanding (entrusted lending included) up 10%
    bad_debt_ratio: Decimal  # at most this share in groups 3–5 at year end
    result: Dong  # financial result (income − expenses) at least this


@dataclass(frozen=True, kw_only=True)
class KpiActuals:
    outstanding_start: Dong
    outstanding_end: Dong
    bad_debt_ratio: Decimal | None
    result: Dong

    @property
    def outstanding_growth(self) -> Decimal | None:
        if not self.outstanding_start:
            return None
        return ratio(self.outstanding_end - self.outstanding_start, self.outstanding_start)


def criteria_met(actual: KpiActuals, plan: KpiTargets) -> dict[str, bool]:
    """Each criterion against the plan. Growth from nothing counts as met when anything is lent
    (there is no ratio to compare); no outstanding means no bad debt."""
    growth = actual.outstanding_growth
    growth_met = actual.outstanding_end > 0 if growth is None else growth >= plan.outstanding_growth
    bad_debt = actual.bad_debt_ratio if actual.bad_debt_ratio is not None else Decimal(0)
    return {"outstanding_growth": growth_met, "bad_debt_ratio": bad_debt <= plan.bad_debt_ratio,
            "financial_result": actual.result >= plan.result}


def kpi_grade(met: int, grades: Mapping[str, int] = DEFAULT_KPI_GRADES) -> str:
    """The best grade whose minimum number of criteria met is reached; C otherwise."""
    for letter, least in sorted(grades.items(), key=lambda item: -item[1]):
        if met >= least:
            return letter
    return "C"
