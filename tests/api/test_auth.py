"""Signing in with bearer tokens: expiring, revocable, and silent about which emails exist."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from fundapp.clock import now_utc
from fundapp.db.models import ApiToken
from tests.conftest import PASSWORD, make_user


def test_a_user_signs_in_and_gets_a_bearer_token_that_expires(app, anonymous):
    make_user(app, email="canbo@quy.test", role="officer")
    response = anonymous.post("/api/v1/auth/token", json={"email": "canbo@quy.test", "password": PASSWORD})
    assert response.status_code == 201
    assert response.json["token_type"] == "Bearer"
    assert response.json["expires_at"] > now_utc().isoformat()
    me = anonymous.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {response.json['access_token']}"})
    assert me.json["email"] == "canbo@quy.test" and me.json["role"] == "officer"


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(app, anonymous):
    make_user(app, email="canbo@quy.test", role="officer")
    wrong = anonymous.post("/api/v1/auth/token", json={"email": "canbo@quy.test", "password": "sai-mat-khau-123"})
    unknown = anonymous.post("/api/v1/auth/token", json={"email": "khongco@quy.test", "password": "sai-mat-khau-123"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json["detail"] == unknown.json["detail"]


def test_a_revoked_token_no_longer_opens_anything(officer):
    assert officer.post("/api/v1/auth/revoke").status_code == 204
    assert officer.get("/api/v1/auth/me").status_code == 401


def test_an_expired_token_is_refused(app, officer):
    with app.extensions["fundapp.session_factory"]() as session:
        session.execute(update(ApiToken).values(expires_at=now_utc() - timedelta(seconds=1)))
        session.commit()
    response = officer.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_passwords_are_stored_as_argon2id_hashes(app):
    from fundapp.db.models import User

    make_user(app, email="ketoan@quy.test", role="accountant")
    with app.extensions["fundapp.session_factory"]() as session:
        stored = session.query(User).filter_by(email="ketoan@quy.test").one().password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
