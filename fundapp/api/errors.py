"""One place that turns every error into ``application/problem+json`` (RFC 9457)."""
from __future__ import annotations

import enum
import logging
from datetime import date
from decimal import Decimal

import marshmallow as ma
from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

from ..domain.errors import DomainError, NotAllowed, NotFound, StateConflict

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"


class ProblemSchema(ma.Schema):
    """The error body of every response with a status of 400 or above (for the OpenAPI document)."""

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    rule = ma.fields.String()
    errors = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()))
    figures = ma.fields.Dict()
    payoff_amount = ma.fields.Integer()


def problem(status: int, title: str, detail: str = "", *, errors: dict | None = None, headers=None,
            **extra) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail or title}
    if errors:
        body["errors"] = {field: messages if isinstance(messages, list) else [str(messages)]
                          for field, messages in errors.items()}
    body.update({k: v for k, v in extra.items() if v is not None})
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """``{"json": {"amount": [...]}}`` → ``{"amount": [...]}``; nested fields become ``a.b``."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = str(key) if key not in ("json", "query", "path", "headers", "form", "files") or prefix else ""
            path = f"{prefix}.{name}" if prefix and name else (name or prefix)
            flat.update(_flatten(value, path))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        flat[prefix or "_schema"] = messages
    elif isinstance(messages, list):
        for index, value in enumerate(messages):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
    else:
        flat[prefix or "_schema"] = [str(messages)]
    return flat


def http_problem(error: HTTPException) -> Response:
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or data.get("messages")
    headers = dict(data.get("headers") or {})
    if error.code == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="fundapp"')
    if errors:
        flat = _flatten(errors)
        detail = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in flat.items())
        # api.md: input that cannot be used is 422, a body that is not even JSON included (webargs says 400).
        status = 422 if error.code in (None, 400) else error.code
        return problem(status, "Dữ liệu không hợp lệ / Invalid input", detail, errors=flat, headers=headers)
    return problem(error.code or 500, error.name, data.get("message") or error.description or error.name,
                   headers=headers)


def _plain(value):
    """Figures as JSON: đồng stay integers; dates, rates and enums become their text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, (date, Decimal)):
        return value.isoformat() if isinstance(value, date) else str(value)
    if hasattr(value, "as_dict"):
        return _plain(value.as_dict())
    return str(value)


def domain_problem(error: DomainError) -> Response:
    status = 422
    if isinstance(error, NotAllowed):
        status = 403
    elif isinstance(error, StateConflict):
        status = 409
    elif isinstance(error, NotFound):
        status = 404
    figures = {key: _plain(value) for key, value in error.figures.items()}
    extra = {"payoff_amount": figures["payoff_amount"]} if "payoff_amount" in figures else {}
    return problem(status, "Không thực hiện được / Refused by a business rule" if status == 422 else error.rule,
                   error.message, errors={error.field: [error.message]} if error.field else None,
                   rule=error.rule, figures=figures or None, **extra)


def conflict_from_database(error: Exception) -> Response:
    log.warning("database refused a change: %s", error)
    return problem(409, "Xung đột dữ liệu / Conflict",
                   "Dữ liệu đã bị thay đổi đồng thời hoặc trùng lặp; hãy thử lại / the change conflicts with another one")


def register(app: Flask) -> None:
    app.register_error_handler(DomainError, domain_problem)
    # A UNIQUE or CHECK constraint refusing a flush inside a view (two requests racing past the
    # same check): the same 409 as when the commit itself is refused.
    from sqlalchemy.exc import IntegrityError

    app.register_error_handler(IntegrityError, conflict_from_database)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return http_problem(error)
        log.exception("unexpected error")
        return problem(500, "Lỗi hệ thống / Internal error", "Đã có lỗi; hãy báo cho quản trị / an error occurred")
