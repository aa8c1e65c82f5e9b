"""Benchmark: bringing a big loan book in from Excel (issue 8: at least 20,000 rows a second for the
insert itself).

    .venv/bin/python bench/import_speed.py --loans 10000
    .venv/bin/python bench/import_speed.py --loans 10000 --database-url postgresql://root@127.0.0.1:5432/fundapp_bench_import

Generates a workbook of N loans (three products; on-time, late and stopped payers; two years of
history), imports it into a fresh database through ``services.importing.import_workbook`` (the
use case the command line, the API and the page call) and reports the time to read, to check
(every loan's history replayed) and to write, with the rows written per second.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fundapp.app import create_app  # noqa: E402
from fundapp.db import migrate  # noqa: E402
from fundapp.db.audit import Actor  # noqa: E402
from fundapp.db.models import Base  # noqa: E402
from fundapp.db.session import transaction  # noqa: E402
from fundapp.domain.calendar import NO_HOLIDAYS  # noqa: E402
from fundapp.domain.schedule import build_schedule  # noqa: E402
from fundapp.domain.terms import LoanTerms, Method  # noqa: E402
from fundapp.exports.import_template import workbook_bytes  # noqa: E402
from fundapp.services import fund, products, users  # noqa: E402
from fundapp.services.importing import import_workbook  # noqa: E402

TODAY = date(2025, 6, 30)
PRODUCTS = {"NN": ("equal_principal", 1, 1, Decimal("0.07")), "MV": ("bullet", 0, 3, Decimal("0.065")),
            "TG": ("annuity", 1, 1, Decimal("0.08"))}
WRITTEN = ("borrowers", "loan_applications", "application_events", "loans", "collateral", "loan_events", "loan_plans",
           "journal_entries", "journal_lines", "import_batches")


def book_rows(loans: int, seed: int = 8) -> dict[str, list[list]]:
    """Borrowers (a cooperative per three loans, the rest members), loans, disbursements and
    repayments paid as scheduled (every 7th loan 5 days late, every 11th stops after 6 dates)."""
    rng = random.Random(seed)
    rows = {"borrowers": [], "loans": [], "disbursements": [], "repayments": []}
    coops = []
    for n in range(1, loans * 2 // 3 + 1):
        if n % 3 == 1 or not coops:
            coops.append(f"KH{n}")
            rows["borrowers"].append([f"KH{n}", "Hợp tác xã", f"Hợp tác xã Nông nghiệp số {n}", f"BENCH-{n}", None, None,
                                      None, None, None, None, None, None, None, "Nông nghiệp", "xã Di Linh"])
        else:
            rows["borrowers"].append([f"KH{n}", "Thành viên hợp tác xã", f"Thành viên số {n}", None, None, None, None,
                                      None, f"{n:012d}", date(1980, 1, 1), coops[-1], None, None, "Nông nghiệp",
                                      "xã Di Linh"])
    refs = [row[0] for row in rows["borrowers"]]
    for n in range(1, loans + 1):
        code = ("NN", "NN", "MV", "TG")[n % 4]
        method, principal_every, interest_every, rate = PRODUCTS[code]
        term = 12 if code == "MV" else rng.choice((24, 36))
        amount = rng.randrange(50_000_000, 900_000_000, 5_000_000)
        approved = date(2023, 6, 1) + timedelta(days=rng.randrange(0, 500))
        disbursed = approved + timedelta(days=3)
        contract = f"B-{n:06d}"
        rows["loans"].append([contract, refs[n % len(refs)], f"BENCH-{code}", amount, None, term, None, None, None, None,
                              approved, f"{n}/QĐ", "Sản xuất nông nghiệp", amount * 2, amount, None, None, approved,
                              "Đất đai, nhà ở, công trình", f"Thửa đất số {n}", amount])
        rows["disbursements"].append([contract, disbursed, amount, f"UNC-{n}"])
        terms = LoanTerms(amount=amount, annual_rate=rate, term_months=term, method=Method(method),
                          principal_every=principal_every, interest_every=interest_every)
        late = timedelta(days=5 if n % 7 == 0 else 0)
        for k, row in enumerate(build_schedule(terms, disbursed_on=disbursed, calendar=NO_HOLIDAYS).installments, 1):
            if row.due_date + late > TODAY or (n % 11 == 0 and k > 6):
                break
            rows["repayments"].append([contract, row.due_date + late, row.total, f"PT-{n}-{k}"])
    return rows


def fresh_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        server, _, name = url.rpartition("/")
        engine = create_engine(server.replace("postgresql://", "postgresql+psycopg://") + "/postgres",
                               isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    migrate.upgrade(url)


def counts(factory) -> dict[str, int]:
    with factory() as session:
        tables = {t.name: t for t in Base.metadata.sorted_tables}
        return {name: session.scalar(select(func.count()).select_from(tables[name])) for name in WRITTEN}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loans", type=int, default=10_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or f"sqlite:////tmp/fundapp-bench-import-{os.getpid()}.sqlite3")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = book_rows(args.loans)
    content = workbook_bytes(product_codes=[f"BENCH-{c}" for c in PRODUCTS], rows=rows)
    print(f"workbook: {args.loans:,} loans, {len(rows['borrowers']):,} borrowers, {len(rows['repayments']):,} "
          f"repayments, {len(content) / 1e6:.1f} MB, written in {time.perf_counter() - started:.1f} s")

    fresh_database(args.database_url)
    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": args.database_url, "FUNDAPP_TODAY": TODAY.isoformat()})
    factory = app.extensions["fundapp.session_factory"]
    with transaction(factory) as session:
        session.info["actor"] = Actor(None, "bench", "cli")
        admin = users.create_user(session, email="bench@quy.test", role="admin", password="bench-password-1")
        fund.record_contribution(session, amount=10**13, value_date=date(2025, 6, 2), decision_no="BENCH",
                                 source="provincial_budget", recorded_by=admin.id, today=TODAY)
        for code, (method, principal_every, interest_every, rate) in PRODUCTS.items():
            products.create_product(session, created_by=None, code=f"BENCH-{code}", name=code, annual_rate=rate,
                                    method=method, principal_every=principal_every, interest_every=interest_every,
                                    min_term_months=6, max_term_months=60, max_amount=10**12)
        admin_id = admin.id
    before = counts(factory)
    with app.app_context(), transaction(factory) as session:
        session.info["actor"] = Actor(admin_id, "bench@quy.test", "cli")
        outcome = import_workbook(session, content=content, filename="bench.xlsx", dry_run=False, user_id=admin_id,
                                  today=TODAY, settings=app.config)
        committed_at = time.perf_counter()
    commit = time.perf_counter() - committed_at
    assert outcome.status == "imported", [p.as_dict() for p in outcome.errors[:5]]
    after = counts(factory)
    written = sum(after[t] - before[t] for t in WRITTEN)
    seconds = outcome.seconds
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{args.database_url.split(':')[0]}")
    print(f"read {seconds['read']:.2f} s · check {seconds['check']:.2f} s ({args.loans / seconds['check']:,.0f} loans/s) · "
          f"write {seconds['write']:.2f} s + commit {commit:.2f} s")
    print("rows written: " + ", ".join(f"{t} {after[t] - before[t]:,}" for t in WRITTEN))
    print(f"insert: {written:,} rows in {seconds['write']:.2f} s = {written / seconds['write']:,.0f} rows/s "
          f"(with the commit: {written / (seconds['write'] + commit):,.0f} rows/s)")


if __name__ == "__main__":
    main()
