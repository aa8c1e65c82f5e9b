"""Reports: the monthly outstanding-loan report (JSON, CSV, XLSX, PDF), the half-yearly / annual
lending activity report, the yearly KPIs and their plan (domain.md §7; api.md)."""
from __future__ import annotations

from decimal import Decimal

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import STAFF, current_user, roles
from ..clock import today
from ..db.models import Role
from ..exports import lending_activity_pdf
from ..exports.report_files import outstanding_file, to_json
from ..services.reports import kpis as kpi_service
from ..services.reports.lending_activity import lending_activity
from ..services.reports.outstanding import outstanding_report
from ..services.reports.rows import ReportDoesNotReconcile
from ..unit_of_work import db
from .errors import problem
from .report_schemas import (KpiPlanIn, KpiPlanOut, KpisOut, LendingActivityOut, OutstandingArgs, OutstandingOut,
                             PeriodArgs, YearArgs)

PREFIX = "/reports"
blp = Blueprint("reports", __name__, description="Báo cáo / reports")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILES = {"csv": "text/csv", "xlsx": XLSX, "pdf": "application/pdf"}
BINARY = {"schema": {"type": "string", "format": "binary"}}
JSON_ROWS_PER_PAGE = 1000  # api.md: lists are paginated; every fund we know has fewer loans than this


def json_response(data: dict) -> Response:
    return Response(to_json(data), mimetype="application/json")


def file_response(content: bytes, *, fmt: str, name: str) -> Response:
    return Response(content, mimetype=FILES[fmt], headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def unreconciled_problem(error: ReportDoesNotReconcile) -> Response:
    """A report that does not reconcile is a fault of ours, never the caller's: 500, naming the loans."""
    current_app.logger.error("report does not reconcile: %s %s", error.message, error.figures)
    return problem(500, "Báo cáo không khớp / The report does not reconcile", error.message, rule=error.rule,
                   figures={k: v for k, v in error.figures.items()})


@blp.route("/outstanding")
class Outstanding(MethodView):
    @roles(*STAFF)
    @blp.arguments(OutstandingArgs, location="query")
    @blp.response(200, OutstandingOut)
    @blp.doc(responses={"200": {"content": {"text/csv": BINARY, XLSX: BINARY, "application/pdf": BINARY}}})
    def get(self, args):
        """Báo cáo dư nợ cho vay: one row per loan, totals, groups by debt group, commune, sector, term
        class, capital source and borrower kind, bad debt, provisions, largest exposures and a 12-month
        trend. A closed month is its snapshot (the same for ever); the open month is as of today
        (``closed: false``, ``as_of``). JSON rows come ``per_page`` (default 1,000) at a time, the
        totals, groups and every other figure always cover the whole book; ``format=csv|xlsx|pdf``
        gives the files, with every loan."""
        try:
            paged = args["format"] == "json"  # files always hold every loan
            report = outstanding_report(db(), month=args["month"], today=today(), settings=current_app.config,
                                        page=args.get("page", 1) if paged else None,
                                        per_page=args.get("per_page", JSON_ROWS_PER_PAGE) if paged else None)
        except ReportDoesNotReconcile as error:
            return unreconciled_problem(error)
        if args["format"] == "json":
            return json_response(report)
        content = outstanding_file(report, args["format"], fund_name=current_app.config["FUND_NAME"])
        return file_response(content, fmt=args["format"], name=f"du-no-cho-vay-{report['month']}")


@blp.route("/lending-activity")
class LendingActivity(MethodView):
    @roles(*STAFF)
    @blp.arguments(PeriodArgs, location="query")
    @blp.response(200, LendingActivityOut)
    @blp.doc(responses={"200": {"content": {"application/pdf": BINARY}}})
    def get(self, args):
        """Báo cáo tình hình hoạt động cho vay (Decree 45 Art. 44) for a half-year (``half=1|2``) or a
        year: disbursed, collected, outstanding at start and end by group, bad-debt ratio, by sector and
        borrower kind. ``format=pdf`` for the signed report."""
        try:
            report = lending_activity(db(), year=args["year"], half=args.get("half"), today=today())
        except ReportDoesNotReconcile as error:
            return unreconciled_problem(error)
        if args["format"] == "pdf":
            name = f"hoat-dong-cho-vay-{report['year']}" + (f"-h{report['half']}" if report["half"] else "")
            return file_response(lending_activity_pdf.render(report, fund_name=current_app.config["FUND_NAME"]),
                                 fmt="pdf", name=name)
        return report


@blp.route("/kpis")
class Kpis(MethodView):
    @roles(*STAFF)
    @blp.arguments(YearArgs, location="query")
    @blp.response(200, KpisOut)
    def get(self, args):
        """The year's KPIs (Decree 45 Art. 45): outstanding growth (entrusted lending included),
        bad-debt ratio, financial result, each against the plan, and the grade A/B/C (``KPI_GRADES``:
        by default A when all three are met, B when two are, C otherwise)."""
        try:
            return kpi_service.kpis(db(), year=args["year"], today=today(), settings=current_app.config)
        except ReportDoesNotReconcile as error:
            return unreconciled_problem(error)


@blp.route("/kpis/<int:year>/plan")
class KpiPlan(MethodView):
    @roles(Role.ADMIN)
    @blp.arguments(KpiPlanIn)
    @blp.response(200, KpiPlanOut)
    def put(self, data, year):
        """Enter or replace the year's plan the KPIs are graded against."""
        return kpi_service.set_plan(db(), year=year, planned_outstanding_growth=Decimal(data["planned_outstanding_growth"]),
                                    planned_bad_debt_ratio=data["planned_bad_debt_ratio"],
                                    planned_result=data["planned_result"], note=data["note"],
                                    updated_by=current_user().id)
