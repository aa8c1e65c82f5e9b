"""What the ledger should hold for a loan (domain.booking): balanced by construction, interest income
only in debt group 1 (Circular 52/2022 Art. 5.2), and every đồng paid accounted for."""
from datetime import date

from hypothesis import given

from fundapp.domain.booking import LOAN_ACCOUNTS, adjustment, balanced, targets
from fundapp.domain.events import Paid

from .test_position import Ledger
from .test_position_properties import PROPERTY, days_to_check, histories, state


def test_the_worked_example_after_the_payment_is_held_in_term_with_its_interest_and_advance():
    ledger = Ledger()
    ledger.pay(date(2025, 2, 20), 20_000_000)
    target = targets(ledger.state(date(2025, 2, 20)), debt_group=1)
    assert target == {
        "bank": 20_000_000 - 120_000_000, "loans_in_term": 110_000_000, "loans_overdue": 0,
        "interest_receivable": 210_959, "memo_interest": 0, "memo_contra": 0, "advances_held": 9_255_853,
        "interest_income": 713_425 + 210_959, "penalty_income": 28_767 + 1_955,
    }


def test_outside_group_1_interest_owed_is_off_balance_sheet_and_not_income():
    state = Ledger().state(date(2025, 2, 20))  # nothing paid: 10 days past due
    target = targets(state, debt_group=2)
    owed = 713_425 + 210_959
    assert (target["interest_receivable"], target["interest_income"]) == (0, 0)
    assert (target["memo_interest"], target["memo_contra"]) == (owed, -owed)
    assert (target["loans_in_term"], target["loans_overdue"]) == (110_000_000, 10_000_000)
    assert target["penalty_income"] == 0  # penalty is income only when collected


def test_the_adjustment_takes_what_is_booked_to_the_target_on_each_account_normal_side():
    booked = {"bank": -100, "loans_in_term": 100}  # lent 100
    target = {"bank": -90, "loans_in_term": 95, "interest_income": 5}  # 10 paid: 5 principal, 5 interest
    lines = adjustment(target, booked)
    assert lines == [("bank", 10, 0), ("loans_in_term", 0, 5), ("interest_income", 0, 5)]
    assert sum(d for _, d, _ in lines) == sum(c for _, _, c in lines)


@PROPERTY
@given(histories())
def test_the_targets_balance_and_every_dong_paid_is_principal_interest_penalty_or_advance(history):
    terms, plan, events, last = history
    for day in days_to_check(history):
        result = state(history, as_of=day)
        for group in (1, 3):
            assert balanced(targets(result, debt_group=group))
        paid = sum(e.amount for e in events if isinstance(e, Paid) and e.value_date <= day)
        principal_repaid = result.disbursed - result.balance.principal_outstanding
        assert paid == (principal_repaid + result.interest_collected + result.penalty_collected
                        + result.balance.advance)
        assert set(targets(result, debt_group=1)) == set(LOAN_ACCOUNTS)
