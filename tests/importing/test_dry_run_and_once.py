"""A dry run changes nothing and shows what an import would create; a workbook is imported once;
imported loans name their file and checksum; only an admin imports; the template downloads."""
from __future__ import annotations

import hashlib
import io

from openpyxl import load_workbook
from sqlalchemy import select

from fundapp.db.models import Loan
from fundapp.exports.import_template import workbook_bytes
from tests import builders, money_builders
from tests.importing.conftest import book, upload


def test_a_dry_run_changes_nothing_and_shows_the_counts_and_each_loans_balance_as_the_import_gives_it(
        app, admin, fund, row_counts):
    content = book(8, 10, 14).xlsx(fund)
    before = row_counts()

    dry = upload(admin, content, dry_run=True)

    assert dry.status_code == 200 and dry.json["status"] == "dry_run", dry.json
    assert row_counts() == before
    assert dry.json["counts"]["loans"] == 14 and dry.json["counts"]["borrowers"] == 10
    assert "Chưa có gì được ghi" in dry.json["message"]
    real = upload(admin, content)
    assert real.status_code == 201 and real.json["status"] == "imported"
    strip = lambda items: [{k: v for k, v in i.items() if k != "loan_id"} for i in items]  # noqa: E731
    assert strip(dry.json["loans"]) == strip(real.json["loans"])
    for item in real.json["loans"]:
        if item["status"] != "approved":
            balance = admin.get(f"/api/v1/loans/{item['loan_id']}/balance").json
            assert {k: balance[k] for k in ("principal_outstanding", "payoff_amount", "days_past_due", "debt_group")} \
                == {k: item[k] for k in ("principal_outstanding", "payoff_amount", "days_past_due", "debt_group")}


def test_importing_the_same_workbook_again_imports_nothing_and_says_so(app, admin, fund, row_counts):
    content = book(8, 10, 14).xlsx(fund)
    first = upload(admin, content, filename="so-cho-vay-quy-lam-dong.xlsx")
    assert first.status_code == 201
    before = row_counts()

    again = upload(admin, content, filename="ban-sao.xlsx")
    dry_again = upload(admin, content, dry_run=True)

    for response in (again, dry_again):
        assert response.status_code == 200 and response.json["status"] == "already_imported"
        assert response.json["batch_id"] == first.json["batch_id"] and response.json["imported_on"] == "2025-06-30"
        assert "đã được nhập ngày 30/06/2025" in response.json["message"]
    assert row_counts() == before
    batches = admin.get("/api/v1/imports").json
    assert batches["total"] == 1
    assert batches["items"][0]["filename"] == "so-cho-vay-quy-lam-dong.xlsx"
    assert batches["items"][0]["sha256"] == hashlib.sha256(content).hexdigest()
    with money_builders.session_for(app) as session:
        marked = session.scalars(select(Loan.import_batch_id)).all()
    assert set(marked) == {first.json["batch_id"]} and len(marked) == 14


def test_a_workbook_resaved_with_the_same_contracts_is_refused_naming_each_contract(app, admin, fund):
    generated = book(8, 10, 14)
    assert upload(admin, generated.xlsx(fund)).status_code == 201
    rows = generated.rows()
    rows["borrowers"] = [[f"{r[0]}-B", *r[1:3], r[3] and f"{r[3]}B", *r[4:8], r[8] and f"1{r[8][1:]}", *r[9:]]
                         for r in rows["borrowers"]]
    rows["loans"] = [[r[0], f"{r[1]}-B", fund[r[2]], *r[3:]] for r in rows["loans"]]
    second = upload(admin, workbook_bytes(product_codes=list(fund.values()), rows=rows))
    assert second.status_code == 422
    assert {p["row"] for p in second.json["problems"] if "đã có trong hệ thống" in p["reason"]} == set(range(2, 16))


def test_only_an_admin_imports_and_every_staff_role_may_download_the_template(app, admin, officer, auditor, fund):
    content = book(8, 10, 14).xlsx(fund)
    assert upload(officer, content, dry_run=True).status_code == 403
    assert upload(auditor, content).status_code == 403
    response = officer.get("/api/v1/imports/template")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames[:5] == ["Hướng dẫn", "Khách hàng", "Khoản vay", "Giải ngân", "Trả nợ"]
    loans = workbook["Khoản vay"]
    assert loans.freeze_panes == "A2" and loans["A1"].value == "Số hợp đồng *"
    lists = {str(v.sqref): v.formula1 for v in loans.data_validations.dataValidation}
    products = next(f for ref, f in lists.items() if ref.startswith("C2:"))
    codes = [c.value for (c,) in workbook["Danh mục"][products.split("!")[1].replace("$", "")]]
    assert codes == sorted(fund.values())
    bad = admin.client.post("/api/v1/imports", data={"file": (io.BytesIO(content), "x.xlsx"), "dry_run": "có lẽ"},
                            content_type="multipart/form-data", headers={"Authorization": f"Bearer {admin.token}"})
    assert bad.status_code == 422 and "dry_run" in bad.json["errors"]


def test_an_imported_loan_names_its_import_and_a_loan_approved_through_the_api_names_none(
        app, admin, approver, fund):
    imported = upload(admin, book(8, 10, 14).xlsx(fund))
    assert imported.status_code == 201, imported.json
    batch_id, brought_in = imported.json["batch_id"], imported.json["loans"][0]["loan_id"]
    application = builders.appraised_application(app, borrower_id=builders.make_borrower(app),
                                                 product_id=builders.make_product(app))
    approved = approver.post(f"/api/v1/loan-applications/{application}/approve", json={"decision_no": "15/QĐ-QHTX"})
    assert approved.status_code == 201, approved.json
    made_here = approved.json["loan_id"]

    assert admin.get(f"/api/v1/loans/{brought_in}").json["import_batch_id"] == batch_id
    assert admin.get(f"/api/v1/loans/{made_here}").json["import_batch_id"] is None
    listed = {item["id"]: item["import_batch_id"] for item in admin.get("/api/v1/loans?per_page=500").json["items"]}
    assert listed[brought_in] == batch_id and listed[made_here] is None
