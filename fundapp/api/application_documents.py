"""Supporting documents of a loan application: upload (multipart, field ``file``), list, download."""
from __future__ import annotations

from pathlib import Path

import marshmallow as ma
from flask import current_app, send_file
from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.fields import Upload

from ..auth import EVERYONE, current_user, roles
from ..db.models import Role
from ..services import documents as service
from ..unit_of_work import db
from .application_schemas import DocumentOut

PREFIX = "/loan-applications"
blp = Blueprint("loan_application_documents", __name__, description="Tài liệu hồ sơ / supporting documents")


class UploadIn(ma.Schema):
    file = Upload(required=True, metadata={"description": "pdf, jpeg, png, xlsx or docx"})


def documents_root() -> Path:
    configured = current_app.config.get("DOCUMENTS_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "documents"


@blp.route("/<id:application_id>/documents")
class Documents(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, DocumentOut(many=True))
    def get(self, application_id):
        """The application's documents, oldest first."""
        return service.documents_of(db(), application_id, viewer=current_user())

    @roles(Role.OFFICER, Role.BORROWER)
    @blp.arguments(UploadIn, location="files")
    @blp.response(201, DocumentOut)
    def post(self, files, application_id):
        """Attach a document (at most ``UPLOAD_MAX_BYTES``; type checked by extension and content)."""
        upload = files["file"]
        return service.attach(db(), application_id, viewer=current_user(), filename=upload.filename or "",
                              stream=upload.stream, max_bytes=int(current_app.config["UPLOAD_MAX_BYTES"]),
                              root=documents_root())


@blp.route("/<id:application_id>/documents/<id:document_id>")
class OneDocument(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, description="the file itself")
    def get(self, application_id, document_id):
        """Download one document."""
        row, path = service.document(db(), application_id, document_id, viewer=current_user(), root=documents_root())
        return send_file(path, mimetype=row.content_type, as_attachment=True, download_name=row.filename)
