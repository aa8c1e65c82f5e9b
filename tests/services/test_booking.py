"""The ledger follows each loan's state: principal in term and overdue, interest income only while
in debt group 1, off balance sheet otherwise (Circular 52/2022 Art. 5.2), and `ledger verify`
names any drift between the ledger, the loans' booked amounts and their events."""
from __future__ import annotations

from datetime import date

import pytest

from fundapp.db.models import Loan
from fundapp.services import booking, ledger, loan_views, loans

from ..money_builders import EXAMPLE_DISBURSED_ON, approved_loan_on, capital, disburse, pay, session_for

APPROVED_ON = date(2025, 1, 6)


def book_on(app, loan_id: int, day: date) -> Loan:
    with session_for(app) as session:
        loan = loans.lock_loan(session, loan_id)
        booking.book(session, loan, as_of=day, recorded_by=None)
        session.expunge(loan)
        return loan


def loans_borrower(app, loan_id: int) -> int:
    with session_for(app) as session:
        return session.get(Loan, loan_id).borrower_id


@pytest.fixture
def loan_id(app):
    capital(app)
    loan_id = approved_loan_on(app, APPROVED_ON)
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    return loan_id


def test_in_group_1_interest_is_income_as_it_accrues(app, loan_id):
    loan = book_on(app, loan_id, date(2025, 2, 10))  # the first instalment falls due, unpaid
    assert (loan.booked_loans_in_term, loan.booked_loans_overdue) == (120_000_000, 0)
    assert loan.booked_interest_receivable == loan.booked_interest_income == 713_425
    assert loan.booked_memo_interest == 0 and loan.booked_bank == -120_000_000


def test_overdue_principal_moves_to_the_overdue_account_the_day_after_its_due_date(app, loan_id):
    loan = book_on(app, loan_id, date(2025, 2, 11))
    assert (loan.booked_loans_in_term, loan.booked_loans_overdue) == (110_000_000, 10_000_000)
    assert loan.cached_days_past_due == 1 and loan.cached_debt_group == 1


def test_in_group_2_interest_is_tracked_off_balance_sheet_until_it_is_collected(app, loan_id):
    book_on(app, loan_id, date(2025, 2, 10))
    loan = book_on(app, loan_id, date(2025, 2, 20))  # 10 days past due: group 2
    assert loan.cached_debt_group == 2
    assert loan.booked_interest_receivable == loan.booked_interest_income == 0  # reversed out of income
    assert loan.booked_memo_interest == 713_425 + 210_959 == -loan.booked_memo_contra
    assert loan.booked_penalty_income == 0  # penalty and late interest: income only when paid

    pay(app, loan_id, 20_000_000, date(2025, 2, 20))  # §5: clears the overdue, back to group 1
    with session_for(app) as session:
        loan = session.get(Loan, loan_id)
        assert loan.cached_debt_group == 1 and loan.booked_memo_interest == 0
        assert loan.booked_interest_income == 713_425 + 210_959  # collected + accrued again
        assert loan.booked_penalty_income == 28_767 + 1_955
        assert loan.booked_advances_held == 9_255_853


def test_every_loan_of_a_borrower_takes_its_worst_group(app):
    capital(app)
    late = approved_loan_on(app, APPROVED_ON)
    borrower_id = loans_borrower(app, late)
    on_time = approved_loan_on(app, APPROVED_ON, borrower_id=borrower_id, amount=60_000_000)
    disburse(app, late, 120_000_000, EXAMPLE_DISBURSED_ON)
    disburse(app, on_time, 60_000_000, EXAMPLE_DISBURSED_ON)
    pay(app, on_time, 5_356_712, date(2025, 2, 10))  # its instalment, on its date
    loan = book_on(app, late, date(2025, 2, 20))
    assert (loan.cached_own_group, loan.cached_debt_group) == (2, 2)
    with session_for(app) as session:
        sibling = session.get(Loan, on_time)
        assert (sibling.cached_own_group, sibling.cached_debt_group) == (1, 2)  # rebooked with the borrower
        assert sibling.booked_interest_receivable == 0 and sibling.booked_memo_interest > 0
        balance = loan_views.balance_view(session, sibling, as_of=date(2025, 2, 20), today=date(2025, 2, 20))
        assert (balance["loan_group"], balance["debt_group"]) == (1, 2)
        earlier = loan_views.balance_view(session, sibling, as_of=date(2025, 2, 15), today=date(2025, 2, 20))
        assert earlier["debt_group"] == 1  # on 15/02 the other loan was 5 days past due: group 1


def test_the_control_accounts_equal_the_sum_of_the_loans(app, loan_id):
    pay(app, loan_id, 20_000_000, date(2025, 2, 20))
    with session_for(app) as session:
        books = ledger.balances(session)
        loan = session.get(Loan, loan_id)
        assert books["loans_in_term"] == loan.booked_loans_in_term == 110_000_000
        assert books["interest_receivable"] == 210_959
        assert books["bank"] == 50_000_000_000 - 120_000_000 + 20_000_000
        assert ledger.verify(session) == []


@pytest.mark.corrupts_ledger
def test_verify_names_a_loan_whose_booked_amounts_drifted_from_its_events(app, loan_id):
    with session_for(app) as session:
        session.get(Loan, loan_id).booked_loans_in_term += 1  # a cache edited behind the ledger's back
    with session_for(app) as session:
        problems = ledger.verify(session)
    assert any("control account loans_in_term" in p for p in problems)
    assert any("loans' journal lines ≠ their booked amounts" in p for p in problems)
    assert any(f"loan {loan_id}: booked amounts ≠ its events" in p for p in problems)
    result = app.test_cli_runner().invoke(args=["ledger", "verify"])
    assert result.exit_code == 1 and f"loan {loan_id}" in result.output
