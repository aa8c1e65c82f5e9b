"""One loan's fold, day by day: the three steps of domain.md §5 applied to its rows and counters.

``position.replay`` walks the dates and calls these steps; this module holds what each step does
to the loan (what falls due, how a payment's parts are booked, what becomes overdue, what accrues)
and the views taken of it (balance, schedule rows, carry, checkpoint). Interest is carried as
integer đồng-days per bucket and turned into đồng once, when charged or shown
(``money.interest_for``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from .allocation import Allocation, Owed, allocate, settle_due, spread_oldest_first
from .checkpoint import COUNTERS, Checkpoint, RowState
from .errors import DomainError
from .events import Disbursed, Event, Paid, Recalled, Replanned, RestructureKind
from .loan_state import Balance, LoanState, Movement, MovementKind, Row, WriteOff, installment_states
from .money import Dong, interest_for
from .plan import Plan, PlannedDate
from .quiet_day import Carry
from .schedule import respread
from .terms import LoanTerms, Prepayment


class InvalidEvent(DomainError):
    """An event the fold cannot apply (a non-positive disbursement, a repeated payment id …)."""

    rule = "invalid_event"


class InvalidPlan(DomainError):
    """A plan (or a restructured plan) that does not fit the loan's principal or dates."""

    rule = "invalid_plan"


