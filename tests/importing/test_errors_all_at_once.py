"""A workbook with one error of each kind: every error comes back at once, with its sheet, row,
column and a Vietnamese reason, and nothing at all is imported."""
from __future__ import annotations

import copy
import io
from datetime import date, timedelta

from openpyxl import Workbook

from fundapp.exports.import_template import workbook_bytes
from tests import builders
from tests.importing.conftest import book, upload

KH, KV, GN, TN = "Khách hàng", "Khoản vay", "Giải ngân", "Trả nợ"


class Rows:
    """The generated book's rows, to break one at a time (row n of a list is Excel row n + 2)."""

    def __init__(self, generated):
        self.rows = copy.deepcopy(generated.rows())
        self.loans = [row[0] for row in self.rows["loans"]]

    def excel(self, sheet: str, index: int) -> int:
        return index + 2

    def of(self, sheet: str, contract_no: str) -> list[int]:
        return [i for i, row in enumerate(self.rows[sheet]) if row[0] == contract_no]

    def add(self, sheet: str, row: list) -> int:
        self.rows[sheet].append(row)
        return len(self.rows[sheet]) + 1


def broken_workbook(codes: dict[str, str], existing_contract: str) -> tuple[bytes, list[tuple]]:
    """(the workbook, [(sheet, row, column, part of the reason)] of every error put in it)."""
    book_ = Rows(book(11, 12, 30))
    b, loans, d, r = book_.rows["borrowers"], book_.rows["loans"], book_.rows["disbursements"], book_.rows["repayments"]
    for row in loans:
        row[2] = codes[row[2]]
    expected = []

    def expect(sheet, row, column, reason):
        expected.append((sheet, row, column, reason))

    # Khách hàng: a missing name, an unknown kind, a short CCCD, an unknown cooperative, a person's
    # field on a cooperative, a reference used twice.
    b[0][2] = None
    expect(KH, 2, "C", "Thiếu tên khách hàng")
    b[1][1] = "Doanh nghiệp tư nhân"
    expect(KH, 3, "B", "không có trong danh mục")
    b[2][9] = date(1980, 1, 1)
    expect(KH, 4, "J", "không dùng cho hợp tác xã")
    members = [i for i, row in enumerate(b) if row[1] == "Thành viên hợp tác xã"]
    b[members[0]][8] = "12345"
    expect(KH, members[0] + 2, "I", "đúng 12 chữ số")
    b[members[1]][10] = "KH999"
    expect(KH, members[1] + 2, "K", "Không có khách hàng mã KH999")
    b.append(list(b[members[2]]))
    expect(KH, len(b) + 1, "A", f"trùng dòng {members[2] + 2}")

    # Khoản vay: an amount in words, an unknown product and borrower, the schedule rules, dates,
    # a rate above the legal cap, a contract number twice, and one the fund already has.
    loans[0][3] = "một trăm triệu"
    expect(KV, 2, "D", "không phải số tiền")
    loans[1][2] = "VON-XX"
    expect(KV, 3, "C", "Không có sản phẩm mã VON-XX")
    loans[2][1] = "KH404"
    expect(KV, 4, "B", "Không có khách hàng mã KH404")
    loans[3][8], loans[3][9] = 1, 3  # principal monthly, interest quarterly
    expect(KV, 5, "J", "chia hết kỳ trả gốc")
    loans[4][6] = loans[4][5]  # grace as long as the term
    expect(KV, 6, "G", "Ân hạn gốc phải ngắn hơn thời hạn vay")
    loans[5][10] = date(2025, 8, 1)
    expect(KV, 7, "K", "Ngày phê duyệt sau ngày nhập")
    loans[6][4] = "35%"
    expect(KV, 8, "E", "không quá 20%/năm")
    loans.append(list(loans[7]))
    expect(KV, len(loans) + 1, "A", "trùng dòng 9")
    old = loans[8][0]
    for sheet in ("loans", "disbursements", "repayments"):
        for i in book_.of(sheet, old):
            book_.rows[sheet][i][0] = existing_contract
    expect(KV, 10, "A", f"Số hợp đồng {existing_contract} đã có trong hệ thống")

    # Giải ngân: before the approval, an unknown contract, a fraction of a đồng, more than approved.
    for i in reversed(book_.of("disbursements", loans[17][0])):  # (a loan never disbursed: see Trả nợ)
        del d[i]
    first = book_.of("disbursements", loans[10][0])[0]
    d[first][1] = loans[10][10] - timedelta(days=5)
    expect(GN, first + 2, "B", "trước ngày phê duyệt")
    expect(GN, book_.add("disbursements", ["HĐ-KHONG-CO", date(2024, 1, 5), 10_000_000, ""]), "A",
           "Không có hợp đồng HĐ-KHONG-CO")
    first = book_.of("disbursements", loans[11][0])[0]
    d[first][2] = 1.5
    expect(GN, first + 2, "C", "số nguyên đồng")
    last = book_.of("disbursements", loans[12][0])[-1]
    expect(GN, book_.add("disbursements", [loans[12][0], d[last][1] + timedelta(days=20), 10_000_000, "UNC-thêm"]),
           "C", "vượt số tiền vay")

    # Trả nợ: a date that does not exist, more than the payoff, before the disbursement, an empty
    # amount, payments on a loan never disbursed, and a prepayment the product refuses.
    first = book_.of("repayments", loans[13][0])[0]
    r[first][1] = "31/02/2024"
    expect(TN, first + 2, "B", "không phải ngày hợp lệ")
    last = book_.of("repayments", loans[14][0])[-1]
    r[last][2] = r[last][2] * 100
    expect(TN, last + 2, "C", "vượt số tiền tất toán")
    first = book_.of("repayments", loans[15][0])[0]
    r[first][1] = d[book_.of("disbursements", loans[15][0])[0]][1] - timedelta(days=3)
    expect(TN, first + 2, "B", "trước lần giải ngân đầu")
    first = book_.of("repayments", loans[16][0])[0]
    r[first][2] = None
    expect(TN, first + 2, "C", "Thiếu số tiền")
    expect(TN, book_.of("repayments", loans[17][0])[0] + 2, "A", "chưa có lần giải ngân")
    loans.append(["HĐ-KT-01", "KH012", codes["KT"], 100_000_000, None, 12, None, None, None, None, date(2025, 1, 2),
                  "1/QĐ", "Mua phân bón", None, 50_000_000, None, None, date(2025, 1, 2), None, None, None])
    book_.add("disbursements", ["HĐ-KT-01", date(2025, 1, 5), 100_000_000, "UNC-KT"])
    expect(TN, book_.add("repayments", ["HĐ-KT-01", date(2025, 1, 20), 50_000_000, "PT-KT"]), "C",
           "không nhận trả nợ trước hạn")
    return workbook_bytes(product_codes=list(codes.values()), rows=book_.rows), expected


