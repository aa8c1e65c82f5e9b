"""Supporting documents of an application (business plan, registration, land-use certificate…).

Stored under ``<instance>/documents/<application id>/`` by their SHA-256, so a file is never
overwritten and the name a user chose never reaches the file system. Only PDF, JPEG, PNG, XLSX and
DOCX are taken, checked by extension AND by content (magic bytes; an Office file is a zip with its
own part), and at most ``UPLOAD_MAX_BYTES``.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import ApplicationDocument, ApplicationStatus, User
from ..domain.errors import DomainError, NotFound
from .applications import get_application, require_status

TYPES = {  # extension → (content type, test on the content)
    "pdf": ("application/pdf", lambda head, _: head.startswith(b"%PDF-")),
    "jpg": ("image/jpeg", lambda head, _: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda head, _: head.startswith(b"\xff\xd8\xff")),
    "png": ("image/png", lambda head, _: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             lambda head, data: _office(head, data, "xl/")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             lambda head, data: _office(head, data, "word/")),
}
OPEN = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.APPRAISED)


class InvalidDocument(DomainError):
    rule = "document_invalid"


def _office(head: bytes, data: bytes, part: str) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and any(name.startswith(part) for name in names)


def _clean_name(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name
    return "".join(c for c in name if c.isprintable())[:255] or "tai-lieu"


def attach(session: Session, application_id: int, *, viewer: User, filename: str, stream, max_bytes: int,
           root: Path) -> ApplicationDocument:
    application = get_application(session, application_id, viewer=viewer)
    require_status(application, OPEN, "bổ sung tài liệu cho / attach documents to")
    name = _clean_name(filename or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in TYPES:
        raise InvalidDocument(f"Chỉ nhận tệp {', '.join(sorted(TYPES))}; “{name}” không được nhận / only "
                              f"{', '.join(sorted(TYPES))} files are accepted, not “{name}”", field="file")
    data = stream.read(max_bytes + 1)
    if not data:
        raise InvalidDocument("Tệp rỗng / the file is empty", field="file")
    if len(data) > max_bytes:
        raise InvalidDocument(f"Tệp lớn hơn {max_bytes:,} byte / the file is larger than {max_bytes:,} bytes",
                              field="file", max_bytes=max_bytes)
    content_type, looks_right = TYPES[extension]
    if not looks_right(data[:16], data):
        raise InvalidDocument(f"Nội dung tệp không phải {extension.upper()} / the file's content is not "
                              f"{extension.upper()}", field="file")
    digest = hashlib.sha256(data).hexdigest()
    stored_as = f"{application.id}/{digest}.{extension}"
    target = root / stored_as
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        temporary = target.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(target)
    document = ApplicationDocument(application_id=application.id, filename=name, content_type=content_type,
                                   size_bytes=len(data), sha256=digest, stored_as=stored_as, uploaded_by=viewer.id,
                                   uploaded_at=now_utc())
    session.add(document)
    session.flush()
    return document


def documents_of(session: Session, application_id: int, *, viewer: User) -> list[ApplicationDocument]:
    application = get_application(session, application_id, viewer=viewer)
    return list(session.scalars(select(ApplicationDocument).where(
        ApplicationDocument.application_id == application.id).order_by(ApplicationDocument.id)))


def document(session: Session, application_id: int, document_id: int, *, viewer: User,
             root: Path) -> tuple[ApplicationDocument, Path]:
    application = get_application(session, application_id, viewer=viewer)
    row = session.get(ApplicationDocument, document_id) if document_id < 2**31 else None
    if row is None or row.application_id != application.id or not (root / row.stored_as).is_file():
        raise NotFound(f"Không tìm thấy tài liệu số {document_id} / no document with id {document_id}")
    return row, root / row.stored_as
