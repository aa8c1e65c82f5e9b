"""Benchmark: the monthly outstanding-loan report of a closed month with 100,000 loans, on
PostgreSQL, as JSON (target under 2 s) and as XLSX (target under 60 s). Not a test.

    .venv/bin/python bench/reports.py [--loans 100000] [--repeat 3]

Creates a fresh PostgreSQL database (``BENCH_SERVER``, default ``postgresql://root@127.0.0.1:5432``;
name ``fundapp_bench_reports``), migrates it, and fills it directly with bulk COPY: ~40% as many
borrowers as loans (cooperatives and members in 120 communes, 9 sectors, 500 related groups), one
application and one loan each, collateral for half of them, and a closed month (31/05/2025): one
month-end snapshot per loan (debt groups 1–5, overdue, flows that reconcile) plus the 12 MonthClose
rows of the trend. Then it asks the API in-process (Flask test client, an officer's token) for
``/api/v1/reports/outstanding?month=2025-05`` as JSON and as XLSX and prints the times.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fundapp.db import migrate  # noqa: E402
from fundapp.db.models import Base  # noqa: E402
from fundapp.db.session import make_engine  # noqa: E402

MONTH_END = date(2025, 5, 31)
COMMUNES = [f"xã Thử Nghiệm {n}" for n in range(1, 101)] + [f"phường Đà Lạt {n}" for n in range(1, 21)]
SECTORS = ["agriculture", "forestry", "fisheries", "industry_handicraft", "trade_services", "transport",
           "construction", "credit", "other"]
GROUP_WEIGHTS = [85, 6, 4, 3, 2]
NOW = datetime(2025, 6, 1, 1, 0, tzinfo=timezone.utc)


def fresh_database(server: str, name: str) -> str:
    admin = make_engine(f"{server}/postgres").execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = f"{server}/{name}"
    migrate.upgrade(url)
    return url


def copy(connection, table: str, rows: list[dict]) -> None:
    """COPY rows into a table; columns left out take the model's scalar default (or NULL)."""
    columns = Base.metadata.tables[table].columns
    names = [c.name for c in columns if c.name in rows[0] or not c.primary_key or table == "month_closes"]
    defaults = {c.name: (c.default.arg if c.default is not None and c.default.is_scalar else None) for c in columns}
    with connection.cursor() as cursor:
        with cursor.copy(f'COPY {table} ({", ".join(names)}) FROM STDIN') as out:
            for row in rows:
                out.write_row([row.get(name, defaults[name]) for name in names])


