"""Supporting documents: stored under the instance folder, type checked by extension and content."""
from __future__ import annotations

import io
import zipfile

import pytest

from tests.builders import fund_with_capital, make_application, make_borrower, make_product

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office_file(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}/workbook.xml", "<x/>")
    return buffer.getvalue()


@pytest.fixture
def documents_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "DOCUMENTS_DIR", str(tmp_path / "documents"))
    return tmp_path / "documents"


@pytest.fixture
def draft(app):
    fund_with_capital(app)
    coop = make_borrower(app)
    return coop, make_application(app, borrower_id=coop, product_id=make_product(app))


def upload(caller, application_id, content: bytes, filename: str):
    return caller.post(f"/api/v1/loan-applications/{application_id}/documents",
                       data={"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def test_a_business_plan_is_stored_under_the_instance_folder_listed_and_downloaded(officer, draft, documents_dir):
    _, application_id = draft
    response = upload(officer, application_id, PDF, "Phương án kinh doanh 2025.pdf")
    assert response.status_code == 201, response.json
    document = response.json
    assert document["content_type"] == "application/pdf" and document["size_bytes"] == len(PDF)
    stored = list(documents_dir.rglob("*.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes() == PDF and stored[0].parent.name == str(application_id)
    listed = officer.get(f"/api/v1/loan-applications/{application_id}/documents").json
    assert [d["filename"] for d in listed] == ["Phương án kinh doanh 2025.pdf"]
    download = officer.get(f"/api/v1/loan-applications/{application_id}/documents/{document['id']}")
    assert download.status_code == 200 and download.data == PDF


@pytest.mark.parametrize("content, filename", [
    (PNG, "so-do.png"), (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "anh-the.JPG"),
    (office_file("xl"), "bang-tinh.xlsx"), (office_file("word"), "to-trinh.docx"),
])
def test_each_accepted_type_is_taken(officer, draft, documents_dir, content, filename):
    assert upload(officer, draft[1], content, filename).status_code == 201


@pytest.mark.parametrize("content, filename", [
    (PDF, "virus.exe"),  # extension not accepted
    (PNG, "gia-mao.pdf"),  # a PNG pretending to be a PDF
    (office_file("word"), "bang-tinh.xlsx"),  # a Word file named as a spreadsheet
    (b"PK\x03\x04 not really a zip", "hong.docx"),
    (b"", "rong.pdf"),
    (PDF, "khong-co-duoi"),
])
def test_a_file_of_another_type_than_its_name_says_or_empty_is_refused(officer, draft, documents_dir, row_counts,
                                                                       content, filename):
    before = row_counts()
    response = upload(officer, draft[1], content, filename)
    assert response.status_code == 422 and "file" in response.json["errors"], response.json
    assert row_counts() == before


def test_a_file_above_the_upload_limit_is_refused(app, officer, draft, documents_dir, monkeypatch, row_counts):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1024)
    before = row_counts()
    response = upload(officer, draft[1], PDF + b"0" * 1024, "lon.pdf")
    assert response.status_code == 422 and "1,024" in response.json["detail"]
    assert row_counts() == before
    assert upload(officer, draft[1], PDF, "nho.pdf").status_code == 201


def test_a_borrower_attaches_to_its_own_application_and_gets_404_for_another(app, as_role, draft, documents_dir):
    coop, application_id = draft
    other = make_application(app, borrower_id=make_borrower(app, name="Hợp tác xã Mắc ca Tuy Đức"),
                             product_id=make_product(app))
    portal = as_role("borrower", borrower_id=coop)
    assert upload(portal, application_id, PDF, "giay-phep.pdf").status_code == 201
    assert upload(portal, other, PDF, "giay-phep.pdf").status_code == 404
    assert portal.get(f"/api/v1/loan-applications/{other}/documents").status_code == 404


def test_a_request_without_a_file_names_the_missing_field(officer, draft, documents_dir):
    response = officer.post(f"/api/v1/loan-applications/{draft[1]}/documents", data={},
                            content_type="multipart/form-data")
    assert response.status_code == 422 and "file" in response.json["errors"]
