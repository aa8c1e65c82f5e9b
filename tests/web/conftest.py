"""Helpers for page tests with Flask's test client: sign in through the login form (CSRF and all)."""
from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD, make_user

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class Browser:
    """A test client that keeps its cookies and fills each form's CSRF token from the page."""

    def __init__(self, app, address: str = "10.0.0.1"):
        self.client = app.test_client()
        self.address = address
        self.token = None

    def get(self, url, **kw):
        response = self.client.get(url, environ_base={"REMOTE_ADDR": self.address}, **kw)
        if "text/html" in response.content_type and "csrf_token" in response.text:
            self.token = csrf(response.text)
        return response

    def post(self, url, data=None, *, token: bool = True, **kw):
        data = dict(data or {})
        if token:
            if self.token is None:
                self.get("/login")
            data.setdefault("csrf_token", self.token)
        response = self.client.post(url, data=data, environ_base={"REMOTE_ADDR": self.address}, **kw)
        if "text/html" in response.content_type and "csrf_token" in response.text:
            self.token = csrf(response.text)
        return response

    def login(self, email: str, password: str = PASSWORD):
        """Sign in as a person would: open the form, send it, land on the next page (a new session
        means a new CSRF token, read from that page)."""
        self.get("/login")
        response = self.post("/login", {"email": email, "password": password})
        if response.status_code == 303:
            self.get(response.headers["Location"])
        return response


@pytest.fixture
def browser(app):
    return lambda address="10.0.0.1": Browser(app, address)


@pytest.fixture
def signed_in(app, browser):
    """``signed_in("officer")`` → a Browser signed in as a fresh user of that role."""
    made = {}

    def sign_in(role: str, who: str = "", *, borrower_id: int | None = None) -> Browser:
        key = (role, who, borrower_id)
        if key not in made:
            email = f"web-{role}{who}{borrower_id or ''}@quy.test"
            make_user(app, email=email, role=role, borrower_id=borrower_id)
            page = browser()
            response = page.login(email)
            assert response.status_code == 303, response.text
            page.user_email = email
            made[key] = page
        return made[key]

    return sign_in


def active_loan(app, *, borrower_id: int, product_id: int, amount: int = 120_000_000, term_months: int = 12,
                disbursed_on=None, payments=()) -> int:
    """A loan approved and disbursed on ``disbursed_on`` (10/01/2025 by default: the worked example
    of domain.md §3), with ``payments`` [(date, amount)] recorded on their dates; returns its id."""
    from datetime import date, timedelta

    from fundapp.db.session import transaction
    from fundapp.services import disbursements, repayments
    from tests.builders import approved_loan, staff_user

    disbursed_on = disbursed_on or date(2025, 1, 10)
    app.config["FUNDAPP_TODAY"] = disbursed_on.isoformat()
    try:
        loan_id = approved_loan(app, borrower_id=borrower_id, product_id=product_id, amount=amount,
                                term_months=term_months, bad_debt_checked_on=disbursed_on - timedelta(days=5))
        factory = app.extensions["fundapp.session_factory"]
        with transaction(factory) as session:
            disbursements.disburse(session, loan_id=loan_id, amount=amount, value_date=disbursed_on,
                                   reference="UNC-01", recorded_by=staff_user(session, "accountant").id,
                                   today=disbursed_on, settings=app.config)
        for day, paid in payments:
            app.config["FUNDAPP_TODAY"] = day.isoformat()
            with transaction(factory) as session:
                repayments.record_repayment(session, loan_id=loan_id, amount=paid, value_date=day, reference="PT",
                                            recorded_by=staff_user(session, "accountant").id, today=day)
    finally:
        app.config["FUNDAPP_TODAY"] = "2025-06-30"
    return loan_id
