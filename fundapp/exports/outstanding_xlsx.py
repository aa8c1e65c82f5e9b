"""The monthly outstanding-loan report as an Excel workbook a fund hands in.

Sheets: a summary (key figures, bad debt, provisions, largest exposures), the loans (one row
each, frozen headings, a totals row of SUM formulas), one sheet per grouping (debt group, commune,
sector, term class, capital source, borrower kind; totals as SUM formulas) with a native bar chart
of outstanding by debt group, and the 12-month trend with a native line chart.

Amounts use the number format ``#,##0``. In the file format ``,`` is the placeholder for "the
thousands separator of the reader's locale", so Vietnamese Excel or LibreOffice shows
``1.500.000.000`` and the cells stay numbers that add up. A literal ``#.##0`` would mean a decimal
point with three decimals (``1500000.000``); text like "1.500.000" could not be summed.

Built in openpyxl's write-only mode; the loans sheet is streamed (``xlsx_stream``) so that
100,000 loans take seconds and constant memory.
"""
from __future__ import annotations

import os
import tempfile
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import report_labels as labels
from .xlsx_stream import Formula, StreamedSheet, swap_in

MONEY_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.00%"
HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
DETAIL_TITLE = "Chi tiết khoản vay"
TREND_TITLE = "Xu hướng 12 tháng"


class Styler:
    """Cells for the openpyxl sheets, and the style ids the streamed sheet uses."""

    def __init__(self, ws):
        self.ws = ws

    def cell(self, value, *, fmt: str | None = None, bold: bool = False, heading: bool = False):
        cell = WriteOnlyCell(self.ws, value=value)  # openpyxl writes a Decimal rate as its exact digits
        if fmt:
            cell.number_format = fmt
        if bold or heading:
            cell.font = Font(bold=True)
        if heading:
            cell.fill = HEADING_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        return cell

    def style_id(self, **kwargs) -> int:
        return self.cell(0, **kwargs).style_id


FORMATS = {"money": MONEY_FORMAT, "date": DATE_FORMAT, "rate": PERCENT_FORMAT}


def write(report: dict, out, *, fund_name: str) -> None:
    """Write the workbook to ``out`` (a path or a binary stream)."""
    wb = Workbook(write_only=True)
    _summary(wb, report, fund_name)
    placeholder = wb.create_sheet(DETAIL_TITLE)  # replaced by the streamed sheet after saving
    detail = _detail(Styler(placeholder), report)
    for name in labels.GROUPINGS:
        _grouping(wb, report, name)
    _trend(wb, report)
    handle, saved = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        wb.save(saved)
        swap_in(saved, title=DETAIL_TITLE, sheet=detail, out=out)
    finally:
        os.unlink(saved)


def _summary(wb: Workbook, report: dict, fund_name: str) -> None:
    ws = wb.create_sheet("Tổng hợp")
    st = Styler(ws)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 46, 22
    ws.column_dimensions["C"].width, ws.column_dimensions["D"].width = 16, 14
    totals, exposures = report["totals"], report["exposures"]
    ws.append([st.cell(fund_name.upper(), bold=True)])
    ws.append([st.cell(f"BÁO CÁO DƯ NỢ CHO VAY {labels.month_title(report['month']).upper()}", bold=True)])
    ws.append([labels.status_line(report)])
    ws.append([])
    ws.append([st.cell("Chỉ tiêu", heading=True), st.cell("Số tiền (đồng)", heading=True)])
    lines = [("Dư nợ đầu kỳ", totals["opening_balance"]), ("Giải ngân trong kỳ", totals["disbursed"]),
             ("Thu nợ gốc trong kỳ", totals["principal_collected"]), ("Xử lý rủi ro trong kỳ", totals["written_off"]),
             ("Dư nợ cuối kỳ", totals["closing_balance"]), ("  Trong hạn", totals["closing_in_term"]),
             ("  Quá hạn", totals["closing_overdue"]), ("Lãi đã thu trong kỳ", totals["interest_collected"]),
             ("Nợ xấu (nhóm 3–5)", report["bad_debt"]["amount"]),
             ("Dự phòng cụ thể", report["provisions"]["specific"]), ("Dự phòng chung", report["provisions"]["general"]),
             ("Tổng dự phòng", report["provisions"]["total"]),
             ("Vốn điều lệ thực có", exposures["actual_charter_capital"]),
             ("Giới hạn một khách hàng", exposures["single_borrower_limit"]),
             ("Giới hạn khách hàng và người có liên quan", exposures["related_group_limit"])]
    for label, amount in lines:
        ws.append([label, st.cell(amount, fmt=MONEY_FORMAT)])
    ratio = report["bad_debt"]["ratio"]
    ws.append(["Tỷ lệ nợ xấu", st.cell(ratio if ratio is not None else "–", fmt=PERCENT_FORMAT)])
    ws.append(["Số khoản vay", totals["loans"]])
    ws.append(["Đối chiếu (dư đầu + giải ngân − thu gốc − xử lý rủi ro = dư cuối)",
               "Khớp" if report["reconciliation"]["reconciled"] else "KHÔNG KHỚP"])
    for title, key, entries in (("Dư nợ lớn nhất theo khách hàng", "borrower_id", exposures["by_borrower"]),
                                ("Dư nợ lớn nhất theo nhóm khách hàng liên quan", "related_group_id",
                                 exposures["by_related_group"])):
        ws.append([])
        ws.append([st.cell(title, heading=True), st.cell("Dư nợ (đồng)", heading=True),
                   st.cell("% vốn điều lệ thực có", heading=True), st.cell("Vượt giới hạn", heading=True)])
        for entry in entries:
            ws.append([entry["name"], st.cell(entry["outstanding"], fmt=MONEY_FORMAT),
                       st.cell(entry["share"] if entry["share"] is not None else "–", fmt=PERCENT_FORMAT),
                       "Vượt" if entry["over_limit"] else "Không"])


