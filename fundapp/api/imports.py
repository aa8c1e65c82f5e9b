"""Bringing a loan book in from Excel (issue 8): upload a workbook (admin), the imports made, and
the template to fill. A dry run, or a workbook with any error, changes nothing; errors come back
all at once as problem+json with each one's sheet, row, column and Vietnamese reason."""
from __future__ import annotations

import marshmallow as ma
from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from sqlalchemy import select

from ..auth import STAFF, current_user, roles
from ..clock import today
from ..db.models import ImportBatch, Role
from ..domain.errors import DomainError
from ..services.importing import import_workbook
from ..services.importing.template import FILENAME, XLSX, template_bytes
from ..unit_of_work import db
from .common import PageArgs, page_of, paginate
from . import errors
from .errors import problem

PREFIX = "/imports"
blp = Blueprint("imports", __name__, description="Nhập sổ cho vay từ Excel / loan book import")
MAX_BYTES = 50 * 1024 * 1024  # ``IMPORT_MAX_BYTES`` overrides


class WorkbookUpload(ma.Schema):
    """The multipart body. ``dry_run`` is a form field, not a file: webargs reads files and form
    fields from different places, so it is read from the form by ``dry_run_of``; it is declared here
    for the OpenAPI document."""

    file = Upload(required=True, metadata={"description": "the workbook (.xlsx), from the template"})
    dry_run = ma.fields.Boolean(load_default=False, metadata={"description": "true: check and show, write nothing"})


def dry_run_of(form) -> bool:
    try:
        return ma.fields.Boolean().deserialize(form.get("dry_run", "false") or "false")
    except ma.ValidationError as error:
        raise DomainError("dry_run phải là true hoặc false / dry_run must be true or false", field="dry_run",
                          rule="invalid_input") from error


class ProblemOut(ma.Schema):
    sheet = ma.fields.String()
    row = ma.fields.Integer(allow_none=True)
    column = ma.fields.String(allow_none=True)
    heading = ma.fields.String(allow_none=True)
    cell = ma.fields.String()
    reason = ma.fields.String()


class ImportProblem(errors.ProblemSchema):
    """422 for a workbook with errors: every one in ``problems``, and by cell in ``errors``."""

    problems = ma.fields.List(ma.fields.Nested(ProblemOut))
    warnings = ma.fields.List(ma.fields.Nested(ProblemOut))
    filename = ma.fields.String()
    sha256 = ma.fields.String()


class ImportedLoanOut(ma.Schema):
    contract_no = ma.fields.String()
    borrower_ref = ma.fields.String()
    loan_id = ma.fields.Integer(allow_none=True)
    status = ma.fields.String()
    amount = ma.fields.Integer()
    disbursed = ma.fields.Integer()
    principal_outstanding = ma.fields.Integer()
    principal_overdue = ma.fields.Integer()
    interest_overdue = ma.fields.Integer()
    penalty_interest = ma.fields.Integer()
    late_interest = ma.fields.Integer()
    principal_due_today = ma.fields.Integer()
    interest_due_today = ma.fields.Integer()
    interest_accrued = ma.fields.Integer()
    advance = ma.fields.Integer()
    payoff_amount = ma.fields.Integer()
    days_past_due = ma.fields.Integer()
    debt_group = ma.fields.Integer(allow_none=True)


class ImportOut(ma.Schema):
    status = ma.fields.String(metadata={"description": "dry_run, imported or already_imported"})
    message = ma.fields.String()
    filename = ma.fields.String()
    sha256 = ma.fields.String()
    as_of = ma.fields.Date()
    batch_id = ma.fields.Integer(allow_none=True)
    imported_on = ma.fields.Date(allow_none=True)
    counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    errors = ma.fields.List(ma.fields.Nested(ProblemOut))
    warnings = ma.fields.List(ma.fields.Nested(ProblemOut))
    loans = ma.fields.List(ma.fields.Nested(ImportedLoanOut))
    seconds = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float())


class BatchOut(ma.Schema):
    id = ma.fields.Integer()
    filename = ma.fields.String()
    sha256 = ma.fields.String()
    business_date = ma.fields.Date()
    imported_at = ma.fields.DateTime()
    imported_by = ma.fields.Integer()
    counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())


BatchPage = page_of(BatchOut, "BatchPage")


def invalid_problem(outcome) -> Response:
    """422 with every error: ``errors`` keyed by cell (``Khoản vay!D5``), and ``problems`` in full."""
    by_cell: dict[str, list[str]] = {}
    for item in outcome.errors:
        by_cell.setdefault(item.cell, []).append(item.reason)
    return problem(422, "Tệp có lỗi, không có gì được nhập / The workbook has errors; nothing was imported",
                   outcome.message, errors=by_cell, rule="import_invalid",
                   problems=[p.as_dict() for p in outcome.errors], warnings=[p.as_dict() for p in outcome.warnings],
                   filename=outcome.filename, sha256=outcome.sha256)


@blp.route("")
class Imports(MethodView):
    @roles(*STAFF)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, BatchPage)
    def get(self, args):
        """The workbooks imported, newest first, each with its checksum and what it created."""
        return paginate(select(ImportBatch).order_by(ImportBatch.id.desc()), args, lambda row: row)

    @roles(Role.ADMIN)
    @blp.arguments(WorkbookUpload, location="files")
    @blp.response(201, ImportOut)
    @blp.alt_response(200, schema=ImportOut, description="a dry run, or a workbook imported before: nothing written")
    @blp.alt_response(422, schema=ImportProblem, description="errors: nothing written (or not an .xlsx workbook)")
    def post(self, files):
        """Import a workbook (multipart ``file``; ``dry_run=true`` to check only). Every row is checked
        and every error reported at once (422, nothing written); today's eligibility rules are
        ``warnings``. A workbook already imported (same SHA-256) imports nothing and says so."""
        upload, dry_run = files["file"], dry_run_of(request.form)
        limit = int(current_app.config.get("IMPORT_MAX_BYTES", MAX_BYTES))
        content = upload.stream.read(limit + 1)
        if len(content) > limit:
            return problem(413, "Tệp quá lớn / File too large", f"tối đa {limit:,} byte / at most {limit:,} bytes",
                           errors={"file": [f"tối đa {limit:,} byte"]})
        outcome = import_workbook(db(), content=content, filename=upload.filename or "", dry_run=dry_run,
                                  user_id=current_user().id, today=today(), settings=current_app.config)
        if outcome.status == "invalid":
            return invalid_problem(outcome)
        return outcome.as_dict(), 201 if outcome.status == "imported" else 200


@blp.route("/template")
class Template(MethodView):
    @roles(*STAFF)
    @blp.response(200, description="the template workbook")
    @blp.doc(responses={"200": {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
    def get(self):
        """The workbook to fill (Vietnamese headings, an instructions sheet, lists to pick from)."""
        return Response(template_bytes(db()), mimetype=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{FILENAME}"'})