def test_a_workbook_with_one_error_of_each_kind_gets_every_error_at_once_and_imports_nothing(
        app, admin, fund, row_counts):
    codes = {**fund, "KT": "VON-KT"}
    builders.make_product(app, code="VON-KT", name="Cho vay ngắn hạn không trả trước", prepayment="refuse")
    existing = builders.approved_loan(app, borrower_id=builders.make_borrower(app, registration_no="API-0001"),
                                      product_id=builders.make_product(app))
    existing_contract = admin.get(f"/api/v1/loans/{existing}").json["contract_no"]
    content, expected = broken_workbook(codes, existing_contract)
    before = row_counts()

    response = upload(admin, content)

    assert response.status_code == 422 and response.content_type == "application/problem+json"
    problems = response.json["problems"]
    for sheet, row, column, reason in expected:
        here = [p for p in problems if (p["sheet"], p["row"], p["column"]) == (sheet, row, column)]
        assert any(reason in p["reason"] for p in here), (sheet, row, column, reason, here)
    assert len(expected) >= 25
    assert response.json["errors"]["Khoản vay!D2"] == ["“một trăm triệu” không phải số tiền (ví dụ 150000000 hoặc "
                                                       "150.000.000)"]
    assert "không có gì được nhập" in response.json["detail"]
    assert row_counts() == before


def test_a_file_that_is_no_workbook_or_lacks_a_sheet_or_a_column_is_refused_naming_what_is_missing(
        app, admin, fund, row_counts):
    before = row_counts()
    refused = upload(admin, b"PK\x03\x04 not really a zip")
    assert refused.status_code == 422 and "file" in refused.json["errors"]

    workbook = Workbook()
    workbook.active.title = KH
    workbook.active.append(["Mã khách hàng", "Tên khách hàng"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(admin, buffer.getvalue())
    assert response.status_code == 422
    reasons = {(p["sheet"], p["row"], p["reason"]) for p in response.json["problems"]}
    assert {(KV, None, "Thiếu sheet “Khoản vay”"), (GN, None, "Thiếu sheet “Giải ngân”"),
            (KH, 1, "Thiếu cột “Loại khách hàng”"), (KH, 1, "Thiếu cột “Xã, phường, đặc khu”")} <= reasons
    assert row_counts() == before
