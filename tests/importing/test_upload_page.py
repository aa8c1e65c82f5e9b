"""The officers' console page: an admin downloads the template, checks a workbook (nothing written),
sees every error in a table, and imports; other roles are refused."""
from __future__ import annotations

import io

from fundapp.exports.import_template import workbook_bytes
from tests.importing.conftest import book


def send(page, content: bytes, action: str):
    return page.post("/imports", {"workbook": (io.BytesIO(content), "so-cho-vay.xlsx"), "action": action},
                     content_type="multipart/form-data")


def test_an_admin_checks_then_imports_a_workbook_on_the_page(app, signed_in, fund, row_counts):
    admin = signed_in("admin")
    page = admin.get("/imports")
    assert page.status_code == 200 and "Nhập sổ cho vay từ Excel" in page.text
    template = admin.get("/imports/template")
    assert template.status_code == 200 and template.data[:2] == b"PK"
    content = book(8, 10, 14).xlsx(fund)
    before = row_counts()

    checked = send(admin, content, "dry_run")
    assert checked.status_code == 200 and 'data-status="dry_run"' in checked.text
    assert "HĐ-2023-0001" in checked.text and "Kiểm tra thử: không có lỗi" in checked.text
    assert row_counts() == before

    imported = send(admin, content, "import")
    assert imported.status_code == 200 and 'data-status="imported"' in imported.text
    assert "Đã nhập 10 khách hàng, 14 khoản vay" in imported.text and 'data-testid="batches"' in imported.text


def test_the_page_lists_every_error_and_a_file_that_is_no_workbook_next_to_the_field(app, signed_in, fund):
    admin = signed_in("admin")
    rows = book(8, 10, 14).rows()
    rows["loans"] = [[*r[:2], fund[r[2]], *r[3:]] for r in rows["loans"]]
    rows["loans"][0][3], rows["repayments"][0][1] = "một tỷ", "31/02/2024"
    refused = send(admin, workbook_bytes(product_codes=list(fund.values()), rows=rows), "import")
    assert refused.status_code == 422 and 'data-testid="errors"' in refused.text
    assert "“một tỷ” không phải số tiền" in refused.text and "“31/02/2024” không phải ngày hợp lệ" in refused.text
    junk = send(admin, b"not a workbook", "dry_run")
    assert junk.status_code == 422 and 'data-field-error="workbook"' in junk.text


def test_an_officer_may_not_open_the_import_page(signed_in):
    assert signed_in("officer").get("/imports").status_code == 403


def test_the_import_page_reads_in_english(signed_in):
    admin = signed_in("admin")
    admin.post("/language", {"lang": "en", "next": "/imports"})
    page = admin.get("/imports").text
    assert "Import a loan book from Excel" in page and "Download the template (.xlsx)" in page


def test_the_import_page_is_in_the_admins_navigation_in_vietnamese_and_english_and_in_no_one_elses(signed_in):
    admin = signed_in("admin")
    link = '<a class="nav-link active" aria-current="page" href="/imports">{}</a>'
    assert link.format("Nhập sổ") in admin.get("/imports").text
    admin.post("/language", {"lang": "en", "next": "/imports"})
    assert link.format("Import") in admin.get("/imports").text
    for role in ("officer", "approver", "accountant", "auditor"):
        dashboard = signed_in(role).get("/dashboard")
        assert dashboard.status_code == 200 and 'href="/imports"' not in dashboard.text, role
