"""One transaction per request: opened on first use, committed after a successful response,
rolled back on any error, so that bad input changes nothing by construction."""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from .db.audit import SYSTEM, Actor


def db() -> Session:
    """The request's session (created on first use)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["fundapp.session_factory"]()
        g.db_session.info["actor"] = SYSTEM
    return g.db_session


def act_as(user, channel: str) -> None:
    db().info["actor"] = Actor(user.id, user.email, channel)


def init_app(app: Flask) -> None:
    @app.after_request
    def _commit(response):
        session = g.pop("db_session", None)
        if session is None:
            return response
        try:
            if response.status_code < 400:
                session.commit()
            else:
                session.rollback()
        except (IntegrityError, OperationalError) as error:
            session.rollback()
            # The API answers problem+json, the pages an HTML page: each edge registers its own.
            return current_app.extensions["fundapp.on_conflict"](error)
        finally:
            session.close()
        return response

    @app.teardown_request
    def _rollback_on_error(_error=None):
        session = g.pop("db_session", None)
        if session is not None:
            session.rollback()
            session.close()
