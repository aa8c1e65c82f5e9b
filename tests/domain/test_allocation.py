"""The order of application of one payment (domain.md §5; Circular 39/2016 Art. 18.4)."""
import pytest
from hypothesis import given, strategies as st

from fundapp.domain.allocation import (
    Owed, PaymentExceedsPayoff, PaymentNotPositive, PrepaymentRefused, allocate, settle_due, spread_oldest_first,
)
from fundapp.domain.terms import CurrentOrder, Prepayment

# Hợp tác xã Dịch vụ Nông nghiệp Hòa Bình, two months behind on a 120,000,000 đ loan.
BEHIND = Owed(
    principal_overdue=20_000_000, interest_overdue=1_304_110, penalty_interest=57_534, late_interest=3_910,
    interest_due_today=594_521, principal_due_today=10_000_000, interest_accrued=0,
    principal_not_yet_due=90_000_000, advance_room=10_552_329,
)


def pay(amount, owed=BEHIND, *, order=CurrentOrder.INTEREST_FIRST, prepayment=Prepayment.SHORTEN_TERM):
    return allocate(amount=amount, owed=owed, current_order=order, prepayment=prepayment, payment_id="PT-001")


def test_overdue_principal_is_paid_before_anything_else():
    assert pay(15_000_000).principal_overdue == 15_000_000
    assert pay(15_000_000).interest_overdue == 0


def test_then_overdue_interest_then_penalty_then_late_interest():
    parts = pay(20_000_000 + 1_304_110 + 57_534 + 1_000)
    assert (parts.interest_overdue, parts.penalty_interest, parts.late_interest) == (1_304_110, 57_534, 1_000)


def test_what_is_due_today_comes_after_the_overdue_interest_first_by_default():
    overdue = 20_000_000 + 1_304_110 + 57_534 + 3_910
    parts = pay(overdue + 600_000)
    assert (parts.interest_due_today, parts.principal_due_today) == (594_521, 5_479)


def test_a_principal_first_product_pays_todays_principal_before_todays_interest():
    overdue = 20_000_000 + 1_304_110 + 57_534 + 3_910
    parts = pay(overdue + 600_000, order=CurrentOrder.PRINCIPAL_FIRST)
    assert (parts.principal_due_today, parts.interest_due_today) == (600_000, 0)


def test_after_today_comes_an_advance_up_to_the_room_left_then_a_prepayment():
    everything_due = 20_000_000 + 1_304_110 + 57_534 + 3_910 + 594_521 + 10_000_000
    parts = pay(everything_due + 10_552_329 + 5_000_000)
    assert parts.advance == 10_552_329 and parts.principal_prepaid == 5_000_000
    assert parts.amount == everything_due + 15_552_329 and not parts.pays_off


def test_a_product_that_refuses_prepayments_names_the_most_that_can_be_paid():
    everything_due = 20_000_000 + 1_304_110 + 57_534 + 3_910 + 594_521 + 10_000_000
    with pytest.raises(PrepaymentRefused) as refused:
        pay(everything_due + 10_552_329 + 1, prepayment=Prepayment.REFUSE)
    assert refused.value.figures["max_payable"] == everything_due + 10_552_329
    assert refused.value.figures["payoff_amount"] == BEHIND.payoff_amount


def test_paying_off_is_allowed_even_when_prepayments_are_refused():
    parts = pay(BEHIND.payoff_amount, prepayment=Prepayment.REFUSE)
    assert parts.pays_off and parts.principal_prepaid == 90_000_000


def test_the_payoff_uses_the_advance_held_and_pays_the_interest_accrued():
    owed = Owed(interest_accrued=210_959, principal_not_yet_due=110_000_000, advance_held=9_255_853)
    parts = pay(100_955_106, owed)
    assert (parts.interest_accrued, parts.advance, parts.principal_prepaid) == (210_959, -9_255_853, 110_000_000)
    assert parts.amount == 100_955_106


def test_more_than_the_payoff_is_refused_naming_the_payoff():
    with pytest.raises(PaymentExceedsPayoff) as refused:
        pay(BEHIND.payoff_amount + 1)
    assert refused.value.figures["payoff_amount"] == BEHIND.payoff_amount
    assert refused.value.figures["payment_id"] == "PT-001"


@pytest.mark.parametrize("amount", [0, -5, 1.5])
def test_a_payment_is_a_positive_whole_number_of_dong(amount):
    with pytest.raises(PaymentNotPositive):
        pay(amount)


def test_a_held_advance_settles_what_is_due_and_keeps_the_rest():
    owed = Owed(interest_due_today=590_685, principal_due_today=10_000_000)
    settled, rest = settle_due(amount=9_255_853, owed=owed, current_order=CurrentOrder.INTEREST_FIRST)
    assert (settled.interest_due_today, settled.principal_due_today, rest) == (590_685, 8_665_168, 0)


def test_instalments_are_paid_oldest_first():
    assert spread_oldest_first(15, [10, 10, 10]) == [10, 5, 0]


owed_parts = st.integers(min_value=0, max_value=10**10)


@given(
    owed=st.builds(Owed, principal_overdue=owed_parts, interest_overdue=owed_parts, penalty_interest=owed_parts,
                   late_interest=owed_parts, interest_due_today=owed_parts, principal_due_today=owed_parts,
                   interest_accrued=owed_parts, principal_not_yet_due=owed_parts, advance_room=owed_parts),
    share=st.fractions(min_value=0, max_value=1),
    order=st.sampled_from(CurrentOrder),
)
def test_the_parts_always_add_up_to_the_payment_and_none_is_negative(owed, share, order):
    amount = max(1, int(owed.payoff_amount * share))
    if amount > owed.payoff_amount or (amount < owed.payoff_amount and amount - sum(
            (owed.principal_overdue, owed.interest_overdue, owed.penalty_interest, owed.late_interest,
             owed.interest_due_today, owed.principal_due_today, owed.advance_room)) > owed.principal_not_yet_due):
        return  # above the payoff, or a prepayment larger than the principal (the fold never asks)
    parts = pay(amount, owed, order=order)
    assert parts.amount == amount
    assert all(getattr(parts, name) >= 0 for name in
               ("principal_overdue", "interest_overdue", "penalty_interest", "late_interest",
                "interest_due_today", "principal_due_today", "interest_accrued", "advance", "principal_prepaid"))
