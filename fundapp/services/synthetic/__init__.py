"""A synthetic loan book for benchmarks (``fundapp demo --loans N``): N loans brought up to a date.

- ``patterns``: a few hundred histories (product, amount, term, disbursement date, how the
  borrower pays), each replayed once by the API's fold; loan n takes pattern n mod their number;
- ``people``: the borrowers (cooperatives, their members, members of cooperative groups);
- ``book``: the rows, written in bulk in rounds of loans.

The book is recorded as the Excel import records a book it brings in (an ``ImportBatch`` naming the
command, ``loans.import_batch_id``): for fundapp its history predates the fund's use of the system,
so end of day starts on the book's date instead of replaying months of days, and month close opens
a loan's first month from its replayed balance. The fund gets the staff of the demo (their demo
logins), the products, the year's holidays and a capital contribution on the book's date that
covers what was lent.

The ledger gets ONE entry for the whole book, dated the book's date: per account, the sum over
loans of what each should hold (``domain.booking.targets``), in the shape end of day posts (lines
that name no loan, kind ``generated_book``), which ``ledger verify`` adds to the loans' own lines when
it compares the ledger with their ``booked_*`` amounts. The import posts an entry per loan; for a
million loans that would be five million more lines saying the same thing in total.
"""
from __future__ import annotations

import hashlib
import random
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...clock import now_utc
from ...db.bulk import Writer, analyze
from ...db.models import (ApplicationEvent, Borrower, BusinessDayStep, Collateral, ImportBatch, JobRun, Loan,
                          LoanApplication, LoanEvent, LoanPlan, LoanProduct, User)
from ...domain.booking import POSTED_ACCOUNTS, adjustment, targets
from ...domain.errors import DomainError
from ...domain.fund import CapitalSource
from .. import closing, demo, fund, holidays, ledger, products, users
from ..approval import take_turn
from ..booking import GENERATED_BOOK
from ..disbursements import lock_fund_capital
from . import book, patterns

MAX_PATTERNS = 600  # replayed once each (about 2 ms apiece)
MAX_LOANS = 9_999_999  # contract numbers have seven digits
STAFF = {"admin": "admin@quyhtx.vn", "officer": "canbo@quyhtx.vn", "appraiser": "thamdinh@quyhtx.vn",
         "approver": "giamdoc@quyhtx.vn", "accountant": "ketoan@quyhtx.vn"}


class InvalidBook(DomainError):
    rule = "generated_book"


@dataclass
class Generated:
    batch_id: int
    as_of: date
    seed: int
    patterns: int
    counts: dict
    statuses: dict  # loan status → loans
    groups: dict  # reported debt group → loans
    capital: int
    logins: list
    seconds: dict = field(default_factory=dict)  # phase → seconds


