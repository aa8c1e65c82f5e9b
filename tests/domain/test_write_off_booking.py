"""What the ledger holds for a written-off loan (domain.booking, domain.md §6): nothing on the
balance sheet, the debt in the write-off memo accounts, the principal charged to provisions, income
as it was at the write-off, and everything collected afterwards a recovery."""
from datetime import date, timedelta

from hypothesis import given, strategies as st

from fundapp.domain.booking import balanced, targets
from fundapp.domain.events import Paid, WrittenOff

from .test_position import Ledger
from .test_position_properties import PROPERTY, histories, state


def test_a_loan_written_off_leaves_the_balance_sheet_for_the_memo_accounts():
    ledger = Ledger()
    ledger.pay(date(2025, 2, 20), 20_000_000)  # §5: 110,000,000 left, 9,255,853 held as an advance
    ledger.record(WrittenOff(value_date=date(2025, 2, 21)))
    result = ledger.state(date(2025, 2, 21))
    balance = result.balance
    target = targets(result, debt_group=5)
    owed_interest = (balance.interest_overdue + balance.interest_due_today + balance.interest_accrued
                     + balance.penalty_interest + balance.late_interest)
    assert target["loans_in_term"] == target["loans_overdue"] == target["interest_receivable"] == 0
    assert target["memo_interest"] == 0 and target["advances_held"] == 9_255_853  # still owed back
    assert target["memo_written_off_principal"] == balance.principal_outstanding == 110_000_000
    assert target["memo_written_off_interest"] == owed_interest == 232_055  # 10/02 → 21/02 on 110,000,000 at 7%
    assert target["memo_contra"] == -(110_000_000 + owed_interest)
    assert target["provision_expense"] == 110_000_000
    assert (target["interest_income"], target["penalty_income"]) == (713_425, 28_767 + 1_955)
    assert target["recovery_income"] == 0 and balanced(target)


def test_money_collected_after_the_write_off_is_recovery_income_and_reduces_the_memo():
    ledger = Ledger()
    ledger.record(WrittenOff(value_date=date(2025, 6, 30)))
    before = targets(ledger.state(date(2025, 7, 1)), debt_group=5)
    ledger.pay(date(2025, 7, 1), 15_000_000)
    after = targets(ledger.state(date(2025, 7, 1)), debt_group=5)
    assert after["recovery_income"] == 15_000_000
    assert after["bank"] - before["bank"] == 15_000_000
    assert before["memo_written_off_principal"] - after["memo_written_off_principal"] == 15_000_000
    assert after["interest_income"] == before["interest_income"] == 0  # income stays as it was
    assert balanced(after)


@PROPERTY
@given(histories(), st.integers(min_value=0, max_value=400))
def test_a_write_off_at_any_date_balances_and_recoveries_are_what_was_paid_after_it(history, offset):
    terms, plan, events, last = history
    disbursed_until = max(e.value_date for e in events if not isinstance(e, Paid))  # none after a write-off
    written_on = min(last, max(disbursed_until, date(2025, 1, 11) + timedelta(days=offset)))
    with_write_off = [*events, WrittenOff(value_date=written_on)]
    result = state(history, events=with_write_off, as_of=last)
    target = targets(result, debt_group=5)
    assert balanced(target)
    paid_after = sum(e.amount for e in events if isinstance(e, Paid) and written_on < e.value_date <= last)
    held_then = state(history, events=with_write_off, as_of=written_on).balance.advance
    assert target["recovery_income"] == paid_after + held_then - result.balance.advance
    assert target["provision_expense"] == result.write_off.principal
