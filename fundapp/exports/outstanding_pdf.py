"""The monthly outstanding-loan report as a PDF: A4 landscape, the fund's name and the month, the
loans, the totals by each grouping, bad debt, provisions, the largest exposures, the 12-month
trend, the total outstanding in figures and in words, and the three signature blocks."""
from __future__ import annotations

from ..domain.money import format_dong
from . import report_labels as labels
from .pdf import Document

SIGNERS = ["Người lập biểu", "Kế toán trưởng", "Giám đốc"]
SIZE = 7
LOAN_COLUMNS = [  # (heading, width mm, field or a function of the row)
    ("STT", 7, None), ("Số HĐ", 19, "contract_no"), ("Khách hàng", 32, "borrower_name"), ("Xã, phường", 20, "commune"),
    ("Kỳ hạn", 13, lambda r: labels.TERM_CLASSES[r["term_class"]].split(" (")[0]), ("Nhóm", 8, "debt_group"),
    ("Dư đầu kỳ", 19.7, "opening_balance"), ("Giải ngân", 19.7, "disbursed"), ("Thu gốc", 19.7, "principal_collected"),
    ("XLRR", 19.7, "written_off"), ("Dư cuối kỳ", 19.7, "closing_balance"), ("Quá hạn", 19.7, "closing_overdue"),
    ("Lãi đã thu", 19.7, "interest_collected"), ("Lãi QH, phạt", 19.7, lambda r: r["penalty_interest"] + r["late_interest"]
                                                  + r["interest_overdue"]), ("Dự phòng", 19.7, "provision"),
]
GROUP_FIELDS = ["opening_balance", "disbursed", "principal_collected", "written_off", "closing_balance",
                "closing_overdue", "interest_collected", "provision"]
GROUP_HEADINGS = ["Dư đầu kỳ", "Giải ngân", "Thu gốc", "XLRR", "Dư cuối kỳ", "Quá hạn", "Lãi đã thu", "Dự phòng"]


def _fit(document: Document, text: str, width: float) -> str:
    """Cut a text to the column's width (the table does not wrap)."""
    document.set_font("Roboto", "", SIZE)
    text = "" if text is None else str(text)
    if document.get_string_width(text) <= width - 2:
        return text
    while text and document.get_string_width(text + "…") > width - 2:
        text = text[:-1]
    return text + "…"


def _value(row: dict, source):
    return source(row) if callable(source) else row[source]


def render(report: dict, *, fund_name: str) -> bytes:
    document = Document(fund_name=fund_name, landscape=True,
                        title=f"Báo cáo dư nợ cho vay {labels.month_title(report['month'])}")
    document.paragraph(labels.status_line(report), align="C", size=10)
    document.paragraph("Đơn vị tính: đồng", align="R", size=9)
    _loans(document, report)
    for name, (title, key_heading, key_name) in labels.GROUPINGS.items():
        document.ln(3)
        document.paragraph(title, bold=True, size=10)
        entries = report["groups"][name]
        rows = [[_fit(document, key_name(e["key"]), 62), e["loans"], *[e[f] for f in GROUP_FIELDS]] for e in entries]
        total = ["Tổng cộng", report["totals"]["loans"], *[report["totals"][f] for f in GROUP_FIELDS]]
        document.table([key_heading, "Số KV", *GROUP_HEADINGS], rows, widths=[62, 15] + [25] * 8,
                       money_columns=range(2, 10), total_row=total, size=SIZE)
    _summary(document, report)
    document.ln(2)
    document.amount("Tổng dư nợ cuối kỳ:", report["totals"]["closing_balance"])
    document.signatures(SIGNERS, on=report["as_of"])
    return document.render()


def _loans(document: Document, report: dict) -> None:
    rows = []
    for number, row in enumerate(report["rows"], 1):
        cells = [number]
        for heading, width, source in LOAN_COLUMNS[1:]:
            value = _value(row, source)
            cells.append(value if isinstance(value, int) and width > 15 else _fit(document, value, width))
        rows.append(cells)
    totals = report["totals"]
    total = ["", "", "Tổng cộng", "", "", ""] + [_value(totals, source) for _, width, source in LOAN_COLUMNS[6:]]
    document.table([h for h, _, _ in LOAN_COLUMNS], rows, widths=[w for _, w, _ in LOAN_COLUMNS],
                   money_columns=range(6, len(LOAN_COLUMNS)), total_row=total, size=SIZE)


def _summary(document: Document, report: dict) -> None:
    exposures, bad_debt, provisions = report["exposures"], report["bad_debt"], report["provisions"]
    document.ln(3)
    document.paragraph("Chỉ tiêu chất lượng tín dụng và dự phòng", bold=True, size=10)
    document.paragraph(f"Nợ xấu (nhóm 3–5): {format_dong(bad_debt['amount'])}; tỷ lệ nợ xấu "
                       f"{labels.percent(bad_debt['ratio'])} dư nợ. Dự phòng cụ thể {format_dong(provisions['specific'])}, "
                       f"dự phòng chung {format_dong(provisions['general'])}, tổng {format_dong(provisions['total'])}.",
                       size=9)
    document.paragraph(
        f"Vốn điều lệ thực có {format_dong(exposures['actual_charter_capital'])}: giới hạn một khách hàng "
        f"{labels.percent(exposures['single_borrower_limit_pct'])} = {format_dong(exposures['single_borrower_limit'])}; "
        f"khách hàng và người có liên quan {labels.percent(exposures['related_group_limit_pct'])} = "
        f"{format_dong(exposures['related_group_limit'])}.", size=9)
    for title, entries in (("Dư nợ lớn nhất theo khách hàng", exposures["by_borrower"]),
                           ("Dư nợ lớn nhất theo nhóm khách hàng có liên quan", exposures["by_related_group"])):
        if not entries:
            continue
        rows = [[_fit(document, e["name"], 120), e["outstanding"], labels.percent(e["share"]),
                 "Vượt giới hạn" if e["over_limit"] else "Trong giới hạn"] for e in entries]
        document.table([title, "Dư nợ", "% VĐL thực có", "Đánh giá"], rows, widths=[120, 40, 35, 40],
                       money_columns=[1], size=SIZE)
    document.ln(3)
    document.paragraph("Diễn biến dư nợ 12 tháng", bold=True, size=10)
    rows = [[p["month"][5:] + "/" + p["month"][:4], p["principal_outstanding"], p["bad_debt"],
             labels.percent(p["bad_debt_ratio"]), "Đã khóa sổ" if p["closed"] else ""] for p in report["trend"]]
    document.table(["Tháng", "Dư nợ cuối tháng", "Nợ xấu", "Tỷ lệ nợ xấu", ""], rows, widths=[25, 45, 45, 30, 30],
                   money_columns=[1, 2], size=SIZE)
