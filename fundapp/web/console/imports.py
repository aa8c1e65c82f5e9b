"""Bringing a loan book in from Excel, as a page (issue 8): download the template, then upload the
workbook to check it (a dry run: nothing written) or to import it, all or nothing
(``services.importing.import_workbook``, as ``POST /api/v1/imports``). Every error is listed with its
sheet, row, column and reason; today's eligibility rules as warnings."""
from __future__ import annotations

from flask import Response, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select

from ...clock import today
from ...db.models import ImportBatch, Role
from ...domain.errors import DomainError
from ...services.importing import import_workbook
from ...services.importing.template import FILENAME, XLSX, template_bytes
from ...unit_of_work import db
from ..forms import REQUIRED, Form, show_refusal
from ..guard import current_user, page
from . import blp

MAX_BYTES = 50 * 1024 * 1024  # ``IMPORT_MAX_BYTES`` overrides, as for the API
SHOWN_LOANS = 500


class ImportForm(Form):
    workbook = FileField(_l("Tệp Excel (.xlsx) theo mẫu"), [FileRequired(message=REQUIRED)])


def _page(form: ImportForm, outcome=None, *, status: int):
    batches = db().scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(10)).all()
    return render_template("console/imports.html", form=form, outcome=outcome, batches=batches,
                           shown=SHOWN_LOANS), status


@blp.route("/imports", methods=["GET", "POST"], endpoint="imports")
@page(Role.ADMIN)
def imports_page():
    form = ImportForm()
    if request.method == "GET":
        return _page(form, status=200)
    if not form.validate_on_submit():
        return _page(form, status=422)
    limit = int(current_app.config.get("IMPORT_MAX_BYTES", MAX_BYTES))
    upload = form.workbook.data
    content = upload.read(limit + 1)
    if len(content) > limit:
        form.workbook.errors = [_l("Tệp quá lớn (tối đa %(mb)s MB).", mb=limit // (1024 * 1024))]
        return _page(form, status=422)
    try:
        outcome = import_workbook(db(), content=content, filename=upload.filename or "",
                                  dry_run=request.form.get("action") != "import", user_id=current_user().id,
                                  today=today(), settings=current_app.config)
    except DomainError as error:  # not a workbook at all
        db().rollback()
        show_refusal(form, error, aliases={"file": "workbook"})
        return _page(form, status=422)
    return _page(form, outcome, status=422 if outcome.status == "invalid" else 200)


@blp.get("/imports/template", endpoint="import_template")
@page(Role.ADMIN)
def import_template():
    return Response(template_bytes(db()), mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{FILENAME}"'})
