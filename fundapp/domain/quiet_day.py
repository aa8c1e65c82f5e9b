"""A quiet day: what end of day does in bulk for the loans nothing happens to (issue 5).

On most days most loans have no due date, no payment, no change of days-past-due bracket and no
notice. For such a loan the state as of D is its state as of D−1 and one more day of accrual on
the same balances (``position``: end of day, then start of day with nothing due). Of what the
ledger and the caches hold, only two things move: the in-term interest accrued (its exact
đồng-days grow by the principal not yet due; the rounded amount is what is booked) and the days
past due of a loan already overdue (one more). Penalty and late interest accrue too, but they are
income only when collected (``booking``), so nothing is booked for them.

``Carry`` is what the fold leaves for this; the database applies ``after_quiet_day`` to every
quiet loan in one statement (``services.daily_accrual``), and every other loan is replayed.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .classification import DEFAULT_TABLE, DebtGroupTable


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
    overdue_since: date | None
    accrues_alone: bool


def special_days_past_due(*, overdue_notice_days: Collection[int],
                          table: DebtGroupTable = DEFAULT_TABLE) -> frozenset[int]:
    """Days past due on which something happens: a notice, or the loan enters another group."""
    return frozenset(overdue_notice_days) | {table.group_2_from, table.group_3_from, table.group_4_from,
                                             table.group_5_from}


def is_quiet(carry: Carry, day: date, *, reminder_days: int, special_dpd: frozenset[int]) -> bool:
    """Whether ``day`` is quiet for a loan whose carry as of the day before is ``carry``: nothing
    falls due, no reminder is due (no plan date ``reminder_days`` ahead), and the days past due do
    not reach a notice day or a group threshold. A loan with an event on ``day`` is never asked:
    recording an event books it (its carry is then dated later)."""
    if not carry.accrues_alone:
        return False
    if carry.next_due is not None and carry.next_due <= day:
        return False
    reminder = day + timedelta(days=reminder_days)
    if carry.next_due is not None and not (
            carry.next_due > reminder or (carry.next_due < reminder
                                          and (carry.second_due is None or carry.second_due > reminder))):
        return False
    if carry.overdue_since is not None and (day - carry.overdue_since).days in special_dpd:
        return False
    return True


def after_quiet_day(carry: Carry) -> Carry:
    """The carry one quiet day later: a day's accrual on the principal not yet due."""
    return replace(carry, in_term_dong_days=carry.in_term_dong_days + carry.principal_not_yet_due)
