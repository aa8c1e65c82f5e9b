"""The files a fund hands in: XLSX (opens with openpyxl, totals equal the JSON's), PDF (the totals
and the total in words), CSV (UTF-8 with a BOM), and ``fundapp report outstanding``."""
from __future__ import annotations

import csv
import io
import re
import zipfile

from openpyxl import load_workbook
from pypdf import PdfReader

from fundapp.domain.money import format_dong
from fundapp.domain.words import dong_in_words
from fundapp.exports.report_labels import DETAIL_COLUMNS, GROUP_COLUMNS, GROUPINGS
from tests.reports.book import build
from tests.reports.test_outstanding import report


def download(caller, month: str, fmt: str) -> bytes:
    response = caller.get(f"/api/v1/reports/outstanding?month={month}&format={fmt}")
    assert response.status_code == 200, response.data[:500]
    assert f'filename="du-no-cho-vay-{month}.{fmt}"' in response.headers["Content-Disposition"]
    return response.data


def test_the_xlsx_opens_with_openpyxl_and_its_totals_equal_the_json(app, officer):
    build(app)
    for month in ("2025-05", "2025-06"):
        data = report(officer, month)
        content = download(officer, month, "xlsx")
        workbook = load_workbook(io.BytesIO(content))
        assert workbook.sheetnames == ["Tổng hợp", "Chi tiết khoản vay", *[t for t, _, _ in GROUPINGS.values()],
                                       "Xu hướng 12 tháng"]
        sheet = workbook["Chi tiết khoản vay"]
        table = list(sheet.iter_rows(values_only=True))
        assert list(table[0]) == [heading for _, heading, _, _ in DETAIL_COLUMNS]
        body, total_row = table[1:-1], table[-1]
        assert [row[0] for row in body] == [row["loan_id"] for row in data["rows"]]
        for index, (field, _, kind, _) in enumerate(DETAIL_COLUMNS):
            if kind == "money" and field in data["totals"]:
                assert sum(row[index] for row in body) == data["totals"][field], field
                letter = sheet.cell(row=1, column=index + 1).column_letter
                assert total_row[index] == f"=SUM({letter}2:{letter}{len(body) + 1})"
        assert sheet.freeze_panes == "A2"
        assert sheet.cell(row=2, column=19).number_format == "#,##0"  # opening balance, shown 1.500.000 in vi-VN
        assert sheet.cell(row=2, column=9).is_date and sheet.cell(row=2, column=14).number_format == "0.00%"
        assert sheet.cell(row=2, column=14).value == 0.07  # the rate is a number, shown 7,00%
        groups = workbook["Theo nhóm nợ"]
        closing = 2 + [field for field, *_ in GROUP_COLUMNS].index("closing_balance")
        values = [groups.cell(row=r, column=closing).value for r in range(2, 7)]
        assert values == [g["closing_balance"] for g in data["groups"]["debt_group"]]
        assert groups.cell(row=7, column=closing).value.startswith("=SUM(")
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
            assert len(charts) == 2
            assert b"<barChart>" in archive.read(charts[0]) + archive.read(charts[1])
            assert b"<lineChart>" in archive.read(charts[0]) + archive.read(charts[1])


def _pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def test_the_pdf_names_the_fund_and_month_and_contains_the_totals_the_total_in_words_and_the_signatures(app, officer):
    build(app)
    data = report(officer, "2025-05")
    text = _pdf_text(download(officer, "2025-05", "pdf"))
    closing = data["totals"]["closing_balance"]
    assert app.config["FUND_NAME"].upper() in text and "THÁNG 05/2025" in text
    assert format_dong(closing).removesuffix(" đ") in text
    for key in ("opening_balance", "principal_collected", "closing_overdue", "provision"):
        assert format_dong(data["totals"][key]).removesuffix(" đ") in text, key
    assert dong_in_words(closing) in text
    assert "Người lập biểu" in text and "Kế toán trưởng" in text and "Giám đốc" in text
    assert PdfReader(io.BytesIO(download(officer, "2025-05", "pdf"))).pages[0].mediabox.width > 800  # landscape


def test_the_csv_is_utf8_with_a_byte_order_mark_one_row_a_loan_and_the_totals(app, officer):
    build(app)
    data = report(officer, "2025-05")
    content = download(officer, "2025-05", "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Mã khoản vay", "Số hợp đồng", "Mã khách hàng", "Khách hàng"]
    assert [int(row[0]) for row in rows[1:-1]] == [row["loan_id"] for row in data["rows"]]
    assert "Hợp tác xã Dệt thổ cẩm Lang Biang" in {row[3] for row in rows}
    closing = [heading for _, heading, _, _ in DETAIL_COLUMNS].index("Dư nợ cuối kỳ")
    assert int(rows[-1][closing]) == data["totals"]["closing_balance"] == sum(int(r[closing]) for r in rows[1:-1])


def test_fundapp_report_outstanding_writes_each_format_to_a_file(app, officer, tmp_path):
    build(app)
    runner = app.test_cli_runner()
    for fmt in ("xlsx", "csv", "pdf", "json"):
        path = tmp_path / f"du-no.{fmt}"
        result = runner.invoke(args=["report", "outstanding", "--month", "2025-05", "--format", fmt,
                                     "--output", str(path)])
        assert result.exit_code == 0, result.output
        assert path.stat().st_size > 1000
    assert load_workbook(tmp_path / "du-no.xlsx")["Chi tiết khoản vay"].max_row == 7  # heading, 5 loans, totals
    import json

    assert json.loads((tmp_path / "du-no.json").read_text())["totals"] == report(officer, "2025-05")["totals"]
    refused = runner.invoke(args=["report", "outstanding", "--month", "2025-13", "--output", str(tmp_path / "x")])
    assert refused.exit_code != 0 and "month" in refused.output
