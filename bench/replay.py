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
PASSWORD = "bench-mat-khau-2025"


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
    from fundapp.db.session import transaction
    from fundapp.services import users

    if database:
        sys.path.insert(0, str(ROOT / "bench"))
        from repayments import fresh_database
        url = fresh_database(database, "fundapp_bench_replay")
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
        migrate.upgrade(url)
    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": url})
    app.config["FUNDAPP_TODAY"] = "2025-01-06"
    with transaction(app.extensions["fundapp.session_factory"]) as session:
        for role in ("admin", "officer", "appraiser", "approver", "accountant"):
            users.create_user(session, email=f"{role}@bench.test", role="officer" if role == "appraiser" else role,
                              password=PASSWORD)
    client = app.test_client()
    tokens = {role: client.post("/api/v1/auth/token", json={"email": f"{role}@bench.test", "password": PASSWORD}
                                ).json["access_token"] for role in ("admin", "officer", "appraiser", "approver",
                                                                    "accountant")}

    def call(who, path, body=None):
        response = client.post(f"/api/v1{path}", json=body, headers={"Authorization": f"Bearer {tokens[who]}"})
        assert response.status_code in (200, 201), (path, response.status_code, response.json)
        return response.json

    call("accountant", "/fund/capital-contributions", {"amount": 20_000_000_000, "value_date": "2025-01-02",
                                                       "decision_no": "01/QĐ-UBND", "source": "provincial_budget"})
    product = call("admin", "/loan-products", {
        "code": "DAIHAN", "name": "Cho vay đầu tư dài hạn", "annual_rate": "0.07", "method": "equal_principal",
        "principal_every": 1, "interest_every": 1, "min_term_months": 1, "max_term_months": 240,
        "max_amount": 2_000_000_000})["id"]
    loan_ids = []
    for n in range(2):
        borrower = call("officer", "/borrowers", {"kind": "cooperative", "name": f"Hợp tác xã Dài Hạn {n + 1}",
                                                  "commune": "xã Di Linh", "sector": "agriculture",
                                                  "registration_no": f"58090000{n}", "tax_code": f"580000000{n}"})["id"]
        application = call("officer", "/loan-applications", {
            "borrower_id": borrower, "product_id": product, "amount": 2_000_000_000, "term_months": 240,
            "grace_months": 0, "purpose": "Xây nhà máy sấy", "total_investment": 4_000_000_000,
            "own_capital": 2_000_000_000})["id"]
        call("officer", f"/loan-applications/{application}/submit")
        call("appraiser", f"/loan-applications/{application}/appraise",
             {"recommendation": "approve", "bad_debt_checked_on": "2025-01-06", "has_bad_debt": False})
        loan_ids.append(call("approver", f"/loan-applications/{application}/approve",
                             {"decision_no": f"{n}/QĐ"})["loan_id"])
    app.config["FUNDAPP_TODAY"] = DISBURSED_ON.isoformat()
    for loan_id in loan_ids:
        call("accountant", f"/loans/{loan_id}/disbursements", {"amount": 2_000_000_000,
                                                               "value_date": DISBURSED_ON.isoformat()})
    old, new = loan_ids
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
