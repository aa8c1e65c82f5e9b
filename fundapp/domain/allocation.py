"""The order of application of a payment (thứ tự thu nợ): ONE rule, here and nowhere else.

domain.md §5, Decree 45/2021 Art. 25, Circular 39/2016 Art. 18.4, Civil Code Art. 466, 468, 470:

1. what is overdue, principal first, then interest (Circular 39 Art. 18.4), oldest instalment first
   within each: overdue principal → overdue interest → penalty interest → late interest;
2. what is due today: interest → principal, or principal → interest (``terms.current_order``);
3. an advance (tiền trả trước) for the next instalment, up to its principal plus its projected
   interest, less the advance already held;
4. the rest is a prepayment of principal, or the whole payment is refused (``Prepayment.REFUSE``).

A payment equal to the payoff amount closes the loan; one above it is refused, naming the payoff.
The fold (``position``) says what is owed (``Owed``); this module only decides who gets what.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from .errors import DomainError
from .money import Dong
from .terms import CurrentOrder, Prepayment


class PaymentNotPositive(DomainError):
    """A payment is a positive whole number of đồng."""

    rule = "payment_not_positive"


class PaymentExceedsPayoff(DomainError):
    """More than the payoff amount was paid (domain.md §5); figures: ``payoff_amount``."""

    rule = "payment_exceeds_payoff"


class PrepaymentRefused(DomainError):
    """The product refuses prepayments; figures: ``max_payable`` (all but prepayment) and
    ``payoff_amount`` (paying off in full is always allowed)."""

    rule = "prepayment_refused"


@dataclass(frozen=True, kw_only=True)
class Owed:
    """What one payment can be applied to at the moment it is applied, each part rounded as the
    balance shows it. ``advance_room`` = the next instalment's principal + projected interest − the
    advance already held (never below 0), worked out by the fold."""

    principal_overdue: Dong = 0
    interest_overdue: Dong = 0
    penalty_interest: Dong = 0
    late_interest: Dong = 0
    interest_due_today: Dong = 0
    principal_due_today: Dong = 0
    interest_accrued: Dong = 0
    principal_not_yet_due: Dong = 0
    advance_held: Dong = 0
    advance_room: Dong = 0

    @property
    def payoff_amount(self) -> Dong:
        """All principal + interest due or overdue + in-term interest accrued + penalty + late
        interest − the advance held (domain.md §5)."""
        return (self.principal_overdue + self.interest_overdue + self.penalty_interest
                + self.late_interest + self.interest_due_today + self.principal_due_today
                + self.interest_accrued + self.principal_not_yet_due - self.advance_held)


@dataclass(frozen=True, kw_only=True)
class Allocation:
    """How one payment was applied (the api.md ``repayments`` parts); the parts add up to it.

    ``interest_accrued`` is non-zero only when the payment pays the loan off; ``advance`` is the
    change in the advance held (negative when a payoff uses it).
    """

    principal_overdue: Dong = 0
    interest_overdue: Dong = 0
    penalty_interest: Dong = 0
    late_interest: Dong = 0
    interest_due_today: Dong = 0
    principal_due_today: Dong = 0
    interest_accrued: Dong = 0
    advance: Dong = 0
    principal_prepaid: Dong = 0
    pays_off: bool = False

    @property
    def amount(self) -> Dong:
        return sum(getattr(self, f.name) for f in fields(self) if f.name != "pays_off")


def settle_due(*, amount: Dong, owed: Owed, current_order: CurrentOrder) -> tuple[Allocation, Dong]:
    """Steps 1 and 2: apply ``amount`` to what is overdue, then to what is due today.

    Also how a held advance pays a due date at the start of the day (domain.md §5 step 1), so both
    follow the same order. Returns the allocation and what is left of ``amount``.
    """
    rest = amount
    parts: dict[str, Dong] = {}
    today = ("interest_due_today", "principal_due_today")
    if current_order is CurrentOrder.PRINCIPAL_FIRST:
        today = today[::-1]
    # Circular 39 Art. 18.4: overdue principal before overdue interest; then penalty and late.
    for name in ("principal_overdue", "interest_overdue", "penalty_interest", "late_interest", *today):
        take = min(rest, getattr(owed, name))
        parts[name] = take
        rest -= take
    return Allocation(**parts), rest


def allocate(
    *,
    amount: Dong,
    owed: Owed,
    current_order: CurrentOrder,
    prepayment: Prepayment,
    payment_id: str | int | None = None,
) -> Allocation:
    """Apply a payment of ``amount`` to ``owed`` (domain.md §5 order of application)."""
    if type(amount) is not int or amount <= 0:
        raise PaymentNotPositive("a payment must be a positive whole number of đồng",
                                 field="amount", amount=amount, payment_id=payment_id)
    payoff = owed.payoff_amount
    if amount > payoff:
        raise PaymentExceedsPayoff(
            f"the payment {amount:,} đ is more than the payoff amount {payoff:,} đ",
            field="amount", payoff_amount=payoff, amount=amount, payment_id=payment_id,
        )
    if amount == payoff:
        # Paying off in full: every part as the balance shows it; the advance held is used.
        return Allocation(
            principal_overdue=owed.principal_overdue, interest_overdue=owed.interest_overdue,
            penalty_interest=owed.penalty_interest, late_interest=owed.late_interest,
            interest_due_today=owed.interest_due_today, principal_due_today=owed.principal_due_today,
            interest_accrued=owed.interest_accrued, advance=-owed.advance_held,
            principal_prepaid=owed.principal_not_yet_due, pays_off=True,
        )
    settled, rest = settle_due(amount=amount, owed=owed, current_order=current_order)
    # Step 3: the advance is applied on the next due date; early payment earns no discount
    # (Civil Code Art. 470.2), it just makes the borrower on time.
    advance = min(rest, owed.advance_room)
    prepaid = rest - advance
    if prepaid and prepayment is Prepayment.REFUSE:
        raise PrepaymentRefused(
            f"this loan does not take prepayments: at most {amount - prepaid:,} đ can be paid now, "
            f"or the payoff amount {payoff:,} đ",
            field="amount", max_payable=amount - prepaid, payoff_amount=payoff, payment_id=payment_id,
        )
    if prepaid > owed.principal_not_yet_due:  # cannot happen while amount < payoff; never silently
        raise AssertionError(f"prepayment {prepaid} above principal not yet due {owed.principal_not_yet_due}")
    parts = {f.name: getattr(settled, f.name) for f in fields(settled)}
    return Allocation(**{**parts, "advance": advance, "principal_prepaid": prepaid})


def spread_oldest_first(amount: Dong, unpaid: Sequence[Dong]) -> list[Dong]:
    """Split ``amount`` over instalments' unpaid amounts, oldest first (domain.md §5 step 1)."""
    shares = []
    for owed in unpaid:
        take = min(amount, owed)
        shares.append(take)
        amount -= take
    if amount:
        raise AssertionError(f"{amount} đ left after paying every instalment")
    return shares
