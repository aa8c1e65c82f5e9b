"""A small loan book run through three months, for the end-of-day tests."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from fundapp.db.models import Base, Loan, MonthEndSnapshot, Notice
from fundapp.jobs import end_of_day
from fundapp.services import ledger
from fundapp.services.loans import state_of
from tests.conftest import KEPT_TABLES
from tests.money_builders import EXAMPLE_DISBURSED_ON, approved_loan_on, capital, clock_at, disburse, pay, session_for

START = date(2025, 1, 10)
END = date(2025, 4, 30)
# HTX Tân Phú pays February 10 days late and March on time, then stops paying (overdue from 10/04).
PAYMENTS = [(date(2025, 2, 20), 20_000_000), (date(2025, 3, 10), 10_000_000)]


def builders_borrower_of(app, loan_id: int) -> int:
    with session_for(app) as session:
        return session.get(Loan, loan_id).borrower_id


def book_a_loan(app) -> int:
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6))
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    return loan_id


def eod(app, through: date, today: date | None = None):
    return end_of_day.run(app.extensions["fundapp.session_factory"], through=through, today=today or through,
                          trigger="test", settings=app.config)


def more_loans(app) -> None:
    """HTX Di Linh borrows twice and pays nothing: its first loan goes overdue and drags the second
    into its group (a borrower's loans take its worst group)."""
    first = approved_loan_on(app, date(2025, 1, 6), amount=300_000_000)
    borrower = builders_borrower_of(app, first)
    second = approved_loan_on(app, date(2025, 1, 6), amount=80_000_000, borrower_id=borrower, term_months=6)
    disburse(app, first, 300_000_000, date(2025, 1, 8))
    disburse(app, second, 80_000_000, date(2025, 1, 20))


def day_by_day(app, loans: int = 1) -> dict:
    """Every day: record that day's payments, then end of day for it (as the scheduler would).
    Returns the ``book`` step's counts summed over the days."""
    loan_id = book_a_loan(app)
    if loans > 1:
        more_loans(app)
    payments = dict(PAYMENTS)
    day, counts = date(2024, 12, 2), {}
    while day <= END:
        with clock_at(app, day):
            if day in payments:
                pay(app, loan_id, payments[day], day)
            summary = eod(app, day, today=day + timedelta(days=1))
        for key, value in summary.counts.get("book", {}).items():
            counts[key] = counts.get(key, 0) + value
        day += timedelta(days=1)
    return counts


def catch_up(app) -> int:
    """The payments are recorded on their days, but end of day runs only once, at the end."""
    loan_id = book_a_loan(app)
    for day, amount in PAYMENTS:
        pay(app, loan_id, amount, day)
    eod(app, END, today=END + timedelta(days=1))
    return loan_id


def outcome(app) -> dict:
    with session_for(app) as session:
        loans = session.scalars(select(Loan).order_by(Loan.id)).all()
        return {
            "ledger": {k: v for k, v in ledger.balances(session).items() if v},
            # (``cached_in_bulk_on`` says how end of day got there, not where)
            "booked": [{c.key: getattr(l, c.key) for c in Loan.__table__.columns
                        if c.key.startswith(("booked_", "cached_")) and c.key != "cached_in_bulk_on"} for l in loans],
            "notices": sorted((n.kind, n.business_date, n.subject, str(n.figures)) for n in session.scalars(select(Notice))),
            "states": [state_of(session, l, as_of=END).balance for l in loans],
            "snapshots": [{c.key: getattr(s, c.key) for c in MonthEndSnapshot.__table__.columns
                           if c.key not in ("id", "loan_id", "borrower_id")}  # ids: PostgreSQL keeps counting
                          for s in session.scalars(select(MonthEndSnapshot).order_by(MonthEndSnapshot.month_end,
                                                                                    MonthEndSnapshot.loan_id))],
        }


def wipe(app) -> None:
    with app.extensions["fundapp.engine"].begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                connection.execute(table.delete())
