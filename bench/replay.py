"""Benchmark: balance as of a date for a 20-year monthly loan with 240 payments, against a new loan.

    .venv/bin/python bench/replay.py [--database URL]

Two measurements, best of 100 runs each (interleaved):
1. the fold alone (``domain.position.replay``): from the first event, and resumed from a
   checkpoint at the last payment's date (read back from its stored JSON each run);
2. ``GET /api/v1/loans/{id}/balance?as_of=`` in-process (Flask test client: token check, loan,
   checkpoint and events read, fold, debt group, JSON), on a fresh SQLite file or, with
   ``--database postgresql://root@127.0.0.1:5432``, a fresh PostgreSQL database
   ``fundapp_bench_replay``. The old loan's 240 payments are recorded through the API, on their due
   dates, so its checkpoint is the one a real fund's loan would have.
"""
from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import timeit
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fundapp.domain.calendar import NO_HOLIDAYS  # noqa: E402
from fundapp.domain.checkpoint import Checkpoint  # noqa: E402
from fundapp.domain.events import Disbursed, Paid  # noqa: E402
from fundapp.domain.position import replay  # noqa: E402
from fundapp.domain.schedule import build_plan, build_schedule  # noqa: E402
from fundapp.domain.terms import LoanTerms  # noqa: E402

DISBURSED_ON = date(2025, 1, 10)


def best_ms(*fns, repeat=100) -> list[float]:
    """Each function's best time in ms, the runs interleaved (a, b, a, b …) so that a busy moment
    of this shared host weighs on all of them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for n, fn in enumerate(fns):
            best[n] = min(best[n], timeit.timeit(fn, number=1))
    return [t * 1000 for t in best]


def fold_alone() -> tuple[float, float, float]:
    """(240 payments from the first event, the same resumed from its checkpoint, a new loan) in ms."""
    terms = LoanTerms(amount=2_000_000_000, annual_rate=Decimal("0.07"), term_months=240)
    schedule = build_schedule(terms, disbursed_on=DISBURSED_ON, calendar=NO_HOLIDAYS)
    plan = build_plan(terms, disbursed_on=DISBURSED_ON, calendar=NO_HOLIDAYS)
    events = [Disbursed(value_date=DISBURSED_ON, amount=terms.amount, seq=1)]
    events += [Paid(payment_id=row.seq, value_date=row.due_date, amount=row.total, seq=row.seq + 1)
               for row in schedule.installments]
    as_of = schedule.installments[-1].due_date
    last_day = events[-1].value_date
    stored = replay(terms=terms, plan=plan, events=events, as_of=as_of, checkpoint_on=last_day).checkpoint.to_json()
    after = [e for e in events if e.value_date >= last_day]

    def resumed():
        return replay(terms=terms, plan=(), events=after, as_of=as_of, start=Checkpoint.from_json(stored))

    new_as_of = schedule.installments[0].due_date
    return tuple(best_ms(lambda: replay(terms=terms, plan=plan, events=events, as_of=as_of), resumed,
                         lambda: replay(terms=terms, plan=plan, events=events[:2], as_of=new_as_of)))


def through_the_api(database: str | None) -> tuple[float, float, str]:
    """(old loan, new loan) in ms for the balance endpoint, and the database's name."""
    from fundapp.app import create_app
    from fundapp.db import migrate

    sys.path.insert(0, str(ROOT / "bench"))
    from repayments import api_caller, fresh_database, lend

    if database:
        url = fresh_database(database, "fundapp_bench_replay")
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
        migrate.upgrade(url)
    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": url})
    call, tokens, client = api_caller(app)
    old, new = lend(app, call, 2, amount=2_000_000_000, term_months=240)
    headers = {"Authorization": f"Bearer {tokens['accountant']}"}
    rows = client.get(f"/api/v1/loans/{old}/schedule", headers=headers).json["installments"]
    for row in rows:  # every instalment paid on its due date, recorded that day
        app.config["FUNDAPP_TODAY"] = row["due_date"]
        call("accountant", f"/loans/{old}/repayments", {"amount": row["total"], "value_date": row["due_date"]})
        if row is rows[0]:
            call("accountant", f"/loans/{new}/repayments", {"amount": row["total"], "value_date": row["due_date"]})

    def balance(loan_id, as_of):
        def get():
            response = client.get(f"/api/v1/loans/{loan_id}/balance?as_of={as_of}", headers=headers)
            assert response.status_code == 200, response.json
        return get

    # The old loan as of its last due date; the new one as of its first (both: after that day's payment).
    old_ms, new_ms = best_ms(balance(old, rows[-1]["due_date"]), balance(new, rows[0]["due_date"]))
    return old_ms, new_ms, url.split(":")[0]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    full, resumed, new = fold_alone()
    print(f"fold: 240 payments {full:.2f} ms from the first event, {resumed:.2f} ms from its checkpoint; "
          f"new loan {new:.2f} ms; ratio {resumed / new:.2f} (without checkpoint {full / new:.2f})")
    old_api, new_api, kind = through_the_api(args.database)
    print(f"GET balance ({kind}): 240 payments {old_api:.2f} ms; new loan {new_api:.2f} ms; "
          f"ratio {old_api / new_api:.2f}")