def set_up(app, loans: int) -> str:
    """The fund (capital, a product, users) through the services; the book by COPY."""
    from fundapp.db.session import transaction
    from fundapp.services import fund, products, users

    factory = app.extensions["fundapp.session_factory"]
    with transaction(factory) as session:
        approver = users.create_user(session, email="approver@bench.test", role="approver", password="bench-2025-mk")
        users.create_user(session, email="officer@bench.test", role="officer", password="bench-2025-mk")
        product = products.create_product(session, created_by=None, code="BENCH", name="Cho vay thử nghiệm",
                                          annual_rate=Decimal("0.07"), method="equal_principal", principal_every=1,
                                          interest_every=1, min_term_months=1, max_term_months=120,
                                          max_amount=5_000_000_000, max_grace_months=6)
        fund.record_contribution(session, amount=500_000_000_000, value_date=date(2024, 1, 2), decision_no="1/QĐ-UBND",
                                 source="provincial_budget", recorded_by=approver.id, today=date(2025, 6, 1))
        approver_id, product_id = approver.id, product.id
    rng = random.Random(2025)
    n_borrowers = max(1, loans * 2 // 5)
    groups = [{"id": g, "name": f"Nhóm liên quan {g}", "note": ""} for g in range(1, 501)]
    borrowers = []
    for b in range(1, n_borrowers + 1):
        member = b % 4 == 0
        commune = rng.choice(COMMUNES)
        borrowers.append({
            "id": b, "kind": "cooperative_member" if member else "cooperative",
            "name": f"{'Thành viên' if member else 'Hợp tác xã'} thử nghiệm số {b}", "name_folded": f"bench {b}",
            "commune": commune, "commune_folded": commune.lower(), "sector": rng.choice(SECTORS),
            "district": "huyện cũ" if b % 3 else None, "registration_no": None if member else f"BENCH{b:08d}",
            "citizen_id": f"{b:012d}" if member else None, "date_of_birth": date(1980, 1, 1) if member else None,
            "related_group_id": rng.randint(1, 500) if b % 10 == 0 else None, "is_enterprise": False, "created_at": NOW})
    applications, loan_rows, collateral, snapshots = [], [], [], []
    for n in range(1, loans + 1):
        borrower = rng.randint(1, n_borrowers)
        amount = rng.randrange(50, 2_000) * 1_000_000
        term = rng.choice([6, 12, 24, 36, 60, 84])
        disbursed_on = date(2024 + rng.randint(0, 1), rng.randint(1, 4), rng.randint(1, 28))
        applications.append({"id": n, "borrower_id": borrower, "product_id": product_id, "status": "approved",
                             "amount": amount, "term_months": term, "grace_months": 0, "purpose": "Sản xuất kinh doanh",
                             "total_investment": amount * 2, "own_capital": amount, "created_by": approver_id,
                             "created_at": NOW})
        loan_rows.append({
            "id": n, "contract_no": f"HĐ-B-{n:07d}", "application_id": n, "borrower_id": borrower,
            "product_id": product_id, "status": "active", "amount": amount, "annual_rate": "0.07",
            "overdue_rate_factor": "1.5", "late_interest_rate": "0.10", "method": "equal_principal",
            "principal_every": 1, "interest_every": 1, "term_months": term, "grace_months": 0,
            "prepayment": "shorten_term", "current_order": "interest_first", "working_day_roll": True,
            "purpose": "Mua vật tư, máy móc phục vụ sản xuất", "capital_source": "own" if n % 7 else "Quỹ TW - HĐ 01/2024",
            "fund_bears_risk": bool(n % 14), "approved_on": disbursed_on, "approved_by": approver_id,
            "decision_no": f"{n}/QĐ-QHTX", "disbursed_on": disbursed_on, "disbursed_amount": amount,
            "maturity_date": date(disbursed_on.year + term // 12 + 1, disbursed_on.month, disbursed_on.day)})
        if n % 2 == 0:
            collateral.append({"id": n // 2, "application_id": n, "loan_id": n, "kind": "land_buildings",
                               "description": f"Quyền sử dụng đất thửa số {n}", "value": amount})
        group = rng.choices([1, 2, 3, 4, 5], GROUP_WEIGHTS)[0]
        closing = rng.randrange(0, amount // 1_000_000 + 1) * 1_000_000
        collected = rng.randrange(0, 20) * 1_000_000
        overdue = 0 if group == 1 else min(closing, rng.randrange(1, 50) * 1_000_000)
        specific = [0, 5, 20, 50, 100][group - 1] * max(0, closing - (amount // 2 if n % 2 == 0 else 0)) // 100
        snapshots.append({
            "id": n, "month_end": MONTH_END, "loan_id": n, "borrower_id": borrower, "status": "active",
            "principal_outstanding": closing, "principal_overdue": overdue, "interest_overdue": overdue // 50,
            "interest_due": 0, "interest_accrued": closing // 200, "penalty_interest": overdue // 300,
            "late_interest": overdue // 5000, "advance": 0, "days_past_due": [0, 30, 120, 200, 400][group - 1],
            "debt_group": group, "deductible_collateral": amount // 2 if n % 2 == 0 else 0,
            "specific_provision": specific if n % 14 else 0, "fund_bears_risk": bool(n % 14),
            "cum_disbursed": amount, "cum_principal_collected": amount - closing, "cum_interest_collected": 0,
            "cum_penalty_collected": 0, "cum_written_off": 0, "disbursed": 0, "principal_collected": collected,
            "interest_collected": closing // 150, "penalty_collected": 0, "written_off": 0,
            "opening_balance": closing + collected})
    outstanding = sum(s["principal_outstanding"] for s in snapshots)
    bad = sum(s["principal_outstanding"] for s in snapshots if s["debt_group"] >= 3)
    general = sum(s["principal_outstanding"] for s in snapshots if s["debt_group"] <= 4 and s["fund_bears_risk"]) * 75 // 10000
    closes = []
    for back in range(12):
        year, month = (MONTH_END.year, MONTH_END.month - back) if MONTH_END.month > back else (MONTH_END.year - 1, MONTH_END.month - back + 12)
        end = date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)
        closes.append({"month_end": date.fromordinal(end.toordinal() - 1), "closed_at": NOW,
                       "specific_provision": sum(s["specific_provision"] for s in snapshots) if back == 0 else 0,
                       "general_provision": general if back == 0 else 0,
                       "principal_outstanding": outstanding * (100 - back) // 100, "bad_debt": bad * (100 - 2 * back) // 100})
    engine = app.extensions["fundapp.engine"]
    raw = engine.raw_connection()
    try:
        for table, rows in (("related_groups", groups), ("borrowers", borrowers), ("loan_applications", applications),
                            ("loans", loan_rows), ("collateral", collateral), ("month_end_snapshots", snapshots),
                            ("month_closes", closes)):
            copy(raw.driver_connection, table, rows)
        raw.commit()
    finally:
        raw.close()
    with engine.begin() as connection:
        for table in ("related_groups", "borrowers", "loan_applications", "loans", "collateral", "month_end_snapshots"):
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
        connection.execute(text("ANALYZE"))
    return f"{outstanding:,} đ outstanding".replace(",", ".")


def timed(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    server = os.environ.get("BENCH_SERVER", "postgresql://root@127.0.0.1:5432")
    url = fresh_database(server, "fundapp_bench_reports")
    from fundapp.app import create_app

    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": url, "FUNDAPP_TODAY": "2025-06-15"})
    start = time.perf_counter()
    book = set_up(app, args.loans)
    print(f"generated {args.loans:,} loans' snapshots ({book}) in {time.perf_counter() - start:.1f} s")
    client = app.test_client()
    token = client.post("/api/v1/auth/token", json={"email": "officer@bench.test", "password": "bench-2025-mk"}).json
    headers = {"Authorization": f"Bearer {token['access_token']}"}

    def get(fmt: str, extra: str = ""):
        response = client.get(f"/api/v1/reports/outstanding?month=2025-05&format={fmt}{extra}", headers=headers)
        assert response.status_code == 200, response.data[:300]
        return response.data

    json_s, body = timed(lambda: get("json"), args.repeat)
    full_s, full = timed(lambda: get("json", f"&per_page={args.loans}"), args.repeat)
    xlsx_s, workbook = timed(lambda: get("xlsx"), max(1, args.repeat // 2))
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} CPUs, "
          f"python {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"PostgreSQL: {app.extensions['fundapp.engine'].dialect.server_version_info}")
    print(f"JSON  {args.loans:,} loans, first page of rows (default 1,000) with every total, group, exposure and "
          f"the trend: {json_s:.2f} s (best of {args.repeat}), {len(body) / 1e6:.1f} MB  [target < 2 s]")
    print(f"JSON  {args.loans:,} loans, every row (per_page={args.loans}): {full_s:.2f} s (best of {args.repeat}), "
          f"{len(full) / 1e6:.1f} MB")
    print(f"XLSX  {args.loans:,} loans: {xlsx_s:.2f} s, {len(workbook) / 1e6:.1f} MB  [target < 60 s]")


if __name__ == "__main__":
    main()
