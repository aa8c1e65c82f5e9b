"""Repayments and reversals at the service level: back-dating is exact, a reversal is as if the
payment had never been recorded, and the ledger follows both (domain.md §5)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fundapp.db.models import Account, JournalLine, Loan, LoanStatus
from fundapp.domain.allocation import PaymentExceedsPayoff
from fundapp.domain.errors import NotAllowed, StateConflict
from fundapp.services import booking, ledger, loans
from fundapp.services.repayments import InvalidRepayment, LaterPaymentRefused, list_repayments

from ..money_builders import (EXAMPLE_DISBURSED_ON, approved_loan_on, capital, disburse, pay, reverse,
                              session_for)

FEB, MAR, APR = date(2025, 2, 10), date(2025, 3, 10), date(2025, 4, 10)
FEBRUARY_INSTALMENT, MARCH_INSTALMENT = 10_713_425, 10_590_685


@pytest.fixture
def two_loans(app):
    """Two identical 120,000,000 đ loans of §3 example 2, disbursed 10/01/2025, to two cooperatives."""
    capital(app)
    ids = [approved_loan_on(app, date(2025, 1, 6)) for _ in range(2)]
    for loan_id in ids:
        disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    return ids


def book_on(app, loan_id: int, day: date) -> None:
    """What end of day does: bring the loan's ledger position to ``day``."""
    with session_for(app) as session:
        booking.book(session, loans.lock_loan(session, loan_id), as_of=day, recorded_by=None)


def ledger_of(app, loan_id: int) -> dict[str, int]:
    """The loan's journal lines summed per account (debit − credit), straight from the ledger."""
    with session_for(app) as session:
        rows = session.execute(select(Account.key, func.sum(JournalLine.debit) - func.sum(JournalLine.credit))
                               .join(Account, Account.id == JournalLine.account_id)
                               .where(JournalLine.loan_id == loan_id).group_by(Account.key)).all()
    return {key: int(amount) for key, amount in rows if amount}


def position(app, loan_id: int, *days: date):
    with session_for(app) as session:
        loan = session.get(Loan, loan_id)
        balances = [loans.state_of(session, loan, as_of=day).balance for day in days]
        parts = [{k: v for k, v in item.items() if k not in ("id", "loan_id", "recorded_at", "recorded_by")}
                 for item in list_repayments(session, loan, today=days[-1]) if not item["reversed"]]
        return balances, sorted(parts, key=lambda item: (item["value_date"], item["amount"]))


def test_a_payment_recorded_late_with_an_earlier_value_date_gives_the_on_time_result_and_ledger(app, two_loans):
    on_time, late = two_loans
    pay(app, on_time, FEBRUARY_INSTALMENT, FEB)
    pay(app, on_time, MARCH_INSTALMENT, MAR)
    pay(app, late, MARCH_INSTALMENT, MAR)  # keyed in first …
    pay(app, late, FEBRUARY_INSTALMENT, FEB, today=date(2025, 3, 28))  # … February's found on 28/03
    for loan_id in two_loans:
        book_on(app, loan_id, APR)
    days = (FEB, date(2025, 2, 11), MAR, date(2025, 3, 11), APR)
    assert position(app, late, *days) == position(app, on_time, *days)
    assert ledger_of(app, late) == ledger_of(app, on_time)
    assert position(app, late, APR)[0][0].days_past_due == 0


def test_a_reversed_payment_gives_the_result_as_if_it_had_never_been_recorded(app, two_loans):
    reversed_loan, never = two_loans
    wrong = pay(app, reversed_loan, 5_000_000, date(2025, 2, 3))  # keyed on the wrong loan
    pay(app, reversed_loan, FEBRUARY_INSTALMENT, FEB)
    pay(app, never, FEBRUARY_INSTALMENT, FEB)
    reverse(app, wrong["id"], today=date(2025, 2, 14))
    for loan_id in two_loans:
        book_on(app, loan_id, date(2025, 2, 14))
    days = (date(2025, 2, 3), FEB, date(2025, 2, 14))
    assert position(app, reversed_loan, *days) == position(app, never, *days)
    assert ledger_of(app, reversed_loan) == ledger_of(app, never)


