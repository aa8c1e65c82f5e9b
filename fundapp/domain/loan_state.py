"""What the fold (``position.replay``) hands back: the balance, the schedule rows, the statement.

Frozen views, built once at the end of a replay. Field names follow api.md (``balance``,
``repayments``, ``schedule``); extra fields are additions, never renames.
"""
from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from datetime import date
from decimal import Decimal

from .allocation import Allocation
from .events import RestructureKind
from .money import Dong, interest_for
from .plan import Plan, PlannedDate
from .quiet_day import Carry

if TYPE_CHECKING:
    from .checkpoint import Checkpoint


class InstallmentStatus(str, enum.Enum):
    PAID = "paid"
    PARTLY_PAID = "partly_paid"  # due today, something paid, something not
    OVERDUE = "overdue"
    DUE = "due"  # due today, nothing paid yet
    UPCOMING = "upcoming"


class MovementKind(str, enum.Enum):
    DISBURSEMENT = "disbursement"
    FALLS_DUE = "falls_due"
    ADVANCE_APPLIED = "advance_applied"
    PAYMENT = "payment"
    TRANSFER_TO_OVERDUE = "transfer_to_overdue"
    RESTRUCTURE = "restructure"
    RECALL = "recall"
    WRITE_OFF = "write_off"


@dataclass(frozen=True, kw_only=True)
class Balance:
    """What the borrower owes as of a date (the api.md ``balance`` fields, plus a few)."""

    as_of: date
    principal_outstanding: Dong
    principal_overdue: Dong
    interest_overdue: Dong
    penalty_interest: Dong
    late_interest: Dong
    principal_due_today: Dong
    interest_due_today: Dong
    interest_accrued: Dong
    advance: Dong
    payoff_amount: Dong
    days_past_due: int
    next_due_date: date | None
    principal_not_yet_due: Dong = 0
    overdue_since: date | None = None  # due date of the oldest instalment still unpaid after it
    closed: bool = False
    written_off: bool = False


@dataclass(frozen=True, kw_only=True)
class InstallmentState:
    """One plan date for the schedule screen. ``interest`` is what fell due, or the projection if
    paid on time for dates ahead; ``overdue_since`` is the due date at whose end the unpaid part
    was transferred to overdue (the overdue rate runs from that day)."""

    seq: int
    due_date: date
    nominal_date: date
    principal: Dong
    interest: Dong
    paid_principal: Dong
    paid_interest: Dong
    status: InstallmentStatus
    overdue_since: date | None = None


@dataclass(frozen=True, kw_only=True)
class Movement:
    """A dated line of the loan statement, with the principal outstanding after it."""

    value_date: date
    kind: MovementKind
    amount: Dong
    principal_outstanding: Dong
    reference: str | int | None = None


@dataclass(frozen=True, kw_only=True)
class WriteOff:
    """What the loan stood at when it was written off (xử lý rủi ro, domain.md §6): the principal
    that left the balance sheet and the income recognised up to then. After it, everything
    collected is a recovery (``domain.booking``)."""

    value_date: date
    principal: Dong
    interest_collected: Dong
    penalty_collected: Dong


@dataclass(frozen=True, kw_only=True)
class LoanState:
    """The result of a replay as of ``as_of``."""

    as_of: date
    balance: Balance
    allocations: dict[str | int, Allocation]
    plan: Plan  # the current plan, after prepayments, tranches and restructurings
    installments: tuple[InstallmentState, ...]
    movements: tuple[Movement, ...]
    disbursed: Dong
    closed_on: date | None
    written_off_on: date | None
    restructurings: tuple[tuple[date, RestructureKind], ...]
    interest_collected: Dong = 0  # in-term and overdue interest paid so far (advance included)
    penalty_collected: Dong = 0  # penalty and late interest paid so far
    write_off: WriteOff | None = None  # set from the write-off date on
    carry: Carry | None = None  # what end of day needs to advance a quiet day in bulk (``quiet_day``)
    repaid: Dong = 0  # every payment applied so far, in đồng
    # ``movements`` and ``allocations`` cover value dates from this day on (a replay resumed from a
    # checkpoint, ``domain.checkpoint``); None: the whole history.
    history_from: date | None = None
    checkpoint: Checkpoint | None = None  # the fold at the start of the day asked for, if any


class Row:
    """One plan date while the fold runs: mutable, private to the fold; frozen views are made
    from it at the end (``installment_states``)."""

    __slots__ = ("planned", "principal", "interest", "paid_principal", "paid_interest")

    def __init__(self, planned: PlannedDate):
        self.planned, self.principal = planned, planned.principal
        self.interest = self.paid_principal = self.paid_interest = 0

    @classmethod
    def of(cls, planned: PlannedDate, principal: int, interest: int, paid_principal: int, paid_interest: int) -> Row:
        row = cls.__new__(cls)
        row.planned, row.principal, row.interest = planned, principal, interest
        row.paid_principal, row.paid_interest = paid_principal, paid_interest
        return row

    @property
    def due(self) -> date:
        return self.planned.due_date

    def unpaid(self) -> Dong:
        return self.principal - self.paid_principal + self.interest - self.paid_interest


def installment_states(rows: Sequence[Row], *, ahead_from: int, as_of: date, not_yet_due: Dong,
                       in_term_dong_days: int, annual_rate: Decimal, closed: bool) -> tuple[InstallmentState, ...]:
    """The schedule screen's rows. ``rows[ahead_from:]`` have not fallen due: their interest is
    projected as if every date from here on is paid on time (domain.md §4, the schedule's column)."""
    views, balance, dong_days, previous = [], not_yet_due, in_term_dong_days, as_of
    for index, row in enumerate(rows):
        interest, status, since = row.interest, InstallmentStatus.PAID, None
        if index >= ahead_from:
            dong_days += balance * (row.due - previous).days
            previous, interest = row.due, 0
            if row.planned.interest_due:
                interest, dong_days = interest_for(dong_days, annual_rate), 0
            balance -= row.principal
            if not closed:
                status = InstallmentStatus.UPCOMING
        elif row.unpaid() and row.due < as_of:
            status, since = InstallmentStatus.OVERDUE, row.due
        elif row.unpaid():
            paid = row.paid_principal or row.paid_interest
            status = InstallmentStatus.PARTLY_PAID if paid else InstallmentStatus.DUE
        views.append(InstallmentState(
            seq=row.planned.seq, due_date=row.due, nominal_date=row.planned.nominal_date,
            principal=row.principal, interest=interest, paid_principal=row.paid_principal,
            paid_interest=row.paid_interest, status=status, overdue_since=since,
        ))
    return tuple(views)
