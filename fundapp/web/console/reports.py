"""The monthly outstanding-loan report as a page: totals, the book by debt group, bad debt and its
ratio, provisions, the largest exposures against the 15% / 25% limits, the loans page by page, and
the files to download (``services.reports.outstanding`` and ``exports.report_files``, as
``GET /reports/outstanding``)."""
from __future__ import annotations

import logging

from flask import Response, current_app, render_template, request
from flask_babel import lazy_gettext as _l

from ...auth import STAFF
from ...clock import today
from ...domain.errors import DomainError
from ...exports.report_files import outstanding_file
from ...services.reports.outstanding import outstanding_report
from ...services.reports.rows import ReportDoesNotReconcile
from ...unit_of_work import db
from ..errors import error_page
from ..forms import Form, MonthField, required, show_refusal
from ..guard import page
from ..i18n import pick
from . import PER_PAGE, blp

log = logging.getLogger(__name__)
FILES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv",
         "pdf": "application/pdf"}


class MonthForm(Form):
    """Which month (a GET form: nothing is changed, so no CSRF token)."""

    class Meta:
        csrf = False

    month = MonthField(_l("Tháng báo cáo"), [required()])


def _month_form() -> MonthForm:
    """The month asked for; the current month when none is."""
    args = request.args.copy()
    if "month" not in args:
        args["month"] = f"{today():%Y-%m}"
    return MonthForm(args)


def _page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 100_000))
    except ValueError:
        return 1


def _unreconciled(error: ReportDoesNotReconcile):
    """A report that does not reconcile is our fault, never the reader's: 500, as the API answers."""
    log.error("report does not reconcile: %s %s", error.message, error.figures)
    return error_page(500, pick(error.message))


@blp.get("/reports", endpoint="reports")
@page(*STAFF)
def reports_page():
    form = _month_form()
    report = None
    if form.validate():
        try:
            report = outstanding_report(db(), month=form.month.data, today=today(), settings=current_app.config,
                                        page=_page_number(), per_page=PER_PAGE)
        except ReportDoesNotReconcile as error:
            return _unreconciled(error)
        except DomainError as error:
            show_refusal(form, error)
    status = 200 if report is not None else 422
    return render_template("console/reports.html", form=form, report=report), status


@blp.get("/reports/outstanding.<any(xlsx, csv, pdf):fmt>")
@page(*STAFF)
def report_file(fmt: str):
    form = _month_form()
    if form.validate():
        try:
            report = outstanding_report(db(), month=form.month.data, today=today(), settings=current_app.config)
            content = outstanding_file(report, fmt, fund_name=current_app.config["FUND_NAME"])
            return Response(content, mimetype=FILES[fmt], headers={
                "Content-Disposition": f'attachment; filename="du-no-cho-vay-{report["month"]}.{fmt}"'})
        except ReportDoesNotReconcile as error:
            return _unreconciled(error)
        except DomainError as error:
            show_refusal(form, error)
    return render_template("console/reports.html", form=form, report=None), 422