def _detail(st: Styler, report: dict) -> StreamedSheet:
    columns = labels.DETAIL_COLUMNS
    sheet = StreamedSheet(widths=[width for *_, width in columns], frozen_rows=1)
    heading = st.style_id(heading=True)
    sheet.append([title for _, title, _, _ in columns], [heading] * len(columns))
    styles = [st.style_id(fmt=FORMATS[kind]) if kind in FORMATS else 0 for _, _, kind, _ in columns]
    named = [(index, field, kind) for index, (field, _, kind, _) in enumerate(columns) if kind in labels.CODE_NAMES]
    rates = [(index, field) for index, (field, _, kind, _) in enumerate(columns) if kind == "rate"]
    fields = [field for field, *_ in columns]
    for row in report["rows"]:
        values = [row[field] for field in fields]
        for index, field, kind in named:
            values[index] = labels.name_of(kind, values[index])
        for index, field in rates:  # a number, shown as a percentage
            values[index] = Decimal(values[index])
        sheet.append(values, styles)
    last = sheet.rows_written
    total_styles = [st.style_id(fmt=MONEY_FORMAT, bold=True) if kind == "money" else st.style_id(bold=True)
                    for _, _, kind, _ in columns]
    totals = []
    for index, (field, _, kind, _) in enumerate(columns, 1):
        letter = get_column_letter(index)
        if kind == "money" and field not in ("amount", "collateral_value"):
            totals.append(Formula(f"SUM({letter}2:{letter}{last})") if last >= 2 else 0)
        else:
            totals.append("Tổng cộng" if field == "borrower_name" else None)
    sheet.append(totals, total_styles)
    sheet.close()
    return sheet


def _grouping(wb: Workbook, report: dict, name: str) -> None:
    title, key_heading, key_name = labels.GROUPINGS[name]
    ws = wb.create_sheet(title)
    st = Styler(ws)
    columns = labels.GROUP_COLUMNS
    ws.column_dimensions["A"].width = 34
    for index, (*_, width) in enumerate(columns, 2):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "B2"
    ws.append([st.cell(key_heading, heading=True)] + [st.cell(heading, heading=True) for _, heading, _, _ in columns])
    entries = report["groups"][name]
    for entry in entries:
        ws.append([key_name(entry["key"])] + [st.cell(entry[field], fmt=MONEY_FORMAT) for field, *_ in columns])
    last = len(entries) + 1
    ws.append([st.cell("Tổng cộng", bold=True)] + [
        st.cell(f"=SUM({get_column_letter(i)}2:{get_column_letter(i)}{last})" if last >= 2 else 0,
                fmt=MONEY_FORMAT, bold=True) for i in range(2, len(columns) + 2)])
    if name == "debt_group":
        chart = BarChart()
        chart.title, chart.y_axis.title = "Dư nợ cuối kỳ theo nhóm nợ", "đồng"
        closing = 2 + [field for field, *_ in columns].index("closing_balance")
        chart.add_data(Reference(ws, min_col=closing, min_row=1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
        chart.y_axis.number_format = MONEY_FORMAT
        chart.width, chart.height = 22, 11
        ws.add_chart(chart, f"A{last + 3}")


def _trend(wb: Workbook, report: dict) -> None:
    ws = wb.create_sheet(TREND_TITLE)
    st = Styler(ws)
    for letter, width in zip("ABCD", (12, 20, 20, 12)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.append([st.cell(h, heading=True) for h in ("Tháng", "Dư nợ cuối tháng", "Nợ xấu (nhóm 3–5)", "Tỷ lệ nợ xấu")])
    for point in report["trend"]:
        year, month = point["month"].split("-")
        ws.append([f"{month}/{year}", st.cell(point["principal_outstanding"], fmt=MONEY_FORMAT),
                   st.cell(point["bad_debt"], fmt=MONEY_FORMAT),
                   st.cell(point["bad_debt_ratio"], fmt=PERCENT_FORMAT)])
    last = len(report["trend"]) + 1
    chart = LineChart()
    chart.title, chart.y_axis.title = "Dư nợ và nợ xấu 12 tháng", "đồng"
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    for series in chart.series:
        series.smooth = False  # month-end figures: straight segments, no invented peaks
        series.marker.symbol = "circle"
    chart.y_axis.number_format = MONEY_FORMAT
    chart.width, chart.height = 24, 12
    ws.add_chart(chart, "F2")
