"""The ``fundapp`` command (a Flask CLI group; each command also works as ``flask --app wsgi ...``)."""
from __future__ import annotations

import sys
from contextlib import contextmanager

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from .db.audit import Actor


@contextmanager
def cli_transaction():
    """One transaction per command, the audit trail saying it came from the command line."""
    from .db.session import transaction

    with transaction(current_app.extensions["fundapp.session_factory"]) as session:
        session.info["actor"] = Actor(None, "cli", "cli")
        yield session


db_cli = AppGroup("db", help="The database schema (Alembic migrations).")
users_cli = AppGroup("users", help="Users and roles.")
ledger_cli = AppGroup("ledger", help="The double-entry ledger.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision):
    """Migrate the configured database to the newest schema."""
    from .db import migrate

    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


@db_cli.command("downgrade")
@click.option("--revision", default="base", show_default=True)
def db_downgrade(revision):
    """Migrate the configured database down (to base: an empty database)."""
    from .db import migrate

    migrate.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(["admin", "officer", "approver", "accountant", "auditor", "borrower"]))
@click.option("--borrower", "borrower_id", type=int, default=None, help="the borrower a portal user speaks for")
@click.option("--password", default=None, help="asked for when not given")
@click.option("--name", "full_name", default="")
def users_create(email, role, borrower_id, password, full_name):
    """Create a user with a role."""
    from .domain.errors import DomainError
    from .services import users

    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with cli_transaction() as session:
            user = users.create_user(session, email=email, role=role, password=password,
                                     borrower_id=borrower_id, full_name=full_name)
            click.echo(f"created {user.role.value} {user.email} (id {user.id})")
    except DomainError as error:
        raise click.ClickException(f"{error.field or 'user'}: {error.message}") from error


@ledger_cli.command("verify")
def ledger_verify():
    """Recompute every balance from the entries; exit 1 naming each problem."""
    from .services import booking, ledger  # noqa: F401 — booking adds the loans' control checks

    with cli_transaction() as session:
        problems = ledger.verify(session)
    if problems:
        for problem in problems:
            click.echo(f"FAIL {problem}", err=True)
        sys.exit(1)
    click.echo("ledger OK: every entry balances and the control accounts agree")


@click.command("demo")
@with_appcontext  # as AppGroup's commands: the test runner's invocations need it too
@click.option("--loans", type=int, default=None,
              help="instead: generate a synthetic book of N loans for benchmarks (each run adds one)")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="with --loans: the business date the book is brought up to (default: today)")
@click.option("--seed", type=int, default=None, help="with --loans: the patterns drawn (default 1)")
def demo(loans, as_of, seed):
    """Load a realistic demo fund (once) and print the demo logins; with --loans N, generate a
    synthetic loan book of N loans instead."""
    from .services import demo as demo_service

    if loans is not None:
        _generate(loans=loans, as_of=as_of.date() if as_of else _today(), seed=1 if seed is None else seed)
        return
    if as_of is not None or seed is not None:
        raise click.UsageError("--as-of and --seed go with --loans")
    with cli_transaction() as session:
        logins = demo_service.load(session, today=_today())
    if logins is None:
        click.echo("demo data is already loaded; nothing changed")
        logins = demo_service.LOGINS
    click.echo("Demo logins (email / password):")
    for email, password, role in logins:
        click.echo(f"  {role:<11} {email:<32} {password}")


def _generate(*, loans: int, as_of, seed: int) -> None:
    """``demo --loans N``: the book in one transaction, a progress line on stderr, what was made."""
    import time

    from .domain.errors import DomainError
    from .services import synthetic

    started = time.perf_counter()

    def progress(what, done, total):
        click.echo(f"\r  {what} {done:,}/{total:,} ({time.perf_counter() - started:.1f} s)", err=True,
                   nl=done >= total)

    try:
        with cli_transaction() as session:
            made = synthetic.generate(session, loans=loans, as_of=as_of, today=_today(), seed=seed,
                                      progress=progress)
            committing = time.perf_counter()
    except DomainError as error:
        raise click.ClickException(f"{error.field or 'demo'}: {error.message}") from error
    made.seconds["commit"] = round(time.perf_counter() - committing, 2)
    total = time.perf_counter() - started
    counts = made.counts
    click.echo(f"Generated loan book (import batch {made.batch_id}) as of {made.as_of.isoformat()}, seed {made.seed}, "
               f"{made.patterns} history patterns:")
    click.echo(f"  {counts['loans']:,} loans ({', '.join(f'{v:,} {k}' for k, v in sorted(made.statuses.items()))}), "
               f"{counts['borrowers']:,} borrowers, {counts['applications']:,} approved applications, "
               f"{counts['collateral']:,} collateral items")
    click.echo(f"  {counts['disbursements'] + counts['repayments']:,} loan events ({counts['disbursements']:,} "
               f"disbursements, {counts['repayments']:,} repayments), {counts['loans']:,} plans, "
               f"1 journal entry of {counts['journal_lines']} lines, capital {made.capital:,} đ")
    click.echo("  loans by debt group: " + ", ".join(f"{g}: {n:,}" for g, n in made.groups.items()))
    click.echo("  seconds: " + ", ".join(f"{phase} {value:.2f}" for phase, value in made.seconds.items())
               + f"; total {total:.1f} ({total * 100_000 / counts['loans']:.1f} per 100,000 loans)")
    click.echo("Demo logins (email / password):")
    for email, password, role in made.logins:
        click.echo(f"  {role:<11} {email:<32} {password}")


@click.command("eod")
@with_appcontext
@click.option("--through", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="the last business date to process (YYYY-MM-DD)")
def eod(through):
    """Run end of day for every business date not yet processed, up to and including --through."""
    from .jobs import end_of_day

    summary = end_of_day.run(current_app.extensions["fundapp.session_factory"], through=through.date(),
                             today=_today(), trigger="cli", settings=current_app.config)
    click.echo(f"{summary.status}: {summary.message}")
    for step, counts in summary.counts.items():
        click.echo(f"  {step}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for error in summary.errors:
        click.echo(f"  ERROR {error}", err=True)
    if summary.status in ("busy", "refused", "failed"):
        sys.exit(1)


@click.command("scheduler")
def scheduler():
    """The scheduler process: end of day at 00:30 Asia/Ho_Chi_Minh (run exactly one per deployment)."""
    from .jobs import scheduler as jobs_scheduler

    jobs_scheduler.serve(current_app._get_current_object())


def _today():
    from .clock import today

    return today(current_app.config)


def register(app: Flask) -> None:
    from .import_cli import import_cli
    from .report_cli import report_cli

    for command in (db_cli, users_cli, ledger_cli, demo, eod, scheduler, report_cli, import_cli):
        app.cli.add_command(command)


def _create_app():
    from .app import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, add_default_commands=True, add_version_option=False,
                  help="fundapp: loan management for cooperative development funds.")
