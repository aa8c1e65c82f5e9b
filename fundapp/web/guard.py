"""Who is signed in to the pages, and may they see this one?

A page session is a bearer token from ``services.users.issue_token`` kept in the (signed, HttpOnly,
SameSite=Lax) session cookie: signing out revokes it on the server, and its lifetime is the
absolute timeout (12 h). The idle timeout (30 min) is the time since the last page the session
asked for. ``@page(*roles)`` declares who may open a page, exactly as ``auth.roles`` does for the
API (the route-walking test reads ``permitted_roles``); templates ask ``may(endpoint)`` so that
what a role may not do is not shown to it.
"""
from __future__ import annotations

from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l

from ..auth import allowed
from ..clock import now_utc
from ..db.models import Role, User
from ..services import users as user_service
from ..unit_of_work import act_as, db

CHANNEL = "web"


def _now() -> float:
    return now_utc().timestamp()


def start_session(user: User) -> None:
    """A new session at sign-in: nothing of the one before survives but the language."""
    language = session.get("lang")
    session.clear()
    hours = int(current_app.config["WEB_ABSOLUTE_HOURS"])
    token, _expires = user_service.issue_token(db(), user=user, lifetime_hours=hours)
    now = _now()
    session.update(token=token, started=now, seen=now)
    if language:
        session["lang"] = language


def end_session() -> None:
    token = session.get("token")
    if token:
        user_service.revoke_token(db(), token)
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def signed_in_user() -> User | None:
    """The user of this session, or None (and the session ended) when it timed out or was revoked."""
    if "web_user" in g:
        return g.web_user
    token = session.get("token")
    user = None
    if token:
        now = _now()
        idle = timedelta(minutes=int(current_app.config["WEB_IDLE_MINUTES"])).total_seconds()
        absolute = timedelta(hours=int(current_app.config["WEB_ABSOLUTE_HOURS"])).total_seconds()
        expired = now - float(session.get("seen", 0)) > idle or now - float(session.get("started", 0)) > absolute
        user = None if expired else user_service.user_for_token(db(), token)
        if user is None:
            end_session()
            flash(_l("Phiên làm việc đã hết hạn; hãy đăng nhập lại."), "warning")
        else:
            session["seen"] = now
            act_as(user, CHANNEL)
    g.web_user = user
    return user


def safe_next(target: str | None) -> str | None:
    """Only a path on this site may follow a sign-in (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def page(*permitted: Role):
    """Declare the roles that may open this page; sign-in first, 403 for any other role."""
    permitted_set = frozenset(permitted)

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            user = signed_in_user()
            if user is None:
                return redirect(url_for("site.login", next=request.full_path.rstrip("?")), code=303)
            if not allowed(user.role, permitted_set):
                abort(403)
            return view(*args, **kwargs)

        guarded.permitted_roles = permitted_set
        return guarded

    return decorate


def current_user() -> User:
    """The user of a guarded page (``@page`` has checked there is one)."""
    return g.web_user


def may(endpoint: str) -> bool:
    """Whether the signed-in user may open ``endpoint``: the page's own ``@page`` declaration."""
    user = g.get("web_user")
    view = current_app.view_functions.get(endpoint)
    permitted = getattr(view, "permitted_roles", None)
    if user is None or permitted is None:
        return False
    return permitted == "public" or allowed(user.role, permitted)


def register(app: Flask) -> None:
    @app.context_processor
    def _who():
        return {"web_user": g.get("web_user"), "may": may, "Role": Role}
