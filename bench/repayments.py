"""Benchmark: repayments through the API under load, with gunicorn on PostgreSQL (not a test).

    .venv/bin/python bench/repayments.py [--rate 100] [--seconds 20] [--loans 100] [--workers 4]

Creates a fresh PostgreSQL database (``BENCH_SERVER``, default ``postgresql://root@127.0.0.1:5432``;
name ``fundapp_bench_repayments``), migrates it, and sets up a fund through the API in-process:
20 bn đ of capital (more for over 150 loans) and ``--loans`` loans of 120,000,000 đ (12 months, 7%, equal principal), each approved on
06/01/2025 and disbursed on 10/01/2025. Then it starts gunicorn (business date 30/06/2025) and
sends repayments at a fixed rate (open loop: each request is due at its slot whether or not the
previous one answered) spread over the loans, with value dates from January to June, so most are
back-dated behind later ones already recorded. Latency is measured from each request's slot, so a
server that falls behind is not hidden (no coordinated omission). Prints p50 / p90 / p99 / max.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import requests
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fundapp.db import migrate  # noqa: E402
from fundapp.db.session import make_engine  # noqa: E402

PASSWORD = "bench-mat-khau-2025"
USERS = [("admin", "admin"), ("officer", "officer"), ("officer", "appraiser"), ("approver", "approver"),
         ("accountant", "accountant")]
PORT = 8765


def fresh_database(server: str, name: str) -> str:
    admin = make_engine(f"{server}/postgres").execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = f"{server}/{name}"
    migrate.upgrade(url)
    return url


def api_caller(app):
    """The bench's users, and ``call(who, path, body)`` posting as one of them through the API
    in-process; also their tokens and the test client."""
    from fundapp.db.session import transaction
    from fundapp.services import users

    app.config["FUNDAPP_TODAY"] = "2025-01-06"
    with transaction(app.extensions["fundapp.session_factory"]) as session:
        for role, who in USERS:
            users.create_user(session, email=f"{who}@bench.test", role=role, password=PASSWORD)
    client = app.test_client()
    tokens = {who: client.post("/api/v1/auth/token", json={"email": f"{who}@bench.test", "password": PASSWORD}
                               ).json["access_token"] for _, who in USERS}

    def call(who, path, body=None):
        response = client.post(f"/api/v1{path}", json=body, headers={"Authorization": f"Bearer {tokens[who]}"})
        assert response.status_code in (200, 201), (path, response.status_code, response.json)
        return response.json

    return call, tokens, client


def lend(app, call, loans: int, *, amount: int = 120_000_000, term_months: int = 12) -> list[int]:
    """Capital, a product and ``loans`` loans of ``amount``, each to its own cooperative, approved
    on 06/01/2025 and disbursed on 10/01/2025 (as officers would)."""
    capital = max(20_000_000_000, loans * amount * 13 // 12)  # enough to lend every loan
    call("accountant", "/fund/capital-contributions", {"amount": capital, "value_date": "2025-01-02",
                                                       "decision_no": "01/QĐ-UBND", "source": "provincial_budget"})
    product = call("admin", "/loan-products", {
        "code": "SXNN-BENCH", "name": "Cho vay sản xuất nông nghiệp", "annual_rate": "0.07",
        "method": "equal_principal", "principal_every": 1, "interest_every": 1, "min_term_months": 1,
        "max_term_months": max(36, term_months), "max_amount": max(1_000_000_000, amount)})["id"]
    total_investment = amount * 5 // 3  # the borrower's own capital: 40% of it
    ids = []
    for n in range(loans):
        borrower = call("officer", "/borrowers", {"kind": "cooperative", "name": f"Hợp tác xã Nông nghiệp số {n + 1}",
                                                  "commune": "xã Di Linh", "sector": "agriculture",
                                                  "registration_no": f"5809{n:06d}", "tax_code": f"58{n:08d}"})["id"]
        application = call("officer", "/loan-applications", {
            "borrower_id": borrower, "product_id": product, "amount": amount, "term_months": term_months,
            "grace_months": 0, "purpose": "Mua phân bón", "total_investment": total_investment,
            "own_capital": total_investment - amount})["id"]
        call("officer", f"/loan-applications/{application}/submit")
        call("appraiser", f"/loan-applications/{application}/appraise",
             {"recommendation": "approve", "bad_debt_checked_on": "2025-01-06", "has_bad_debt": False})
        ids.append(call("approver", f"/loan-applications/{application}/approve", {"decision_no": f"{n}/QĐ"})["loan_id"])
    app.config["FUNDAPP_TODAY"] = "2025-01-10"
    for loan_id in ids:
        call("accountant", f"/loans/{loan_id}/disbursements", {"amount": amount, "value_date": "2025-01-10"})
    return ids


def set_up(app, loans: int) -> list[int]:
    """The fund, users and disbursed loans, through the API in-process (as officers would)."""
    call, _, _ = api_caller(app)
    return lend(app, call, loans)


def start_gunicorn(url: str, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "FUNDAPP_ENV": "production", "SECRET_KEY": "bench-only",
           "FUNDAPP_TODAY": "2025-06-30"}
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{PORT}",
                               "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{PORT}/api/v1/openapi.json", timeout=10)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def load(loan_ids: list[int], *, rate: float, seconds: float, seed: int = 2025
         ) -> tuple[list[float], list[float], dict[int, int]]:
    """Open loop: request n is due at start + n / rate. The client is plain ``http.client`` (one
    connection per request, as gunicorn's sync workers close each one), to leave the CPUs to the
    server."""
    token = requests.post(f"http://127.0.0.1:{PORT}/api/v1/auth/token",
                          json={"email": "accountant@bench.test", "password": PASSWORD}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    rnd = random.Random(seed)
    total = int(rate * seconds)
    jobs = [(rnd.choice(loan_ids), rnd.randrange(200, 2_000) * 1_000,
             date(2025, 1, 11) + timedelta(days=rnd.randrange(0, 171))) for _ in range(total)]
    from_slot, service, statuses = [], [], {}
    lock = threading.Lock()
    start = time.perf_counter() + 0.5

    def send(n):
        slot = start + n / rate
        time.sleep(max(0.0, slot - time.perf_counter()))
        loan_id, amount, value_date = jobs[n]
        body = json.dumps({"amount": amount, "value_date": value_date.isoformat(), "reference": f"B-{n}"})
        sent = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        connection.request("POST", f"/api/v1/loans/{loan_id}/repayments", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        done = time.perf_counter()
        with lock:
            from_slot.append((done - slot) * 1000)
            service.append((done - sent) * 1000)
            statuses[response.status] = statuses.get(response.status, 0) + 1

    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(send, range(total)))
    return from_slot, service, statuses


def worker_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time (user + system) of gunicorn's workers so far, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def percentiles(values: list[float]) -> str:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {cuts[49]:.1f} ms, p90 {cuts[89]:.1f} ms, p99 {cuts[98]:.1f} ms, max {max(values):.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--loans", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--warmup", type=float, default=3, help="seconds at the rate first, not counted")
    args = parser.parse_args()
    url = fresh_database(os.environ.get("BENCH_SERVER", "postgresql://root@127.0.0.1:5432"), "fundapp_bench_repayments")
    print(f"setting up {args.loans} disbursed loans …", flush=True)
    from fundapp.app import create_app

    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": url})
    loan_ids = set_up(app, args.loans)
    app.extensions["fundapp.engine"].dispose()
    server = start_gunicorn(url, args.workers)
    idle_load = os.getloadavg()[0]  # others' work on the machine, before ours starts
    try:
        # Warm the workers first (imports, statement caches, prepared statements): not counted.
        load(loan_ids, rate=args.rate, seconds=args.warmup, seed=1)
        cpu_before = worker_cpu_seconds(server)
        wall = time.perf_counter()
        from_slot, service, statuses = load(loan_ids, rate=args.rate, seconds=args.seconds)
        wall = time.perf_counter() - wall - 0.5
        cpu = worker_cpu_seconds(server) - cpu_before
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(f"machine: {platform.machine()} {os.cpu_count()} CPUs, python {platform.python_version()}, "
          f"gunicorn {args.workers} sync workers, PostgreSQL on localhost")
    print(f"{len(service)} repayments at {args.rate:g}/s target ({len(service) / wall:.1f}/s achieved) "
          f"over {args.loans} loans; statuses {statuses}")
    print(f"latency from the request's slot: {percentiles(from_slot)}")
    print(f"server time (send → answer):     {percentiles(service)}")
    print(f"gunicorn workers' CPU: {cpu * 1000 / len(service):.1f} ms per repayment "
          f"(PostgreSQL and the load generator not included)")
    print(f"load average before the run {idle_load:.2f}, after {os.getloadavg()[0]:.2f} (on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