def generate(session: Session, *, loans: int, as_of: date, today: date, seed: int = 1,
             progress: Callable[[str, int, int], None] | None = None) -> Generated:
    """Write a book of ``loans`` loans as of ``as_of`` (nothing is committed here)."""
    if not 1 <= loans <= MAX_LOANS:
        raise InvalidBook(f"số khoản vay từ 1 đến {MAX_LOANS:,} / from 1 to {MAX_LOANS:,} loans", field="loans")
    if as_of > today:
        raise InvalidBook(f"ngày {as_of:%d/%m/%Y} ở tương lai / {as_of.isoformat()} is in the future",
                          field="as_of", today=today.isoformat())
    seconds: Counter = Counter()

    @contextmanager
    def timed(phase: str):
        started = time.perf_counter()
        yield
        seconds[phase] += time.perf_counter() - started

    with timed("setup"):
        take_turn(session)  # contract numbers and the fund's capital: one writer at a time (PostgreSQL)
        lock_fund_capital(session)
        staff = _staff(session)
        for year in range(as_of.year - 2, as_of.year + 2):
            holidays.fill_year(session, year=year)
        calendar = holidays.working_calendar(session)
        made = _products(session, created_by=staff["admin"].id)
    with timed("patterns"):
        shapes = patterns.draw(random.Random(seed), min(loans, MAX_PATTERNS), as_of=as_of, calendar=calendar)
        replayed = [patterns.replay_shape(shape, products.terms(made[shape.product], amount=shape.amount,
                                                                term_months=shape.term_months, grace_months=0),
                                          as_of=as_of, calendar=calendar) for shape in shapes]
    with timed("setup"):
        now = now_utc()
        command = f"fundapp demo --loans {loans} --as-of {as_of.isoformat()} --seed {seed}"
        batch = ImportBatch(filename=command, business_date=as_of, imported_at=now, imported_by=staff["officer"].id,
                            sha256=hashlib.sha256(f"{command} {now.isoformat()}".encode()).hexdigest(), counts={})
        session.add(batch)
        session.flush()
        amounts = [pattern.terms.amount for pattern in replayed]  # loan n takes pattern (n - 1) mod their number
        lent = sum(amounts) * (loans // len(amounts)) + sum(amounts[:loans % len(amounts)])
        capital = max(20_000_000_000, -(-lent * 6 // 5 // 1_000_000_000) * 1_000_000_000)
        fund.record_contribution(session, amount=capital, value_date=as_of, decision_no=f"SINH-{batch.id}/QĐ-UBND",
                                 source=CapitalSource.PROVINCIAL_BUDGET, recorded_by=staff["accountant"].id, today=as_of,
                                 note=f"Vốn cho sổ cho vay tạo tự động ({command})")
    context = book.Context(batch_id=batch.id, as_of=as_of, products={code: p.id for code, p in made.items()},
                           staff={role: staff[role].id for role in ("officer", "appraiser", "approver", "accountant")},
                           patterns=replayed, now=now, note=f"Sổ cho vay tạo tự động ({command})")
    write, written = Writer(session, None, 0), book.Written()
    for first in range(1, loans + 1, book.ROUND):
        book.write_round(write, context, written, range(first, min(first + book.ROUND, loans + 1)), timed)
        if progress:
            progress("loans", written.counts["loans"], loans)
    with timed("ledger"):
        entry = _journal(session, context, written, recorded_by=staff["accountant"].id, command=command)
        batch.counts = {key: written.counts[key] for key in ("borrowers", "loans", "disbursements", "repayments",
                                                             "collateral")}
        session.flush()
        _book_date_closed(session, as_of, loans=written.counts["loans"])
    with timed("analyze"):
        analyze(session, (Borrower, LoanApplication, ApplicationEvent, Collateral, Loan, LoanEvent, LoanPlan))
    statuses, groups = Counter(), Counter()
    for (index, group), count in written.by_pattern_group.items():
        statuses["closed" if replayed[index].state.closed_on else "active"] += count
        groups[group] += count
    counts = {**written.counts, "journal_lines": len(entry.lines) if entry else 0}
    return Generated(batch.id, as_of, seed, len(replayed), counts, dict(statuses), dict(sorted(groups.items())),
                     capital, demo.STAFF_LOGINS, {k: round(v, 2) for k, v in seconds.items()})


def _book_date_closed(session: Session, as_of: date, *, loans: int) -> None:
    """In a fund whose end of day has never run, the book's date counts as processed: every loan
    is booked as of it already, so end of day starts the next day (as for a fund that has run it
    all along) instead of replaying the whole book once. A month-end date keeps its month close."""
    if session.scalar(select(BusinessDayStep.business_date).limit(1)) is not None:
        return
    now = now_utc()
    steps = [step for step in closing.STEPS if step != "month_close" or not closing.is_month_end(as_of)]
    run = JobRun(kind="end_of_day", through=as_of, trigger="generated", status="succeeded", started_at=now,
                 finished_at=now, first_date=as_of, last_date=as_of, counts={"book": {"generated": loans}}, errors=[],
                 message=f"Sổ cho vay tạo tự động, đã ghi sổ đến ngày {as_of:%d/%m/%Y} / generated book, booked as of {as_of}")
    session.add(run)
    session.flush()
    session.add_all(BusinessDayStep(business_date=as_of, step=step, run_id=run.id, done_at=now,
                                    counts={"generated": loans}) for step in steps)


def _staff(session: Session) -> dict[str, User]:
    """The demo's staff (created with their demo logins when missing)."""
    found = {}
    for email, password, role in demo.STAFF_LOGINS:
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            user = users.create_user(session, email=email, role=role, password=password, full_name=demo.NAMES[email])
        found[email] = user
    return {role: found[email] for role, email in STAFF.items()}


def _products(session: Session, *, created_by: int) -> dict[str, LoanProduct]:
    """The generator's products: the current version when the code exists, else created."""
    made = {}
    for code, shape in patterns.PRODUCTS.items():
        product = session.scalar(select(LoanProduct).where(LoanProduct.code == code, LoanProduct.current))
        made[code] = product or products.create_product(session, created_by=created_by, code=code, **shape.values)
    return made


def _journal(session: Session, context: book.Context, written: book.Written, *, recorded_by: int, command: str):
    """One entry: per account, what the book's loans hold (see the module docstring)."""
    totals = Counter()
    for (index, group), count in written.by_pattern_group.items():
        target = targets(context.patterns[index].state, debt_group=group)
        for account in POSTED_ACCOUNTS:
            totals[account] += target.get(account, 0) * count
    lines = [ledger.Line(account, debit=debit, credit=credit) for account, debit, credit in adjustment(totals, {})]
    if not lines:
        return None
    return ledger.post(session, business_date=context.as_of, kind=GENERATED_BOOK, lines=lines, recorded_by=recorded_by,
                       description=f"Sổ cho vay tạo tự động đến ngày {context.as_of:%d/%m/%Y} / generated loan book "
                                   f"({command})"[:500],
                       source=f"generated:{context.batch_id}")
