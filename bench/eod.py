"""Benchmark: end of day over a synthetic loan book.

    .venv/bin/python bench/eod.py --loans 1000                       # SQLite file in /tmp
    DATABASE_URL=postgresql://root@127.0.0.1/fundapp_bench .venv/bin/python bench/eod.py --loans 1000

Builds N approved loans with bulk inserts, disburses each through the disbursement service (plan,
event, ledger), then times end of day for one date, the same date again, and a week of catch-up.
"""
from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from fundapp.app import create_app
from fundapp.clock import now_utc
from fundapp.db import migrate
from fundapp.db.audit import Actor
from fundapp.db.models import (ApplicationStatus, Borrower, CapitalContribution, LoanApplication, Loan, LoanProduct,
                               LoanStatus, User)
from fundapp.db.session import transaction
from fundapp.domain.fund import CapitalSource
from fundapp.jobs import end_of_day
from fundapp.services import disbursements, fund, users

START = date(2025, 1, 6)


def build_book(app, n: int) -> None:
    factory = app.extensions["fundapp.session_factory"]
    with transaction(factory) as session:
        session.info["actor"] = Actor(None, "bench", "cli")
        staff = users.create_user(session, email="bench@quy.test", role="accountant", password="bench-password-1")
        fund.record_contribution(session, amount=n * 200_000_000, value_date=START - timedelta(days=5),
                                 decision_no="BENCH", source=CapitalSource.PROVINCIAL_BUDGET, recorded_by=staff.id,
                                 today=START)
        product = LoanProduct(code="BENCH", version=1, current=True, name="Bench", annual_rate=Decimal("0.07"),
                              overdue_rate_factor=Decimal("1.5"), late_interest_rate=Decimal("0.10"),
                              method="equal_principal", principal_every=1, interest_every=1, min_term_months=6,
                              max_term_months=60, max_amount=10**12, max_grace_months=0, prepayment="shorten_term",
                              current_order="interest_first", working_day_roll=True, created_at=now_utc())
        session.add(product)
        session.flush()
        now = now_utc()
        session.execute(insert(Borrower), [dict(kind="cooperative", name=f"HTX số {i}", registration_no=f"BENCH-{i}",
                                                 commune="xã Di Linh", sector="agriculture", created_at=now,
                                                 name_folded=f"htx so {i}", commune_folded="xa di linh")
                                            for i in range(n)])
        borrower_ids = session.scalars(select(Borrower.id).order_by(Borrower.id)).all()
        session.execute(insert(LoanApplication), [dict(
            borrower_id=b, product_id=product.id, status=ApplicationStatus.APPROVED, amount=100_000_000, term_months=24,
            grace_months=0, purpose="bench", total_investment=200_000_000, own_capital=100_000_000,
            created_by=staff.id, created_at=now) for b in borrower_ids])
        applications = session.execute(select(LoanApplication.id, LoanApplication.borrower_id)).all()
        session.execute(insert(Loan), [dict(
            contract_no=f"B-{a}", application_id=a, borrower_id=b, product_id=product.id, status=LoanStatus.APPROVED,
            amount=100_000_000, annual_rate=Decimal("0.07"), overdue_rate_factor=Decimal("1.5"),
            late_interest_rate=Decimal("0.10"), method="equal_principal", principal_every=1, interest_every=1,
            term_months=24, grace_months=0, prepayment="shorten_term", current_order="interest_first",
            working_day_roll=True, purpose="bench", approved_on=START, approved_by=staff.id, decision_no="B",
            bad_debt_checked_on=START, has_bad_debt=False, disbursed_amount=0, version=0)
            for a, b in applications])
        loan_ids = session.scalars(select(Loan.id).order_by(Loan.id)).all()
        staff_id = staff.id
    started = time.perf_counter()
    for loan_id in loan_ids:
        with transaction(factory) as session:
            disbursements.disburse(session, loan_id=loan_id, amount=100_000_000, value_date=START,
                                   recorded_by=staff_id, today=START, settings=app.config)
    print(f"disbursed {n} loans through the service in {time.perf_counter() - started:.1f} s")


def timed(label, fn):
    started = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - started:.2f} s ({result.status})")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--loans", type=int, default=1000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:////tmp/fundapp-bench-{os.getpid()}.sqlite3"
    migrate.upgrade(url)
    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": url})
    build_book(app, args.loans)
    factory = app.extensions["fundapp.session_factory"]
    run = lambda through: end_of_day.run(factory, through=through, today=date(2025, 6, 30), trigger="bench",  # noqa
                                         settings=app.config)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {url.split(':')[0]}")
    timed("end of day up to the first disbursement date (catch-up from the fund's first event)", lambda: run(START))
    timed(f"end of day, one date, {args.loans} loans", lambda: run(START + timedelta(days=1)))
    timed("the same date again", lambda: run(START + timedelta(days=1)))
    timed("a week of catch-up", lambda: run(START + timedelta(days=8)))