class Fold:
    """One loan as the fold leaves it after each step: its rows, balances and exact accruals."""

    def __init__(self, terms: LoanTerms, plan: Plan):
        self.terms, self.rate = terms, terms.annual_rate
        self.rows = [Row(p) for p in checked_plan(plan, after=None)]
        self.k = 0  # rows[:k] have fallen due
        self.open: list[Row] = []  # fallen due with something unpaid, oldest first
        self.not_yet_due = self.due_p = self.due_i = self.over_p = self.over_i = self.advance = 0
        # Exact accrual in đồng-days; "paid" is what was paid of the rounded amount (domain.md §5).
        self.in_term_dd = self.penalty_dd = self.penalty_paid = self.late_dd = self.late_paid = 0
        self.accrual_start: date | None = None
        self.disbursed = 0
        # What payments (directly or through the advance) have paid of interest (in-term and
        # overdue) and of penalty + late interest so far: the ledger recognises income from these.
        self.interest_collected = self.penalty_collected = 0
        self.repaid = 0  # every payment applied, in đồng (the ledger's bank side)
        self.closed_on: date | None = None
        self.written_off_on: date | None = None
        self.write_off: WriteOff | None = None
        self.allocations: dict[str | int, Allocation] = {}
        self.movements: list[Movement] = []
        self.restructurings: list[tuple[date, RestructureKind]] = []

    # --- rounded views of the exact accruals ---------------------------------------------------
    def penalty(self) -> Dong:
        return interest_for(self.penalty_dd, self.terms.overdue_rate) - self.penalty_paid if self.penalty_dd else 0

    def late(self) -> Dong:
        return interest_for(self.late_dd, self.terms.late_interest_rate) - self.late_paid if self.late_dd else 0

    def outstanding(self) -> Dong:
        return self.not_yet_due + self.due_p + self.over_p

    def note(self, day: date, kind: MovementKind, amount: Dong, reference=None) -> None:
        self.movements.append(Movement(value_date=day, kind=kind, amount=amount,
                                       principal_outstanding=self.outstanding(), reference=reference))

    # --- step 1: start of day ------------------------------------------------------------------
    def start_of_day(self, day: date, todays: list[Event]) -> None:
        for event in todays:
            if isinstance(event, Replanned):
                self.replan(event, day)
        self.fall_due(day)
        for event in todays:
            if isinstance(event, Disbursed):
                self.disburse(event, day)
        if any(isinstance(event, Recalled) for event in todays):
            self.recall(day)
        if self.advance and (self.due_p or self.due_i or self.over_p or self.over_i):
            settled, rest = settle_due(amount=self.advance, owed=self.owed(day), current_order=self.terms.current_order)
            self.apply(settled, day)
            self.note(day, MovementKind.ADVANCE_APPLIED, self.advance - rest)
            self.advance = rest
        self.check_closed(day)

    def fall_due(self, day: date) -> None:
        while self.k < len(self.rows) and self.rows[self.k].due == day:
            row = self.rows[self.k]
            self.k += 1
            self.not_yet_due -= row.principal
            if row.planned.interest_due:  # in-term interest since the previous due date, rounded once
                row.interest, self.in_term_dd, self.accrual_start = interest_for(self.in_term_dd, self.rate), 0, day
            self.due_p += row.principal
            self.due_i += row.interest
            if row.unpaid():
                self.open.append(row)
                self.note(day, MovementKind.FALLS_DUE, row.unpaid(), row.planned.seq)

    def disburse(self, event: Disbursed, day: date) -> None:
        if type(event.amount) is not int or event.amount <= 0:
            raise InvalidEvent("a disbursement must be a positive whole number of đồng", amount=event.amount)
        if not self.disbursed and self.rows and self.rows[0].due <= day:
            raise InvalidPlan("the plan has a due date on or before the first disbursement",
                              due_date=self.rows[0].due, disbursed_on=day)
        self.disbursed += event.amount
        self.not_yet_due += event.amount
        self.accrual_start = self.accrual_start or day
        self.closed_on = None
        # domain.md §4: a later tranche (or a first one unlike the plan) is re-spread over the
        # principal dates still ahead.
        if sum(row.principal for row in self.rows[self.k:]) != self.not_yet_due:
            self.respread(day)
        self.note(day, MovementKind.DISBURSEMENT, event.amount)

    def replan(self, event: Replanned, day: date) -> None:
        new = checked_plan(event.plan, after=day)
        planned = sum(p.principal for p in new)
        if planned != self.not_yet_due:
            raise InvalidPlan("the restructured plan must carry exactly the principal not yet due",
                              plan_principal=planned, principal_not_yet_due=self.not_yet_due)
        self.rows[self.k:] = [Row(p) for p in new]
        self.restructurings.append((day, event.kind))
        self.note(day, MovementKind.RESTRUCTURE, planned)

    def recall(self, day: date) -> None:
        """All principal not yet due and the in-term interest so far fall due today."""
        amount = self.not_yet_due
        seq = max((row.planned.seq for row in self.rows[:self.k]), default=0) + 1
        self.rows[self.k:] = [Row(PlannedDate(seq=seq, nominal_date=day, due_date=day, principal=amount))]
        self.fall_due(day)
        self.note(day, MovementKind.RECALL, amount)

    # --- step 2: payments ----------------------------------------------------------------------
    def owed(self, day: date) -> Owed:
        room = 0
        if self.k < len(self.rows):  # step 3: next instalment's principal + projected interest
            nxt = self.rows[self.k]
            projected = 0
            if nxt.planned.interest_due:
                days = (nxt.due - day).days
                projected = interest_for(self.in_term_dd + self.not_yet_due * days, self.rate)
            room = max(0, nxt.principal + projected - self.advance)
        return Owed(
            principal_overdue=self.over_p, interest_overdue=self.over_i, penalty_interest=self.penalty(),
            late_interest=self.late(), interest_due_today=self.due_i, principal_due_today=self.due_p,
            interest_accrued=interest_for(self.in_term_dd, self.rate), principal_not_yet_due=self.not_yet_due,
            advance_held=self.advance, advance_room=room,
        )

    def pay(self, event: Paid, day: date) -> None:
        if event.payment_id in self.allocations:
            raise InvalidEvent("a payment id was recorded twice", payment_id=event.payment_id)
        allocation = allocate(amount=event.amount, owed=self.owed(day), current_order=self.terms.current_order,
                              prepayment=self.terms.prepayment, payment_id=event.payment_id)
        self.apply(allocation, day)
        self.advance += allocation.advance
        self.repaid += event.amount
        self.allocations[event.payment_id] = allocation
        self.note(day, MovementKind.PAYMENT, event.amount, event.payment_id)
        self.check_closed(day)

    def apply(self, a: Allocation, day: date) -> None:
        """Book an allocation's parts (the advance held is the caller's)."""
        overdue, today = [r for r in self.open if r.due < day], [r for r in self.open if r.due == day]
        for rows, principal, interest in ((overdue, a.principal_overdue, a.interest_overdue),
                                          (today, a.principal_due_today, a.interest_due_today)):
            if principal or interest:  # oldest instalment first (domain.md §5 step 1)
                shares = zip(spread_oldest_first(principal, [r.principal - r.paid_principal for r in rows]),
                             spread_oldest_first(interest, [r.interest - r.paid_interest for r in rows]))
                for row, (to_principal, to_interest) in zip(rows, shares):
                    row.paid_principal += to_principal
                    row.paid_interest += to_interest
        self.over_p -= a.principal_overdue
        self.over_i -= a.interest_overdue
        self.interest_collected += a.interest_overdue + a.interest_due_today + a.interest_accrued
        self.penalty_collected += a.penalty_interest + a.late_interest
        self.due_p -= a.principal_due_today
        self.due_i -= a.interest_due_today
        # Paying the rounded penalty / late interest in full clears its fraction (domain.md §5).
        if a.penalty_interest:
            self.penalty_paid += a.penalty_interest
            if self.penalty() == 0:
                self.penalty_dd = self.penalty_paid = 0
        if a.late_interest:
            self.late_paid += a.late_interest
            if self.late() == 0:
                self.late_dd = self.late_paid = 0
        if a.pays_off:
            self.in_term_dd = 0
            self.not_yet_due -= a.principal_prepaid
            for row in self.rows[self.k:]:
                row.principal = 0
        elif a.principal_prepaid:
            self.prepay(a.principal_prepaid, day)
        self.open = [row for row in self.open if row.unpaid()]

    def prepay(self, amount: Dong, day: date) -> None:
        """domain.md §5 step 4: shorten the term or re-spread (REFUSE never gets here)."""
        self.not_yet_due -= amount
        if self.terms.prepayment is Prepayment.SHORTEN_TERM:
            for row in reversed(self.rows[self.k:]):  # off the last principal instalments
                take = min(amount, row.principal)
                row.principal -= take
                amount -= take
                if not amount:
                    break
        else:
            self.respread(day)

    def respread(self, day: date) -> None:
        plan = respread(remaining_principal=self.not_yet_due, dates=self.plan(), terms=self.terms,
                        from_date=day, balance_start_date=self.accrual_start)
        for row, planned in zip(self.rows[self.k:], plan[self.k:], strict=True):
            row.principal = planned.principal

    def check_closed(self, day: date) -> None:
        if (self.disbursed and not self.closed_on and not self.advance
                and not (self.not_yet_due or self.due_p or self.due_i or self.over_p or self.over_i)
                and not (self.penalty() or self.late() or interest_for(self.in_term_dd, self.rate))):
            self.closed_on = day  # fractions under half a đồng are dropped with the loan
            self.in_term_dd = self.penalty_dd = self.penalty_paid = self.late_dd = self.late_paid = 0

    # --- step 3: end of day --------------------------------------------------------------------
    def end_of_day(self, day: date) -> None:
        if self.due_p or self.due_i:  # chuyển nợ quá hạn: the notice date is this due date
            self.over_p, self.over_i = self.over_p + self.due_p, self.over_i + self.due_i
            self.due_p = self.due_i = 0
            self.note(day, MovementKind.TRANSFER_TO_OVERDUE, sum(r.unpaid() for r in self.open if r.due == day))

    def accrue(self, days: int) -> None:
        """``days`` end-of-day balances held unchanged (Circular 14/2017: first day counted)."""
        self.in_term_dd += self.not_yet_due * days
        self.penalty_dd += self.over_p * days
        self.late_dd += self.over_i * days

    # --- views ---------------------------------------------------------------------------------
    def plan(self) -> Plan:
        return tuple(row.planned if row.planned.principal == row.principal else replace(row.planned, principal=row.principal)
                     for row in self.rows)

    def balance(self, day: date) -> Balance:
        owed = self.owed(day)
        overdue_since = next((row.due for row in self.open if row.due < day), None)
        closed = self.closed_on is not None
        next_due = None
        if self.disbursed and not closed:
            if self.due_p or self.due_i:
                next_due = day
            elif self.k < len(self.rows):
                next_due = self.rows[self.k].due
        return Balance(
            as_of=day, principal_outstanding=self.outstanding(), principal_overdue=owed.principal_overdue,
            interest_overdue=owed.interest_overdue, penalty_interest=owed.penalty_interest,
            late_interest=owed.late_interest, principal_due_today=owed.principal_due_today,
            interest_due_today=owed.interest_due_today, interest_accrued=owed.interest_accrued,
            advance=self.advance, payoff_amount=owed.payoff_amount,
            days_past_due=(day - overdue_since).days if overdue_since else 0, next_due_date=next_due,
            principal_not_yet_due=self.not_yet_due, overdue_since=overdue_since, closed=closed,
            written_off=self.written_off_on is not None,
        )

    # --- checkpoints (``checkpoint``) ------------------------------------------------------------
    def snapshot(self, day: date) -> Checkpoint:
        """The fold at the start of ``day`` (call it before ``start_of_day``)."""
        index = {id(row): i for i, row in enumerate(self.rows)}
        return Checkpoint(
            day=day, rows=tuple(RowState(planned=r.planned, principal=r.principal, interest=r.interest,
                                         paid_principal=r.paid_principal, paid_interest=r.paid_interest)
                                for r in self.rows),
            fallen_due=self.k, open=tuple(index[id(row)] for row in self.open),
            counters={name: getattr(self, name) for name in COUNTERS}, accrual_start=self.accrual_start,
            closed_on=self.closed_on, written_off_on=self.written_off_on, write_off=self.write_off,
            restructurings=tuple(self.restructurings),
        )

    @classmethod
    def resumed(cls, terms: LoanTerms, checkpoint: Checkpoint) -> Fold:
        fold = cls(terms, ())
        fold.rows = [Row.of(*row) for row in checkpoint.rows]
        fold.k, fold.open = checkpoint.fallen_due, [fold.rows[i] for i in checkpoint.open]
        for name, value in checkpoint.counters.items():
            setattr(fold, name, value)
        fold.accrual_start, fold.closed_on = checkpoint.accrual_start, checkpoint.closed_on
        fold.written_off_on, fold.write_off = checkpoint.written_off_on, checkpoint.write_off
        fold.restructurings = list(checkpoint.restructurings)
        return fold

    def state(self, day: date, *, installments: bool = True, history_from: date | None = None,
              checkpoint: Checkpoint | None = None) -> LoanState:
        return LoanState(
            as_of=day, balance=self.balance(day), allocations=dict(self.allocations), plan=self.plan(),
            installments=installment_states(self.rows, ahead_from=self.k, as_of=day, not_yet_due=self.not_yet_due,
                                            in_term_dong_days=self.in_term_dd, annual_rate=self.rate,
                                            closed=self.closed_on is not None) if installments else (),
            movements=tuple(self.movements), disbursed=self.disbursed,
            closed_on=self.closed_on, written_off_on=self.written_off_on, restructurings=tuple(self.restructurings),
            interest_collected=self.interest_collected, penalty_collected=self.penalty_collected,
            write_off=self.write_off, carry=self.carry(day), repaid=self.repaid, history_from=history_from,
            checkpoint=checkpoint,
        )

    def carry(self, day: date) -> Carry:
        ahead = self.rows[self.k:self.k + 2] + [None, None]
        return Carry(
            in_term_dong_days=self.in_term_dd, principal_not_yet_due=self.not_yet_due,
            next_due=ahead[0] and ahead[0].due, second_due=ahead[1] and ahead[1].due,
            next_principal=ahead[0] and ahead[0].principal, second_principal=ahead[1] and ahead[1].principal,
            overdue_since=next((row.due for row in self.open if row.due < day), None), advance=self.advance,
            principal_overdue=self.over_p, interest_overdue=self.over_i, penalty_dong_days=self.penalty_dd,
            penalty_paid=self.penalty_paid, late_dong_days=self.late_dd, late_paid=self.late_paid,
            accrues_alone=(bool(self.disbursed) and self.closed_on is None and self.written_off_on is None
                           and not self.restructurings and not (self.due_p or self.due_i)
                           and not (self.advance and (self.over_p or self.over_i))),
        )


def checked_plan(plan: Iterable[PlannedDate], *, after: date | None) -> list[PlannedDate]:
    """Plan dates must strictly increase (and, for a restructuring, not lie before its date)."""
    dates, previous = list(plan), None
    for planned in dates:
        if (previous and planned.due_date <= previous) or (after and planned.due_date < after):
            raise InvalidPlan("plan due dates must strictly increase, from the restructuring date on",
                              due_date=planned.due_date)
        previous = planned.due_date
    return dates
