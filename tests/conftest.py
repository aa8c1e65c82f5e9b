"""Fixtures for every layer. Service and API tests use a real database: SQLite by default, or the
PostgreSQL server named by ``TEST_DATABASE_URL``. The schema comes only from the migrations."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest
from hypothesis import settings

from fundapp.db import migrate
from fundapp.db.models import Base
from fundapp.services import users as user_service

POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")
PASSWORD = "mat-khau-thu-nghiem"
ROLES = ("admin", "officer", "approver", "accountant", "auditor")
KEPT_TABLES = {"accounts", "alembic_version"}  # seeded by the migrations

user_service.use_fast_hashing_for_tests()

# Properties draw new examples on every local run, so they keep looking for what no one thought of;
# CI (CI=true) replays the same derandomised examples, so a landing is never refused by a draw that
# no one has seen fail. Speed is measured in bench/, not asserted: no Hypothesis deadline anywhere.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "local")


def pytest_report_header(config):
    where = os.environ.get("TEST_DATABASE_URL") or "SQLite (a temporary file)"
    lines = [f"fundapp tests on: {where}"]
    if not POSTGRES:
        lines.append("PostgreSQL-only tests (races, advisory locks) are NOT run: set TEST_DATABASE_URL to run them")
    return lines


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set TEST_DATABASE_URL (CI does)")
    for item in items:
        if "postgres" in item.keywords and not POSTGRES:
            item.add_marker(skip_pg)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def app(database_url):
    from fundapp.app import create_app

    return create_app({"ENV_NAME": "testing", "DATABASE_URL": database_url, "FUNDAPP_TODAY": "2025-06-30"})


@pytest.fixture
def session_factory(app):
    return app.extensions["fundapp.session_factory"]


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Every test starts from the migrated, seeded, empty database, and ends with a sound ledger."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    app.config["FUNDAPP_TODAY"] = "2025-06-30"
    from fundapp.services import ledger

    factory = app.extensions["fundapp.session_factory"]
    with factory() as session:
        problems = ledger.verify(session)
    engine = app.extensions["fundapp.engine"]
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                connection.execute(table.delete())
    if "corrupts_ledger" not in request.keywords:
        assert problems == [], f"fundapp ledger verify failed after the test: {problems}"


@dataclass
class Caller:
    """A test client that carries one user's bearer token."""

    client: object
    token: str | None
    user_id: int | None = None
    email: str = ""
    headers: dict = field(default_factory=dict)

    def _headers(self, extra):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def get(self, url, **kw):
        return self.client.get(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, url, json=None, **kw):
        return self.client.post(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def put(self, url, json=None, **kw):
        return self.client.put(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def patch(self, url, json=None, **kw):
        return self.client.patch(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def delete(self, url, **kw):
        return self.client.delete(url, headers=self._headers(kw.pop("headers", None)), **kw)


def make_user(app, *, email, role, borrower_id=None) -> int:
    from fundapp.db.session import transaction

    with transaction(app.extensions["fundapp.session_factory"]) as session:
        return user_service.create_user(session, email=email, role=role, password=PASSWORD,
                                        borrower_id=borrower_id).id


def login(app, email) -> str:
    response = app.test_client().post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.json
    return response.json["access_token"]


@pytest.fixture
def as_role(app):
    """``as_role("officer")`` → a Caller for a fresh user of that role (``as_role("officer", "b")``
    gives a second, different officer)."""
    made = {}

    def caller(role: str, who: str = "", *, borrower_id: int | None = None) -> Caller:
        key = (role, who, borrower_id)
        if key not in made:
            email = f"{role}{who}{borrower_id or ''}@quy.test"
            user_id = make_user(app, email=email, role=role, borrower_id=borrower_id)
            made[key] = Caller(app.test_client(), login(app, email), user_id, email)
        return made[key]

    return caller


@pytest.fixture
def anonymous(app) -> Caller:
    return Caller(app.test_client(), None)


@pytest.fixture
def admin(as_role):
    return as_role("admin")


@pytest.fixture
def officer(as_role):
    return as_role("officer")


@pytest.fixture
def approver(as_role):
    return as_role("approver")


@pytest.fixture
def accountant(as_role):
    return as_role("accountant")


@pytest.fixture
def auditor(as_role):
    return as_role("auditor")


@pytest.fixture
def row_counts(app):
    """``row_counts()`` → {table: rows}; compare before and after to prove nothing changed."""
    from sqlalchemy import func, select

    def counts():
        with app.extensions["fundapp.session_factory"]() as session:
            return {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}

    return counts
