"""The append-only money events of one loan: what the daily fold (``position.replay``) consumes.

Events are facts with a **value date** (ngày giá trị), the day they count from. The order in which
they were recorded matters only between payments (and between disbursements) of the same value
date: ``seq`` is that recording order (domain.md §5: "two payments on the same day apply in the
order recorded"). Everything else follows from value dates, which is what makes a back-dated
payment give exactly the result it would have given on time, and a reversal (the payment simply
removed from the list) give the result as if it had never been recorded.

Same-day order, fixed here once: a restructuring takes effect at the start of its day (before
that day's due date), then the day's instalment falls due, then disbursements, then a recall, then
the held advance is applied, then payments in recorded order; a write-off is noted last.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from .money import Dong
from .plan import Plan


class RestructureKind(str, enum.Enum):
    """Kinds of restructuring (cơ cấu lại thời hạn trả nợ; Circular 39/2016 Art. 19; domain.md §6)."""

    RESCHEDULE = "reschedule"  # điều chỉnh kỳ hạn trả nợ: dates move, the term does not
    EXTEND = "extend"  # gia hạn nợ: repayment goes past the term


@dataclass(frozen=True, kw_only=True)
class Disbursed:
    """A disbursement (giải ngân) or a later tranche of the same approved loan (domain.md §4)."""

    value_date: date
    amount: Dong
    seq: int = 0


@dataclass(frozen=True, kw_only=True)
class Paid:
    """A repayment (trả nợ). ``seq`` orders payments of the same value date, nothing else."""

    payment_id: str | int
    value_date: date
    amount: Dong
    seq: int


@dataclass(frozen=True, kw_only=True)
class Replanned:
    """A restructuring decision: ``plan`` replaces every date not yet fallen due at the start of
    ``value_date``; its principal must add up to the principal not yet due at that moment.
    The old plan is kept in history by whoever stores the events (domain.md §6)."""

    value_date: date
    plan: Plan
    kind: RestructureKind


@dataclass(frozen=True, kw_only=True)
class Recalled:
    """Early recall (thu hồi nợ trước hạn): all principal not yet due and the in-term interest
    accrued so far fall due on ``value_date``; the remaining plan dates are cancelled."""

    value_date: date


@dataclass(frozen=True, kw_only=True)
class WrittenOff:
    """Write-off (xử lý rủi ro, domain.md §6). The debt is still owed and tracked off balance sheet,
    so the fold keeps accruing; it only records the date."""

    value_date: date


Event = Disbursed | Paid | Replanned | Recalled | WrittenOff

_SAME_DAY_RANK = {Replanned: 0, Disbursed: 1, Recalled: 2, Paid: 3, WrittenOff: 4}


def replay_order(event: Event) -> tuple[date, int, int]:
    """The order the fold applies events in: value date, then the fixed same-day order, then seq."""
    return event.value_date, _SAME_DAY_RANK[type(event)], getattr(event, "seq", 0)
