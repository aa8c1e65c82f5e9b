"""Debt groups (nhóm nợ) and bad debt (nợ xấu) (domain.md §6).

A loan's group comes from the days past due of its oldest unpaid amount (a settings table), raised
to a floor after restructuring until the borrower has cured; every loan of a borrower then takes
the borrower's worst group, and that reported group is what the API, reports and provisions show.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

GROUPS = (1, 2, 3, 4, 5)
BAD_DEBT_GROUPS = frozenset({3, 4, 5})  # nợ xấu


@dataclass(frozen=True, kw_only=True)
class DebtGroupTable:
    """The least days past due that puts a loan in groups 2, 3, 4 and 5 (a setting).

    Defaults: 1 < 10 days; 2: 10–90; 3: 91–180; 4: 181–360; 5: > 360.
    """

    group_2_from: int = 10
    group_3_from: int = 91
    group_4_from: int = 181
    group_5_from: int = 361

    def __post_init__(self) -> None:
        bounds = (self.group_2_from, self.group_3_from, self.group_4_from, self.group_5_from)
        if not 0 < bounds[0] < bounds[1] < bounds[2] < bounds[3]:
            raise ValueError(f"debt group thresholds must be positive and increasing: {bounds}")


DEFAULT_TABLE = DebtGroupTable()


def group_for_days(days_past_due: int, table: DebtGroupTable = DEFAULT_TABLE) -> int:
    """The debt group for a number of days past due (0 = nothing overdue)."""
    if days_past_due < 0:
        raise ValueError(f"days past due cannot be negative: {days_past_due}")
    for group, start in ((5, table.group_5_from), (4, table.group_4_from), (3, table.group_3_from),
                         (2, table.group_2_from)):
        if days_past_due >= start:
            return group
    return 1


def restructuring_floor(*, reschedulings: int, extensions: int) -> int:
    """The least group a restructured loan may be in, by how often it was restructured.

    First rescheduling (điều chỉnh kỳ hạn) → 2; first extension (gia hạn) → 3; a second
    restructuring of any kind → 4; a third or later → 5. Never restructured → 1.
    """
    if reschedulings < 0 or extensions < 0:
        raise ValueError("restructuring counts cannot be negative")
    count = reschedulings + extensions
    if count == 0:
        return 1
    if count == 1:
        return 3 if extensions else 2
    return 4 if count == 2 else 5


@dataclass(frozen=True, kw_only=True)
class CureRule:
    """How long a restructured loan must pay on time, after clearing what was overdue, to return
    to group 1 (a setting): 3 months for loans over 12 months, 1 month for shorter ones."""

    months_long: int = 3
    months_short: int = 1
    short_term_max_months: int = 12

    def months_for(self, term_months: int) -> int:
        return self.months_long if term_months > self.short_term_max_months else self.months_short


DEFAULT_CURE = CureRule()


def has_cured(*, restructured_on: date, cured_on: date | None, term_months: int, as_of: date,
              rule: CureRule = DEFAULT_CURE) -> bool:
    """Whether the restructuring floor no longer applies on ``as_of``.

    ``cured_on`` is the day the borrower had paid everything overdue and from which every
    instalment since has been paid on time (the caller moves it forward whenever a new amount goes
    overdue, or passes None). A cure before the restructuring counts from the restructuring.
    """
    if cured_on is None:
        return False
    start = max(cured_on, restructured_on)
    return start + relativedelta(months=rule.months_for(term_months)) <= as_of


def loan_group(*, days_past_due: int, table: DebtGroupTable = DEFAULT_TABLE, reschedulings: int = 0,
               extensions: int = 0, restructured_on: date | None = None, cured_on: date | None = None,
               term_months: int | None = None, as_of: date | None = None, cure: CureRule = DEFAULT_CURE) -> int:
    """One loan's own group: by days past due, raised to the restructuring floor until cured.

    For a restructured loan ``restructured_on`` (the latest restructuring), ``term_months`` (the
    loan's term as it now stands) and ``as_of`` are required.
    """
    by_days = group_for_days(days_past_due, table)
    floor = restructuring_floor(reschedulings=reschedulings, extensions=extensions)
    if floor == 1:
        return by_days
    if restructured_on is None or as_of is None or term_months is None:
        raise ValueError("a restructured loan needs restructured_on, term_months and as_of to be classified")
    if has_cured(restructured_on=restructured_on, cured_on=cured_on, term_months=term_months, as_of=as_of,
                 rule=cure):
        return by_days
    return max(by_days, floor)


def borrower_group(groups: Iterable[int]) -> int:
    """The borrower's group: the worst of its loans' own groups; every loan reports this one."""
    groups = list(groups)
    if not groups:
        raise ValueError("a borrower with no loans has no debt group")
    for group in groups:
        _check_group(group)
    return max(groups)


def is_bad_debt(group: int) -> bool:
    """Bad debt (nợ xấu) is groups 3–5."""
    _check_group(group)
    return group in BAD_DEBT_GROUPS


def _check_group(group: int) -> None:
    if group not in GROUPS:
        raise ValueError(f"a debt group is 1–5, not {group!r}")
