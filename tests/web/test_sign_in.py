"""Signing in to the pages: CSRF, one message for every failure, a rate limit per (email, address)
that never locks anyone else out, a new session at sign-in, idle and absolute timeouts, sign-out."""
from __future__ import annotations

from datetime import timedelta

import pytest

from fundapp.web import guard
from tests.conftest import PASSWORD, make_user

WRONG = "Email hoặc mật khẩu không đúng."


@pytest.fixture
def cooperative_officer(app):
    make_user(app, email="can.bo@quy.test", role="officer")
    return "can.bo@quy.test"


def test_a_sign_in_without_its_csrf_token_is_refused(browser, cooperative_officer):
    page = browser()
    page.get("/login")
    response = page.post("/login", {"email": cooperative_officer, "password": PASSWORD}, token=False)
    assert response.status_code == 400
    assert page.get("/dashboard").status_code == 303  # still signed out


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(browser, cooperative_officer):
    wrong = browser().login(cooperative_officer, "not-the-password")
    unknown = browser().login("nobody@quy.test", "not-the-password")
    assert wrong.status_code == unknown.status_code == 422
    assert WRONG in wrong.text and WRONG in unknown.text


def test_the_session_cookie_is_http_only_and_same_site_lax(browser, cooperative_officer):
    response = browser().login(cooperative_officer)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_five_failures_make_that_email_wait_on_that_address_only(app, browser, cooperative_officer):
    attacker = browser("203.0.113.9")
    for _ in range(5):
        assert attacker.login(cooperative_officer, "guess").status_code == 422
    refused = attacker.login(cooperative_officer)  # even the right password waits now
    assert refused.status_code == 429
    assert "thử lại sau 15 phút" in refused.text
    # The officer at their own desk is not locked out by someone typing their email elsewhere.
    assert browser("10.1.1.1").login(cooperative_officer).status_code == 303
    # Another email from the attacker's address is not blocked either.
    make_user(app, email="ke.toan@quy.test", role="accountant")
    assert attacker.login("ke.toan@quy.test").status_code == 303


def test_the_wait_ends_when_the_failures_leave_the_window(app, browser, cooperative_officer, monkeypatch):
    throttle = app.extensions["fundapp.web.throttle"]
    clock = [1000.0]
    monkeypatch.setattr(throttle, "clock", lambda: clock[0])
    page = browser("198.51.100.7")
    for _ in range(5):
        page.login(cooperative_officer, "guess")
    assert page.login(cooperative_officer).status_code == 429
    clock[0] += 15 * 60 + 1
    assert page.login(cooperative_officer).status_code == 303


def test_signing_in_starts_a_new_session(browser, cooperative_officer):
    page = browser()
    page.get("/login")
    before = page.token
    page.login(cooperative_officer)
    response = page.post("/language", {"lang": "en", "csrf_token": before})
    assert response.status_code == 400  # the token of the session before sign-in is gone


def test_an_idle_session_ends_after_thirty_minutes(browser, cooperative_officer, monkeypatch):
    page = browser()
    page.login(cooperative_officer)
    start = guard._now()
    monkeypatch.setattr(guard, "_now", lambda: start + timedelta(minutes=29).total_seconds())
    assert page.get("/dashboard").status_code == 200
    monkeypatch.setattr(guard, "_now", lambda: start + timedelta(minutes=29 + 31).total_seconds())
    response = page.get("/dashboard")
    assert response.status_code == 303 and "/login" in response.headers["Location"]
    assert "Phiên làm việc đã hết hạn" in page.get(response.headers["Location"]).text


def test_a_busy_session_still_ends_after_twelve_hours(browser, cooperative_officer, monkeypatch):
    page = browser()
    page.login(cooperative_officer)
    start = guard._now()
    for minutes in range(20, 12 * 60, 20):  # a page every 20 minutes: never idle
        monkeypatch.setattr(guard, "_now", lambda m=minutes: start + m * 60)
        assert page.get("/dashboard").status_code == 200, minutes
    monkeypatch.setattr(guard, "_now", lambda: start + 12 * 3600 + 60)
    assert page.get("/dashboard").status_code == 303


def test_signing_out_ends_the_session_on_the_server_too(browser, cooperative_officer):
    page = browser()
    page.login(cooperative_officer)
    stolen = page.client.get_cookie("session").value
    assert page.post("/logout").status_code == 303
    assert page.get("/dashboard").status_code == 303
    page.client.set_cookie("session", stolen)  # replaying the old cookie does not bring it back
    assert page.get("/dashboard").status_code == 303


def test_after_sign_in_only_a_local_next_page_is_followed(browser, cooperative_officer):
    page = browser()
    page.get("/login")
    response = page.post("/login?next=https://evil.example/x", {"email": cooperative_officer, "password": PASSWORD})
    assert response.headers["Location"].endswith("/dashboard")
    page = browser()
    page.get("/login")
    response = page.post("/login?next=/borrowers", {"email": cooperative_officer, "password": PASSWORD})
    assert response.headers["Location"].endswith("/borrowers")