def test_a_reversal_is_made_by_another_user_and_only_once(app, two_loans):
    payment = pay(app, two_loans[0], FEBRUARY_INSTALMENT, FEB, by="thu-ngan")
    with pytest.raises(NotAllowed):
        reverse(app, payment["id"], today=FEB, by="thu-ngan")
    reverse(app, payment["id"], today=FEB, by="ke-toan-truong")
    with pytest.raises(StateConflict):
        reverse(app, payment["id"], today=FEB, by="ke-toan-truong")


def test_a_payment_above_the_payoff_is_refused_saying_the_payoff(app, two_loans):
    with pytest.raises(PaymentExceedsPayoff) as refused:
        pay(app, two_loans[0], 121_000_000, date(2025, 2, 20))
    assert refused.value.figures["payoff_amount"] == 120_955_106
    assert refused.value.field == "amount" and "payment_id" not in refused.value.figures


def test_a_back_dated_payment_that_makes_a_later_one_exceed_its_payoff_is_refused_naming_it(app, two_loans):
    payoff = pay(app, two_loans[0], 120_955_106, date(2025, 2, 20))
    with pytest.raises(LaterPaymentRefused) as refused:
        pay(app, two_loans[0], 1_000_000, date(2025, 2, 15), today=date(2025, 2, 25))
    assert refused.value.figures["later_payment_id"] == payoff["id"]
    assert refused.value.figures["cause"] == "payment_exceeds_payoff"


def test_a_loan_closes_by_itself_when_fully_repaid_and_reopens_if_that_payment_is_reversed(app, two_loans):
    loan_id = two_loans[0]
    pay(app, loan_id, FEBRUARY_INSTALMENT, FEB)
    payoff = pay(app, loan_id, 110_105_479, date(2025, 2, 15))  # the payoff amount that day
    assert payoff["pays_off"] and payoff["interest_accrued"] == 105_479  # 110,000,000 × 7% × 5/365
    with session_for(app) as session:
        loan = session.get(Loan, loan_id)
        assert (loan.status, loan.closed_on) == (LoanStatus.CLOSED, date(2025, 2, 15))
        assert (loan.booked_loans_in_term, loan.booked_interest_receivable, loan.booked_advances_held) == (0, 0, 0)
    reverse(app, payoff["id"], today=date(2025, 2, 16))
    with session_for(app) as session:
        loan = session.get(Loan, loan_id)
        assert (loan.status, loan.closed_on, loan.cached_principal_outstanding) == (LoanStatus.ACTIVE, None,
                                                                                    110_000_000)


def test_a_payment_is_dated_neither_in_the_future_nor_before_the_disbursement(app, two_loans):
    with pytest.raises(InvalidRepayment) as future:
        pay(app, two_loans[0], 1_000_000, date(2025, 2, 21), today=date(2025, 2, 20))
    with pytest.raises(InvalidRepayment) as early:
        pay(app, two_loans[0], 1_000_000, date(2025, 1, 9), today=date(2025, 2, 20))
    assert future.value.field == early.value.field == "value_date"


def test_a_loan_not_yet_disbursed_takes_no_repayment(app):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6))
    with pytest.raises(StateConflict):
        pay(app, loan_id, 1_000_000, date(2025, 1, 20))


def test_the_fund_ledger_holds_what_the_loans_hold(app, two_loans):
    pay(app, two_loans[0], 20_000_000, date(2025, 2, 20))
    with session_for(app) as session:
        books = ledger.balances(session)
        assert books["loans_in_term"] + books["loans_overdue"] == 110_000_000 + 120_000_000
        assert books["advances_held"] == 9_255_853
        assert ledger.verify(session) == []
