"""The ``fundapp`` command (a Flask CLI group; each command also works as ``flask --app wsgi ...``)."""
from __future__ import annotations

import sys
from contextlib import contextmanager

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup

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
def demo():
    """Load a realistic demo fund (once) and print the demo logins."""
    from .services import demo as demo_service

    with cli_transaction() as session:
        logins = demo_service.load(session, today=_today())
    if logins is None:
        click.echo("demo data is already loaded; nothing changed")
        logins = demo_service.LOGINS
    click.echo("Demo logins (email / password):")
    for email, password, role in logins:
        click.echo(f"  {role:<11} {email:<32} {password}")


@click.command("eod")
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
