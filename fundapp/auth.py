"""Who is calling, and may they? Every route declares the roles that may call it.

``@roles(...)`` on a view (or each method of a MethodView) resolves the bearer token (401 without
a valid one) and refuses other roles (403). ``@public`` marks the few routes anyone may call.
A test walks every registered route and fails if one declares neither.
Per-object reach (a borrower sees only its own) is checked by the services' scoped queries.
"""
from __future__ import annotations

from functools import wraps

from flask import g, request
from flask_smorest import abort

from .db.models import Role, User
from .services import users as user_service
from .unit_of_work import act_as, db

STAFF = frozenset({Role.ADMIN, Role.OFFICER, Role.APPROVER, Role.ACCOUNTANT, Role.AUDITOR})
EVERYONE = STAFF | {Role.BORROWER}
# api.md: admin may do everything an officer, approver or accountant may.
IMPLIED_BY_ADMIN = frozenset({Role.OFFICER, Role.APPROVER, Role.ACCOUNTANT})


def current_user() -> User | None:
    return g.get("user")


def _user_from_bearer() -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return user_service.user_for_token(db(), token.strip())


def allowed(role: Role, permitted: frozenset[Role]) -> bool:
    return role in permitted or (role is Role.ADMIN and bool(permitted & IMPLIED_BY_ADMIN))


def _body_not_json() -> bool:
    """A body sent in another form than JSON, to an API that reads JSON (file uploads excepted)."""
    return (request.method in ("POST", "PUT", "PATCH") and bool(request.content_length)
            and not request.is_json and request.mimetype != "multipart/form-data")


def roles(*permitted: Role):
    permitted_set = frozenset(permitted)

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            user = g.get("user") or _user_from_bearer()
            if user is None:
                abort(401, message="Cần đăng nhập / a valid bearer token is required")
            g.user = user
            act_as(user, g.get("channel", "api"))
            if not allowed(user.role, permitted_set):
                abort(403, message=f"Vai trò {user.role.value} không được làm việc này / "
                                   f"the role {user.role.value} may not do this")
            if _body_not_json():  # else its fields would read as missing, or a PATCH as changing nothing
                abort(422, errors={"_schema": [
                    f"Gửi dữ liệu dạng JSON (Content-Type: application/json), không phải {request.mimetype} / "
                    f"send JSON (Content-Type: application/json), not {request.mimetype}"]})
            return view(*args, **kwargs)

        guarded.permitted_roles = permitted_set
        return guarded

    return decorate


# Routes that are not ours to decorate and are public by nature: the OpenAPI document, static files.
PUBLIC_ENDPOINTS = frozenset({"api-docs.openapi_json", "static"})


def public(view):
    view.permitted_roles = "public"
    return view


def declared_roles(endpoint: str, view_function) -> dict[str, object]:
    """For the route-walking test: method → declared roles (or ``None`` when nothing is declared)."""
    if endpoint in PUBLIC_ENDPOINTS:
        return {"*": "public"}
    view_class = getattr(view_function, "view_class", None)
    if view_class is None:
        return {"*": getattr(view_function, "permitted_roles", None)}
    return {method: getattr(getattr(view_class, method.lower(), None), "permitted_roles", None)
            for method in view_class.methods}
