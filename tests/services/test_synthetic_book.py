"""``fundapp demo --loans N``: a synthetic book for benchmarks whose every loan agrees with its own
events and with the ledger, spread over the debt groups, that end of day then runs over."""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from fundapp.db.models import Borrower, ImportBatch, Loan, LoanEvent, LoanPlan, LoanStatus
from fundapp.services.loans import state_of
from tests.money_builders import session_for

AS_OF = date(2025, 6, 20)


def test_a_generated_book_agrees_with_its_events_and_the_ledger_and_end_of_day_runs_over_it(app):
    runner = app.test_cli_runner()

    made = runner.invoke(args=["demo", "--loans", "200", "--as-of", AS_OF.isoformat(), "--seed", "3"])

    assert made.exit_code == 0, made.output
    assert "200 loans" in made.output and "loans by debt group" in made.output
    verified = runner.invoke(args=["ledger", "verify"])
    assert verified.exit_code == 0, verified.output
    with session_for(app) as session:
        loans = session.scalars(select(Loan).order_by(Loan.id)).all()
        assert len(loans) == 200
        for loan in loans:  # every cache is what the loan's own events give as of the book's date
            balance = state_of(session, loan, as_of=AS_OF).balance
            assert loan.cached_as_of == AS_OF
            assert (loan.cached_principal_outstanding, loan.cached_principal_overdue, loan.cached_days_past_due) == (
                balance.principal_outstanding, balance.principal_overdue, balance.days_past_due), loan.contract_no
            assert loan.status is (LoanStatus.CLOSED if balance.closed else LoanStatus.ACTIVE)
        assert set(Counter(loan.cached_debt_group for loan in loans)) == {1, 2, 3, 4, 5}
        by_borrower: dict[int, list[Loan]] = {}
        for loan in loans:
            by_borrower.setdefault(loan.borrower_id, []).append(loan)
        assert any(len(mine) == 2 for mine in by_borrower.values())
        for mine in by_borrower.values():  # a borrower's loans all report its worst group
            assert {loan.cached_debt_group for loan in mine} == {max(loan.cached_own_group for loan in mine)}
        assert session.scalar(select(func.count()).select_from(LoanPlan)) == 200
        assert session.scalar(select(func.count()).select_from(LoanEvent).where(LoanEvent.kind == "repayment")) > 200
        kinds = Counter(session.scalars(select(Borrower.kind)))
        assert len(kinds) == 3 and sum(kinds.values()) == 180

    ran = runner.invoke(args=["eod", "--through", "2025-06-23"])

    assert ran.exit_code == 0, ran.output
    # The book is booked as of its date (20/06): end of day starts the day after, most loans in bulk.
    assert "succeeded: " in ran.output and "processed 2025-06-21 to 2025-06-23" in ran.output
    assert "failed 0" in ran.output and "ERROR" not in ran.output
    verified = runner.invoke(args=["ledger", "verify"])
    assert verified.exit_code == 0, verified.output


def test_each_run_adds_a_book_brought_up_to_today_by_default(app):
    runner = app.test_cli_runner()

    for _ in range(2):
        made = runner.invoke(args=["demo", "--loans", "30"])
        assert made.exit_code == 0, made.output

    with session_for(app) as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 2
        assert set(session.scalars(select(Loan.cached_as_of))) == {date(2025, 6, 30)}  # FUNDAPP_TODAY
        assert session.scalar(select(func.count()).select_from(Loan)) == 60
    assert runner.invoke(args=["ledger", "verify"]).exit_code == 0


def test_the_generator_refuses_a_date_in_the_future_and_its_options_without_loans(app):
    runner = app.test_cli_runner()

    future = runner.invoke(args=["demo", "--loans", "10", "--as-of", "2025-07-01"])
    none = runner.invoke(args=["demo", "--loans", "0"])
    alone = runner.invoke(args=["demo", "--as-of", "2025-06-01"])

    assert future.exit_code == 1 and "is in the future" in future.output
    assert none.exit_code == 1 and "from 1 to" in none.output
    assert alone.exit_code == 2 and "--as-of and --seed go with --loans" in alone.output
    with session_for(app) as session:
        assert session.scalar(select(func.count()).select_from(Loan)) == 0
