"""Benchmark: balance as of a date for a 20-year monthly loan with 240 payments, against a new loan.

    .venv/bin/python bench/replay.py
"""
from __future__ import annotations

import platform
import timeit
from datetime import date
from decimal import Decimal

from fundapp.domain.calendar import NO_HOLIDAYS
from fundapp.domain.events import Disbursed, Paid
from fundapp.domain.position import replay
from fundapp.domain.schedule import build_plan, build_schedule
from fundapp.domain.terms import LoanTerms

DISBURSED_ON = date(2025, 1, 10)


def history(months: int, paid: int):
    terms = LoanTerms(amount=2_000_000_000, annual_rate=Decimal("0.07"), term_months=months)
    schedule = build_schedule(terms, disbursed_on=DISBURSED_ON, calendar=NO_HOLIDAYS)
    plan = build_plan(terms, disbursed_on=DISBURSED_ON, calendar=NO_HOLIDAYS)
    events = [Disbursed(value_date=DISBURSED_ON, amount=terms.amount, seq=1)]
    events += [Paid(payment_id=row.seq, value_date=row.due_date, amount=row.total, seq=row.seq + 1)
               for row in schedule.installments[:paid]]
    as_of = schedule.installments[max(paid - 1, 0)].due_date
    return lambda: replay(terms=terms, plan=plan, events=events, as_of=as_of)


def best_ms(fn, repeat=20) -> float:
    return min(timeit.repeat(fn, number=1, repeat=repeat)) * 1000


if __name__ == "__main__":
    old, new = best_ms(history(240, 240)), best_ms(history(240, 1))
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"20-year loan, 240 payments: {old:.2f} ms; new loan (1 payment): {new:.2f} ms; ratio {old / new:.2f}")
