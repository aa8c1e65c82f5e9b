"""Pieces every blueprint shares: strict schemas, money and rate fields, paging, idempotency."""
from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import wraps

import marshmallow as ma
from flask import Response, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.routing import IntegerConverter

from ..auth import current_user
from ..clock import now_utc
from ..db.models import IdempotencyRecord
from ..domain.errors import DomainError
from ..unit_of_work import db

MAX_DONG = 10**15  # a thousand trillion đồng: far above any fund, far below BigInteger's limit


class Strict(ma.Schema):
    """Unknown fields are rejected (api.md)."""

    class Meta:
        unknown = ma.RAISE
        ordered = True


class Dong(ma.fields.Integer):
    """An amount in whole đồng: an integer, never a float or a string."""

    def __init__(self, *, positive: bool = True, **kwargs):
        low = 1 if positive else 0
        super().__init__(strict=True, validate=ma.validate.Range(min=low, max=MAX_DONG), **kwargs)


class RateField(ma.fields.Field):
    """An annual rate as a decimal string: ``"0.07"`` is 7% a year."""

    default_error_messages = {"invalid": "phải là số thập phân dạng chuỗi, ví dụ \"0.07\" / a decimal string like \"0.07\""}

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else str(value)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise self.make_error("invalid")
        try:
            rate = Decimal(value)
        except InvalidOperation as error:
            raise self.make_error("invalid") from error
        if not rate.is_finite() or rate < 0 or rate > 1:
            raise ma.ValidationError("phải từ 0 đến 1 / must be between 0 and 1")
        return rate

    def _jsonschema_type_mapping(self):
        return {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"}


def _validators(extra) -> list:
    return [] if extra is None else [extra] if callable(extra) else list(extra)


class Text(ma.fields.String):
    """Trimmed text of a bounded length, without control characters or lone surrogates, which
    PostgreSQL refuses (a NUL byte would otherwise be a 500, not a 422). Tabs and new lines are kept
    only where ``multiline``."""

    def __init__(self, *, max_length: int, min_length: int = 0, multiline: bool = False, **kwargs):
        self.multiline = multiline
        validators = [ma.validate.Length(min=min_length, max=max_length)]
        super().__init__(validate=validators + _validators(kwargs.pop("validate", None)), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        allowed = "\t\n\r" if self.multiline else ""
        if any((ord(c) < 32 and c not in allowed) or ord(c) == 127 for c in text):
            raise ma.ValidationError("chứa ký tự điều khiển / contains control characters")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ma.ValidationError("không phải văn bản UTF-8 hợp lệ / not valid UTF-8 text") from error
        return text


FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


class Day(ma.fields.Date):
    """A date (``YYYY-MM-DD``) between 1900 and 2100: schedules add months to it, and a year 9999
    would overflow instead of being refused."""

    def __init__(self, **kwargs):
        validators = [ma.validate.Range(min=FIRST_DAY, max=LAST_DAY)]
        super().__init__(validate=validators + _validators(kwargs.pop("validate", None)), **kwargs)


class IdConverter(IntegerConverter):
    """``<id:name>`` in a route: a positive id that fits a database integer. Anything else is 404
    (a larger number would make PostgreSQL raise instead)."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)


class PageArgs(Strict):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=500))


def page_of(item: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The schema of one page of ``item`` as ``paginate`` returns it. ``name`` is the class name and
    so the OpenAPI component (``LoanPage``), which clients generate code from: keep it stable."""
    return ma.Schema.from_dict({"items": ma.fields.List(ma.fields.Nested(item)), "page": ma.fields.Integer(),
                                "per_page": ma.fields.Integer(), "total": ma.fields.Integer()}, name=name)


def paginate(query, args: dict, dump) -> dict:
    session = db()
    from sqlalchemy import func

    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.scalars(query.limit(args["per_page"]).offset((args["page"] - 1) * args["per_page"])).all()
    return {"items": [dump(row) for row in rows], "page": args["page"], "per_page": args["per_page"], "total": total}


class IdempotencyMismatch(DomainError):
    rule = "idempotency_key_reused"


def idempotent(view):
    """``Idempotency-Key``: the same key and body return the first response and change nothing;
    the same key with another body is 422. The key is stored in the same transaction as the effect."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return view(*args, **kwargs)
        user = current_user()
        body = request.get_data() or b""
        try:
            canonical = json.dumps(json.loads(body or b"null"), sort_keys=True).encode()
        except ValueError:
            canonical = body
        digest = hashlib.sha256(request.method.encode() + request.path.encode() + canonical).hexdigest()

        def replay(record: IdempotencyRecord) -> Response:
            if record.request_hash != digest:
                raise IdempotencyMismatch("Idempotency-Key đã dùng cho một yêu cầu khác / "
                                          "this Idempotency-Key was used with another request", field="Idempotency-Key")
            response = Response(json.dumps(record.response, ensure_ascii=False), status=record.status_code,
                                mimetype="application/json")
            response.headers["Idempotent-Replayed"] = "true"
            return response

        session = db()
        lookup = select(IdempotencyRecord).where(IdempotencyRecord.user_id == user.id, IdempotencyRecord.key == key)
        existing = session.scalar(lookup)
        if existing is not None:
            return replay(existing)
        record = IdempotencyRecord(user_id=user.id, key=key[:255], endpoint=request.path[:255], request_hash=digest,
                                   created_at=now_utc())
        session.add(record)
        try:
            session.flush()  # on PostgreSQL a concurrent twin waits here until the first commits
        except IntegrityError:
            session.rollback()
            return replay(session.scalar(lookup))
        response = view(*args, **kwargs)
        record.status_code = response.status_code
        record.response = response.get_json()
        session.flush()
        return response

    return wrapper
