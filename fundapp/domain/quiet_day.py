"""A quiet day: what end of day does in bulk for the loans nothing happens to (issue 5).

On most days most loans have no due date, no payment, no change of days-past-due bracket and no
notice. For such a loan the state as of D is its state as of D−1 and one more day of accrual on
the same balances (``position``: end of day, then start of day with nothing due). Of what the
ledger and the caches hold, only two things move: the in-term interest accrued (its exact
đồng-days grow by the principal not yet due; the rounded amount is what is booked) and the days
past due of a loan already overdue (one more). Penalty and late interest accrue too (their
đồng-days grow by the principal and the interest overdue), but they are income only when collected
(``booking``), so nothing is booked for them; month close reads them from the carry.

``Carry`` is what the fold leaves for this; the database applies ``after_quiet_day`` to every
quiet loan in one statement (``services.daily_accrual``), and every other loan is replayed.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .classification import DEFAULT_TABLE, DebtGroupTable
from .money import interest_for_scaled


@dataclass(frozen=True, kw_only=True)
class Carry:
    """What a quiet day needs of the fold as of a date (after that day's payments).

    ``accrues_alone`` is false when the next day could not be quiet whatever its date: the loan is
    closed, written off or restructured (its group floor follows payments), it has something due
    today (it moves to overdue tonight), or it holds an advance while something is overdue (the
    advance pays it tomorrow)."""

    in_term_dong_days: int
    principal_not_yet_due: int
    next_due: date | None  # the next plan date not yet fallen due
    second_due: date | None  # the one after it
    next_principal: int | None = None  # their principal (a reminder names it)
    second_principal: int | None = None
    overdue_since: date | None
    accrues_alone: bool
    advance: int = 0  # held for the next instalment
    # What is overdue, and the penalty (on principal) and late interest (on interest) accrued on
    # it: exact đồng-days, and what has been paid of their rounded amounts (``position``).
    principal_overdue: int = 0
    interest_overdue: int = 0
    penalty_dong_days: int = 0
    penalty_paid: int = 0
    late_dong_days: int = 0
    late_paid: int = 0


def still_owed(dong_days: int, scaled_rate: int, paid: int) -> int:
    """Penalty or late interest owed from a carry: its exact accrual rounded once, less what has
    been paid of it (``position._Fold.penalty``); ``scaled_rate`` as ``money.scaled_rate``."""
    return interest_for_scaled(dong_days, scaled_rate) - paid if dong_days else 0


def special_days_past_due(*, overdue_notice_days: Collection[int],
                          table: DebtGroupTable = DEFAULT_TABLE) -> frozenset[int]:
    """Days past due on which something happens: a notice, or the loan enters another group."""
    return frozenset(overdue_notice_days) | {table.group_2_from, table.group_3_from, table.group_4_from,
                                             table.group_5_from}


class Unknown:
    """A reminder the carry cannot tell: two plan dates fall before its date, so a third may be on it."""


UNKNOWN = Unknown()


def reminder(carry: Carry, day: date, *, reminder_days: int) -> tuple[date, int] | None | Unknown:
    """The plan date (and its principal) a reminder sent on ``day`` is about, if any; for a loan
    with nothing falling due on ``day`` (the reminder names the instalment ``reminder_days`` ahead)."""
    target = day + timedelta(days=reminder_days)
    for due, principal in ((carry.next_due, carry.next_principal), (carry.second_due, carry.second_principal)):
        if due is None or due > target:
            return None
        if due == target:
            return due, principal
    return UNKNOWN


def is_quiet(carry: Carry, day: date, *, reminder_days: int, special_dpd: frozenset[int]) -> bool:
    """Whether end of day may book ``day`` for a loan from its carry as of the day before: the
    ledger moves only by the day's in-term accrual, the caches by a day past due, and the only
    notice it may get is a reminder the carry can write. That holds when nothing falls due, or when
    an instalment falls due with no advance held to pay it (interest accrued becomes interest due:
    the same amount; the loan is replayed the day after, when the unpaid part turns overdue) and no
    reminder is due with it; and the days past due reach no notice day or group threshold. A loan
    with an event on ``day`` is never asked: recording it books the loan (dated later)."""
    if not carry.accrues_alone:
        return False
    if carry.overdue_since is not None and (day - carry.overdue_since).days in special_dpd:
        return False
    if carry.next_due is None or carry.next_due > day:
        return reminder(carry, day, reminder_days=reminder_days) is not UNKNOWN
    if carry.next_due == day:
        after = day + timedelta(days=reminder_days)
        return not carry.advance and (carry.second_due is None or carry.second_due > after)
    return False


def after_quiet_day(carry: Carry, day: date) -> Carry:
    """The carry one quiet day later: a day's accrual on the principal not yet due and on what is
    overdue. After a due date the loan no longer accrues alone (what fell due turns overdue
    tonight, or was paid)."""
    return replace(carry, in_term_dong_days=carry.in_term_dong_days + carry.principal_not_yet_due,
                   penalty_dong_days=carry.penalty_dong_days + carry.principal_overdue,
                   late_dong_days=carry.late_dong_days + carry.interest_overdue,
                   accrues_alone=carry.next_due != day)
