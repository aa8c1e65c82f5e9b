"""The officers' console: dashboard, borrowers, applications, loans and their money events, the
decisions after disbursement (restructuring, write-off, recall, monitoring), the loan's papers,
notices, end of day, the monthly report and settings.

Each module adds its pages to ``blp``. Views parse a form, call the service the API calls for
the same action, and render; a refusal is shown next to the field it names with status 422, so
the request's transaction is rolled back and nothing is saved.
"""
from __future__ import annotations

from flask import Blueprint, request
from sqlalchemy import Select, func, select

from ...unit_of_work import db

blp = Blueprint("console", __name__)
PER_PAGE = 25


def count(query: Select) -> int:
    return db().scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def page_of(query: Select) -> dict:
    """One page of a service's query: ``?page=n``, 25 rows."""
    try:
        number = max(1, min(int(request.args.get("page", 1)), 100_000))
    except ValueError:
        number = 1
    rows = db().scalars(query.limit(PER_PAGE).offset((number - 1) * PER_PAGE)).all()
    return {"rows": rows, "page": number, "per_page": PER_PAGE, "total": count(query)}


from . import (applications, borrowers, dashboard, documents, end_of_day, imports, loan_actions, loans,  # noqa: E402,F401
               money, reports, settings)  # (each adds its pages)
