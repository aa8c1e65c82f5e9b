"""The schema exists only through Alembic: up to head, back to base, and models agree with it."""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import inspect, text

from fundapp.db import migrate
from fundapp.db.session import make_engine


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new empty database on the server under test (SQLite file or PostgreSQL)."""
    server = os.environ.get("TEST_DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"fundapp_migrations_{uuid.uuid4().hex[:8]}"
    admin = make_engine(server).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = make_engine(server).url.render_as_string(hide_password=False).rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def tables(url):
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_an_empty_database_migrates_up_to_head_and_back_down_to_nothing(empty_database_url):
    migrate.upgrade(empty_database_url)
    assert {"users", "journal_entries", "journal_lines", "accounts", "audit_records"} <= tables(empty_database_url)

    migrate.downgrade(empty_database_url, "base")
    assert tables(empty_database_url) <= {"alembic_version"}


def test_the_models_and_the_migrations_describe_the_same_schema(empty_database_url):
    migrate.upgrade(empty_database_url)
    assert migrate.differences(empty_database_url) == []


def test_the_migrations_seed_the_chart_of_accounts(empty_database_url):
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.connect() as connection:
        keys = set(connection.execute(text("SELECT key FROM accounts")).scalars())
    engine.dispose()
    assert {"bank", "loans_in_term", "loans_overdue", "interest_receivable", "interest_income", "penalty_income",
            "charter_capital", "entrusted_capital", "specific_provision", "general_provision", "memo_interest"} <= keys
