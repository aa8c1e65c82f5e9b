"""What a loan owes as of any date: a fold over its terms, its plan and its money events.

domain.md §5 (Decree 45/2021 Art. 25; Circular 14/2017; Circular 39/2016 Art. 13, 18; Civil Code
Art. 466, 468, 470). Every calendar day D, in order:

1. start of day: a restructuring dated D replaces the dates not yet due; D's planned principal and
   the in-term interest accrued since the previous due date (rounded once, half up) fall due;
   disbursements and a recall dated D; then a held advance pays what is due;
2. payments dated D, in recorded order (``allocation.allocate``, the one rule);
3. end of day: what is still due becomes overdue (chuyển nợ quá hạn); the day accrues on the
   end-of-day balances: principal not yet due at the contractual rate, overdue principal at
   rate × overdue factor, overdue interest at the late-interest rate; nothing else earns interest.

The balance *as of* T is the state after step 2 of T. Interest is carried exactly as integer
đồng-days per bucket and turned into đồng once, when charged or shown (``money.interest_for``).
We jump from one event date to the next (due dates, events, ``as_of``), accruing balance × days
in one multiplication per bucket: a 20-year monthly loan replays in a few milliseconds.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .allocation import Allocation
from .checkpoint import Checkpoint
from .events import Event, Paid, WrittenOff, replay_order
from .fold import Fold, InvalidEvent, InvalidPlan
from .loan_state import Balance, InstallmentState, InstallmentStatus, LoanState, Movement, MovementKind, WriteOff
from .money import Dong
from .plan import Plan
from .terms import LoanTerms

__all__ = ["Balance", "InstallmentState", "InstallmentStatus", "InvalidEvent", "InvalidPlan", "LoanState",
           "Movement", "MovementKind", "payoff_quote", "preview_payment", "replay"]


def replay(*, terms: LoanTerms, plan: Plan, events: Iterable[Event], as_of: date,
           installments: bool = True, checkpoint_on: date | None = None,
           start: Checkpoint | None = None) -> LoanState:
    """Fold ``events`` dated up to ``as_of`` over ``plan``: the loan as of ``as_of``, after that
    day's payments. Events dated later are ignored (the result depends only on what happened up
    to that date); to validate a back-dated payment against later ones, replay to the last date.
    ``installments=False`` leaves the schedule's rows out (empty): end of day books thousands of
    loans and shows none of them, and building the rows was a fifth of its replay.

    ``checkpoint_on``: also hand back (``LoanState.checkpoint``) the fold at the start of that day,
    if the replay passes it. ``start``: resume from such a checkpoint instead of folding from the
    first event: ``plan`` is then unused, only events dated on or after ``start.day`` are folded,
    and the movements and allocations cover only those (``LoanState.history_from``).
    """
    if start is not None:
        if as_of < start.day:
            raise ValueError(f"a checkpoint of {start.day} cannot give the state as of {as_of}")
        fold = Fold.resumed(terms, start)
        ordered = sorted((e for e in events if start.day <= e.value_date <= as_of), key=replay_order)
        day, history_from = start.day, start.day
    else:
        fold = Fold(terms, plan)
        ordered = sorted((e for e in events if e.value_date <= as_of), key=replay_order)
        if not ordered:
            return fold.state(as_of, installments=installments)
        day, history_from = ordered[0].value_date, None
    i, snapshot = 0, None
    while True:
        if day == checkpoint_on:
            snapshot = fold.snapshot(day)
        j = i
        while j < len(ordered) and ordered[j].value_date == day:
            j += 1
        todays, i = ordered[i:j], j
        fold.start_of_day(day, todays)
        for event in todays:
            if isinstance(event, Paid):
                fold.pay(event, day)
            elif isinstance(event, WrittenOff) and fold.written_off_on is None:
                fold.written_off_on = day
                fold.write_off = WriteOff(value_date=day, principal=fold.outstanding(),
                                          interest_collected=fold.interest_collected,
                                          penalty_collected=fold.penalty_collected)
                fold.note(day, MovementKind.WRITE_OFF, fold.outstanding())
        if day == as_of:
            return fold.state(as_of, installments=installments, history_from=history_from, checkpoint=snapshot)
        fold.end_of_day(day)
        following = ordered[i].value_date if i < len(ordered) else as_of
        if fold.k < len(fold.rows):
            following = min(following, fold.rows[fold.k].due)
        if checkpoint_on is not None and day < checkpoint_on:  # a stop changes nothing (property-tested)
            following = min(following, checkpoint_on)
        following = min(following, as_of)
        if following < day:
            raise InvalidPlan("a plan date lies before the loan's first event", due_date=following)
        fold.accrue((following - day).days)
        day = following


def preview_payment(*, terms: LoanTerms, plan: Plan, events: Iterable[Event], amount: Dong,
                    value_date: date, payment_id: str | int = "preview") -> Allocation:
    """How a payment would be applied if recorded now (after every recorded event); raises as
    recording it would, including when it makes a later recorded payment exceed its payoff."""
    events = list(events)
    seq = max((getattr(e, "seq", 0) for e in events), default=0) + 1
    new = Paid(payment_id=payment_id, value_date=value_date, amount=amount, seq=seq)
    last = max([value_date, *(e.value_date for e in events)])
    return replay(terms=terms, plan=plan, events=[*events, new], as_of=last).allocations[payment_id]


def payoff_quote(*, terms: LoanTerms, plan: Plan, events: Iterable[Event], on: date) -> Dong:
    """The amount that closes the loan on ``on`` (after that day's recorded payments)."""
    return replay(terms=terms, plan=plan, events=events, as_of=on).balance.payoff_amount
