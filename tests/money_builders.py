"""Builders for the money engine's tests: a fund with capital and an approved loan on given terms,
approved on a given date, plus the money moves through the services (as one request would).

    loan_id = approved_loan_on(app, date(2025, 1, 6), amount=120_000_000, term_months=12)
    disburse(app, loan_id, 120_000_000, date(2025, 1, 10))
    payment = pay(app, loan_id, 20_000_000, date(2025, 2, 20), today=date(2025, 2, 20))

The approval pipeline is the colleague's (``tests/builders.py``); these only fix the clock around
it, so the loan's ``approved_on`` is the date we need.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from fundapp.db.models import Loan, User
from fundapp.db.session import transaction
from fundapp.services import disbursements, repayments

from . import builders

# §3 example 2 / §5: HTX Nông nghiệp Tân Phú, 120,000,000 đ for 12 months at 7%, disbursed 10/01/2025.
EXAMPLE = {"amount": 120_000_000, "term_months": 12}
EXAMPLE_DISBURSED_ON = date(2025, 1, 10)


@contextmanager
def clock_at(app, day: date):
    """Move the business date for the block, then put it back."""
    before = app.config.get("FUNDAPP_TODAY")
    app.config["FUNDAPP_TODAY"] = day.isoformat()
    try:
        yield
    finally:
        app.config["FUNDAPP_TODAY"] = before


def session_for(app):
    return transaction(app.extensions["fundapp.session_factory"])


def capital(app, amount: int = 50_000_000_000, value_date: date = date(2024, 12, 2)) -> None:
    with clock_at(app, value_date):
        builders.fund_with_capital(app, amount, value_date=value_date)


def approved_loan_on(app, approved_on: date, *, product: dict | None = None, borrower_id: int | None = None,
                     amount: int = 120_000_000, term_months: int = 12, grace_months: int = 0,
                     has_bad_debt: bool | None = False, bad_debt_checked_on: date | None = None) -> int:
    """An approved loan for a cooperative of Lâm Đồng, approved on ``approved_on`` (the bad-debt
    check recorded the same day unless told otherwise)."""
    with clock_at(app, approved_on):
        product_id = builders.make_product(app, **(product or {}))
        borrower_id = borrower_id or builders.make_borrower(app, name="Hợp tác xã Nông nghiệp Tân Phú",
                                                            commune="xã Tân Phú")
        return builders.approved_loan(app, borrower_id=borrower_id, product_id=product_id, amount=amount,
                                      term_months=term_months, grace_months=grace_months, has_bad_debt=has_bad_debt,
                                      bad_debt_checked_on=bad_debt_checked_on or approved_on)


def enlarge(app, loan_id: int, amount: int) -> int:
    """Raise an approved loan's amount past what approval would allow (over-commitment)."""
    with session_for(app) as session:
        session.get(Loan, loan_id).amount = amount
    return loan_id


def accountant_id(app, who: str = "money") -> int:
    with session_for(app) as session:
        return builders.staff_user(session, "accountant", who).id


def disburse(app, loan_id: int, amount: int, value_date: date, *, today: date | None = None,
             by: str = "money") -> dict:
    recorder = accountant_id(app, by)
    with session_for(app) as session:
        return disbursements.disburse(session, loan_id=loan_id, amount=amount, value_date=value_date,
                                      recorded_by=recorder, today=today or value_date, settings=app.config)


def pay(app, loan_id: int, amount: int, value_date: date, *, today: date | None = None, by: str = "money") -> dict:
    recorder = accountant_id(app, by)
    with session_for(app) as session:
        return repayments.record_repayment(session, loan_id=loan_id, amount=amount, value_date=value_date,
                                           recorded_by=recorder, today=today or value_date)


def reverse(app, repayment_id: int, *, today: date, by: str = "checker", reason: str = "Ghi nhầm số tiền") -> dict:
    recorder = accountant_id(app, by)
    with session_for(app) as session:
        return repayments.reverse_repayment(session, repayment_id=repayment_id, reason=reason,
                                            recorded_by=recorder, today=today)


def loan_row(app, loan_id: int) -> Loan:
    with session_for(app) as session:
        loan = session.get(Loan, loan_id)
        session.expunge(loan)
        return loan


def user_row(app, user_id: int) -> User:
    with session_for(app) as session:
        return session.get(User, user_id)
