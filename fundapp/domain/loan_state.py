"""What the fold (``position.replay``) hands back: the balance, the schedule rows, the statement.

Frozen views, built once at the end of a replay. Field names follow api.md (``balance``,
``repayments``, ``schedule``); extra fields are additions, never renames.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from .allocation import Allocation
from .events import RestructureKind
from .money import Dong
from .plan import Plan


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
