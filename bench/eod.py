"""Benchmark: end of day over a generated loan book.

    .venv/bin/python bench/eod.py --loans 1000                    # a temporary SQLite file
    .venv/bin/python bench/eod.py --loans 10000 --database-url postgresql://root@127.0.0.1:5432/fundapp_bench_eod

Builds the book with the generator of ``fundapp demo --loans N`` (``services.synthetic``: every loan
brought up to --as-of, a Thursday by default) in a fresh database (--database-url: created when
missing, refused when it already holds loans; else a temporary SQLite file), then times end of day
(``fundapp.jobs.end_of_day.run``, as ``fundapp eod`` and the scheduler call it) for:

1. the book's own date (nothing to do: the generator books every loan as of it);
2. one ordinary date, the day after, with the SQL statements it executes (a ``before_cursor_execute``
   listener: an ``executemany`` counts once), to show that the count does not grow with the loans;
3. the same date again (nothing to do);
4. one month-end date (the days before it caught up first, untimed), with its statement count: the
   first after going live, when every loan's opening balance is replayed once (month close);
5. a week of catch-up after it;
6. with --next-month-end, the following month end (the days before it untimed): a month close
   in the steady state.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta
from sqlalchemy import create_engine, event, func, inspect, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fundapp.app import create_app  # noqa: E402
from fundapp.db import migrate  # noqa: E402
from fundapp.db.audit import Actor  # noqa: E402
from fundapp.db.models import Loan  # noqa: E402
from fundapp.db.session import transaction  # noqa: E402
from fundapp.jobs import end_of_day  # noqa: E402
from fundapp.services import synthetic  # noqa: E402

AS_OF = date(2025, 6, 26)  # a Thursday: the next day is an ordinary working day, the month ends four days later


def fresh_database(url: str) -> None:
    """Create the PostgreSQL database if it is missing; refuse one that already holds loans."""
    if url.startswith("postgresql"):
        server, _, name = url.rpartition("/")
        engine = create_engine(server.replace("postgresql://", "postgresql+psycopg://") + "/postgres",
                               isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        if inspect(connection).has_table("loans") and connection.scalar(text("SELECT count(*) FROM loans")):
            sys.exit(f"{url} already holds loans: give a fresh database")
    engine.dispose()
    migrate.upgrade(url)


@contextmanager
def statements(engine):
    """The SQL statements executed on ``engine`` inside the block, by their first words:
    ``with statements(e) as seen: …; seen.total()``."""
    seen = Counter()

    def counted(_connection, _cursor, statement, *_):
        seen[" ".join(statement.split()[:4])[:70]] += 1

    event.listen(engine, "before_cursor_execute", counted)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", counted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loans", type=int, default=1000)
    parser.add_argument("--database-url", default=None, help="a fresh database (default: a temporary SQLite file)")
    parser.add_argument("--as-of", type=date.fromisoformat, default=AS_OF, help="the book's date")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--next-month-end", action="store_true", help="also time the following month end")
    parser.add_argument("--ordinary-only", action="store_true",
                        help="stop after the ordinary date and its repeat (for a million loans)")
    parser.add_argument("--statements", type=int, default=0, metavar="K",
                        help="also list the K most frequent statements of each counted run")
    args = parser.parse_args()
    temporary = None
    url = args.database_url
    if url is None:
        temporary = Path(tempfile.mkdtemp(prefix="fundapp-bench-eod-")) / "bench.sqlite3"
        url = f"sqlite:///{temporary}"
    as_of = args.as_of
    ordinary = as_of + timedelta(days=1)
    month_end = ordinary + relativedelta(day=31)
    week = month_end + timedelta(days=7)
    if month_end <= ordinary:
        sys.exit("--as-of must leave an ordinary day before its month's end")

    fresh_database(url)
    last = (week + relativedelta(day=31)) if args.next_month_end else week
    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": url, "FUNDAPP_TODAY": last.isoformat()})
    factory, engine = app.extensions["fundapp.session_factory"], app.extensions["fundapp.engine"]
    database = engine.dialect.name
    if database == "postgresql":
        with engine.connect() as connection:
            database = connection.scalar(text("SELECT version()")).split(" on ")[0]
            database += f" (autovacuum {connection.scalar(text('SHOW autovacuum'))})"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load average {load}, "
          f"Python {platform.python_version()}, {database}")

    started = time.perf_counter()
    with app.app_context(), transaction(factory) as session:
        session.info["actor"] = Actor(None, "bench", "cli")
        made = synthetic.generate(session, loans=args.loans, as_of=as_of, today=week, seed=args.seed)
    generation = time.perf_counter() - started
    counts = made.counts
    print(f"book: {counts['loans']:,} loans as of {as_of} ({', '.join(f'{v:,} {k}' for k, v in made.statuses.items())}; "
          f"groups {made.groups}), {counts['borrowers']:,} borrowers, "
          f"{counts['disbursements'] + counts['repayments']:,} loan events, {made.patterns} patterns")
    rows = generation - made.seconds["setup"] - made.seconds["patterns"]  # the rest grows with the loans
    print(f"generated in {generation:.1f} s (" + ", ".join(f"{k} {v:.2f}" for k, v in made.seconds.items())
          + f"); writing the rows: {rows * 100_000 / args.loans:.1f} s per 100,000 loans")

    def run(label: str, through: date, *, count: bool = False):
        with statements(engine) as executed:
            begun = time.perf_counter()
            summary = end_of_day.run(factory, through=through, today=last, trigger="bench", settings=app.config)
            seconds = time.perf_counter() - begun
        book = summary.counts.get("book", {})
        detail = f"loans {book.get('loans', 0):,}, quiet {book.get('quiet', 0):,}, replayed {book.get('replayed', 0):,}"
        sql = f", {executed.total():,} SQL statements" if count else ""
        print(f"{label}: {seconds:.2f} s ({summary.status}; {detail}; failed {book.get('failed', 0)}{sql})")
        if count and args.statements:
            for statement, times in executed.most_common(args.statements):
                print(f"    {times:>6,}  {statement}")
        assert summary.status in ("succeeded", "nothing_to_do"), summary.errors[:3]
        return summary

    run(f"end of day, the book's date {as_of} (booked by the generator)", as_of, count=True)
    run(f"end of day, one ordinary date {ordinary}", ordinary, count=True)
    run("the same date again", ordinary, count=True)
    if args.ordinary_only:
        return
    if month_end - ordinary > timedelta(days=1):
        run(f"  (untimed catch-up to {month_end - timedelta(days=1)})", month_end - timedelta(days=1))
    run(f"end of day, month end {month_end} (snapshots and provisions)", month_end, count=True)
    run(f"a week of catch-up to {week}", week, count=True)
    if args.next_month_end:
        following = week + relativedelta(day=31)
        run(f"  (untimed catch-up to {following - timedelta(days=1)})", following - timedelta(days=1))
        run(f"end of day, the next month end {following} (steady state)", following, count=True)
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Loan)) == args.loans
    if temporary is not None:
        engine.dispose()
        for leftover in temporary.parent.iterdir():
            leftover.unlink()
        temporary.parent.rmdir()


if __name__ == "__main__":
    main()
