"""Reading cells as officers type them: rates as 7%, 7 or 0.07; amounts with dots; dates as
dd/mm/yyyy, Excel dates or serial numbers; headings in any order, case or accents."""
from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from fundapp.exports.import_template import DISBURSEMENTS, LOANS
from fundapp.services.importing import reading


@pytest.mark.parametrize("typed, rate", [("7%", "0.07"), (7, "0.07"), (0.07, "0.07"), ("7,5", "0.075"),
                                          ("0.065", "0.065"), (6.5, "0.065"), ("12 %", "0.12")])
def test_a_rate_is_read_as_typed_in_percent_or_as_a_fraction(typed, rate):
    assert reading._rate(typed, LOANS.column("annual_rate")) == Decimal(rate)


@pytest.mark.parametrize("typed, amount", [(150_000_000, 150_000_000), (150000000.0, 150_000_000),
                                            ("150.000.000", 150_000_000), ("150.000.000 đ", 150_000_000)])
def test_an_amount_is_whole_dong_with_or_without_dots(typed, amount):
    assert reading._money(typed, LOANS.column("amount")) == amount


@pytest.mark.parametrize("typed", [0, -5, 1.5, "1,5 triệu", True, 10**16])
def test_an_amount_that_is_not_a_positive_whole_number_of_dong_is_unreadable(typed):
    with pytest.raises(reading.Unreadable):
        reading._money(typed, LOANS.column("amount"))


@pytest.mark.parametrize("typed", [datetime(2024, 2, 29), "29/02/2024", "29-02-2024", "2024-02-29", 45351])
def test_a_date_is_read_from_excel_dates_text_or_serial_numbers(typed):
    assert reading._day(typed, DISBURSEMENTS.column("value_date")) == date(2024, 2, 29)


@pytest.mark.parametrize("typed", ["30/02/2024", "hôm qua", 12, "1899-12-31"])
def test_a_date_that_does_not_exist_is_unreadable(typed):
    with pytest.raises(reading.Unreadable):
        reading._day(typed, DISBURSEMENTS.column("value_date"))


def test_columns_are_found_by_heading_in_any_order_case_or_accents_and_blank_rows_are_skipped():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Giải ngân"
    sheet.append(["so tien (dong)", "Ghi chú riêng của quỹ", "NGÀY GIẢI NGÂN *", "Số hợp đồng"])
    sheet.append([100_000_000, "đợt 1", "05/01/2024", "HĐ-1"])
    sheet.append([])
    sheet.append(["50.000.000", None, datetime(2024, 2, 5), "HĐ-1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    book = reading.read(buffer.getvalue(), filename="x.xlsx", sha256="0" * 64)
    rows = book.rows["disbursements"]
    assert [(r.number, r["contract_no"], r["value_date"], r["amount"]) for r in rows] == [
        (2, "HĐ-1", date(2024, 1, 5), 100_000_000), (4, "HĐ-1", date(2024, 2, 5), 50_000_000)]
    assert rows[0].letters["value_date"] == "C"
