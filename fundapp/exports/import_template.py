"""The workbook a fund fills to bring its loan book in (mẫu nhập sổ cho vay, issue 8).

One table says what each sheet holds (``SHEETS``): the reader (``services.importing.reading``)
finds columns by these headings and parses cells by their ``kind``; the writer below makes the
empty template from it, with an instructions sheet, frozen header rows, lists to pick from (a
hidden ``Danh mục`` sheet, since some labels contain commas) and checks on amounts and dates.
``workbook_bytes(rows=…)`` also writes filled workbooks (tests, the benchmark) in streaming mode.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .report_labels import KINDS, SECTORS

INSTRUCTIONS = "Hướng dẫn"
LISTS = "Danh mục"
FIRST_DATA_ROW = 2  # row 1 holds the headings (frozen)
VALIDATED_ROWS = 20_000  # how far down the lists and checks reach in the empty template

METHODS = {"equal_principal": "Gốc đều, lãi theo dư nợ giảm dần", "annuity": "Trả đều (gốc và lãi)",
           "bullet": "Gốc cuối kỳ"}
COLLATERAL = {"deposit": "Tiền gửi, giấy tờ có giá", "land_buildings": "Đất đai, nhà ở, công trình",
              "machinery_vehicles": "Máy móc, thiết bị, phương tiện", "other": "Tài sản khác"}
YES_NO = {"yes": "Có", "no": "Không"}
FREQUENCIES = {"0": "0", "1": "1", "3": "3", "6": "6", "12": "12"}


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: str  # text, ref, money, int, months, date, rate, choice, product
    required: bool = False
    choices: dict[str, str] = field(default_factory=dict)  # code → label shown
    width: int = 18
    note: str = ""
    size: int = 200  # the longest text the column's database field holds


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]
    note: str

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


BORROWERS = Sheet("borrowers", "Khách hàng", (
    Column("ref", "Mã khách hàng", "ref", True, width=14, size=40,
           note="Mã riêng trong tệp này, dùng ở sheet Khoản vay"),
    Column("kind", "Loại khách hàng", "choice", True, KINDS, 22),
    Column("name", "Tên khách hàng", "text", True, width=34, size=300),
    Column("registration_no", "Số đăng ký kinh doanh", "text", size=50,
           note="HTX, liên hiệp HTX, thành viên là doanh nghiệp"),
    Column("tax_code", "Mã số thuế", "text", width=14, size=20),
    Column("legal_representative", "Người đại diện", "text", width=22),
    Column("founded_on", "Ngày thành lập", "date", width=13),
    Column("member_count", "Số thành viên", "int", width=10),
    Column("citizen_id", "Số CCCD", "text", width=15, note="Thành viên là cá nhân: đúng 12 chữ số"),
    Column("date_of_birth", "Ngày sinh", "date", width=13, note="Thành viên là cá nhân"),
    Column("member_of", "Thành viên của (mã khách hàng)", "ref", width=14,
           note="Thành viên HTX: mã của HTX trong sheet này"),
    Column("group_name", "Tên tổ hợp tác", "text", width=22, note="Thành viên tổ hợp tác"),
    Column("is_enterprise", "Là doanh nghiệp", "choice", choices=YES_NO, width=10),
    Column("sector", "Ngành", "choice", False, SECTORS, 22, note="Để trống: Khác"),
    Column("commune", "Xã, phường, đặc khu", "text", True, width=20, size=120, note="Địa bàn sau 01/7/2025"),
    Column("district", "Huyện (cũ)", "text", width=16, size=120, note="Chỉ để lưu lịch sử"),
    Column("address", "Địa chỉ", "text", width=28, size=300),
    Column("phone", "Điện thoại", "text", width=13, size=30),
    Column("email", "Email", "text", width=22, size=254),
), "Mỗi dòng một khách hàng. HTX phải ở trên các thành viên của nó hoặc ở bất kỳ đâu trong sheet.")

LOANS = Sheet("loans", "Khoản vay", (
    Column("contract_no", "Số hợp đồng", "ref", True, width=16, size=40, note="Không trùng với hợp đồng đã có"),
    Column("borrower_ref", "Mã khách hàng", "ref", True, width=14),
    Column("product_code", "Mã sản phẩm", "product", True, width=14,
           note="Sản phẩm đã khai báo; lãi phạt, lãi chậm trả, trả trước và ngày nghỉ theo sản phẩm"),
    Column("amount", "Số tiền vay (đồng)", "money", True, width=16, note="Số tiền được duyệt"),
    Column("annual_rate", "Lãi suất (%/năm)", "rate", width=10, note="Để trống: theo sản phẩm. Ví dụ 7% hoặc 7"),
    Column("term_months", "Thời hạn (tháng)", "months", True, width=10),
    Column("grace_months", "Ân hạn gốc (tháng)", "months", width=10, note="Để trống: 0"),
    Column("method", "Phương thức trả nợ", "choice", choices=METHODS, width=26, note="Để trống: theo sản phẩm"),
    Column("principal_every", "Kỳ trả gốc (tháng)", "months", choices=FREQUENCIES, width=10,
           note="1, 3, 6, 12 hoặc 0 (cuối kỳ); để trống: theo sản phẩm"),
    Column("interest_every", "Kỳ trả lãi (tháng)", "months", choices=FREQUENCIES, width=10,
           note="Phải chia hết kỳ trả gốc; để trống: theo sản phẩm"),
    Column("approved_on", "Ngày phê duyệt", "date", True, width=13),
    Column("decision_no", "Số quyết định cho vay", "text", width=16, size=100),
    Column("purpose", "Mục đích vay", "text", True, width=30, size=500),
    Column("total_investment", "Tổng mức đầu tư (đồng)", "money", width=16, note="Để trống: bằng số tiền vay"),
    Column("own_capital", "Vốn tự có (đồng)", "money", width=16, note="Để trống: 0 (sẽ có cảnh báo)"),
    Column("capital_source", "Nguồn vốn", "text", width=18, size=100,
           note="Để trống hoặc \"Vốn tự có\"; nếu ủy thác: tên hợp đồng ủy thác"),
    Column("fund_bears_risk", "Quỹ chịu rủi ro", "choice", choices=YES_NO, width=10, note="Để trống: Có"),
    Column("bad_debt_checked_on", "Ngày kiểm tra nợ xấu (CIC)", "date", width=13),
    Column("collateral_kind", "Loại tài sản bảo đảm", "choice", choices=COLLATERAL, width=24),
    Column("collateral_description", "Mô tả tài sản bảo đảm", "text", width=30, size=500),
    Column("collateral_value", "Giá trị tài sản bảo đảm (đồng)", "money", width=16),
), "Mỗi dòng một hợp đồng vay đã được phê duyệt (kể cả đã tất toán).")

DISBURSEMENTS = Sheet("disbursements", "Giải ngân", (
    Column("contract_no", "Số hợp đồng", "ref", True, width=16),
    Column("value_date", "Ngày giải ngân", "date", True, width=13),
    Column("amount", "Số tiền (đồng)", "money", True, width=16),
    Column("reference", "Số chứng từ", "text", width=16),
), "Mỗi lần giải ngân một dòng; nhiều đợt thì nhiều dòng. Lần đầu là ngày giải ngân của hợp đồng.")

REPAYMENTS = Sheet("repayments", "Trả nợ", (
    Column("contract_no", "Số hợp đồng", "ref", True, width=16),
    Column("value_date", "Ngày trả nợ", "date", True, width=13),
    Column("amount", "Số tiền (đồng)", "money", True, width=16),
    Column("reference", "Số chứng từ", "text", width=16),
), "Mỗi lần khách hàng trả tiền một dòng (tổng số tiền trả, không tách gốc và lãi).")

SHEETS = (BORROWERS, LOANS, DISBURSEMENTS, REPAYMENTS)

GUIDE = [
    "MẪU NHẬP SỔ CHO VAY TỪ EXCEL",
    "",
    "1. Điền các sheet Khách hàng, Khoản vay, Giải ngân, Trả nợ; mỗi dòng từ dòng 2. Không đổi tên sheet và "
    "tiêu đề cột.",
    "2. Số tiền ghi bằng đồng, số nguyên dương (ví dụ 150000000). Ngày ghi dd/mm/yyyy hoặc định dạng ngày của Excel.",
    "3. Lãi suất ghi theo năm: 7% hoặc 7. Kỳ trả gốc, kỳ trả lãi: 1, 3, 6, 12 tháng hoặc 0 (trả một lần cuối kỳ).",
    "4. Sheet Trả nợ ghi tổng số tiền mỗi lần trả; hệ thống tự phân bổ theo thứ tự thu nợ (quá hạn: gốc trước, "
    "lãi sau; đến hạn; trả trước) như khi thu nợ trên phần mềm, rồi tính dư nợ đến ngày nhập.",
    "5. Một lần trả không được vượt số tiền tất toán tại ngày đó; sản phẩm không cho trả trước thì không được trả "
    "quá số đến hạn.",
    "6. Nếu lịch trả nợ cũ có lùi ngày đến hạn qua ngày nghỉ lễ các năm trước, hãy khai báo ngày nghỉ lễ các năm "
    "đó trước khi nhập.",
    "7. Hãy chạy thử trước (--dry-run / Kiểm tra thử): mọi lỗi được báo một lần, kèm sheet, dòng, cột và lý do; "
    "không có gì được ghi.",
    "8. Chỉ cần một lỗi là không có gì được nhập. Các điều kiện cho vay của hôm nay (hạn mức 15%, vốn tự có 20%, "
    "giới hạn sản phẩm) chỉ là cảnh báo, vì khoản vay cũ có thể được duyệt trước khi có các điều kiện đó.",
    "9. Mỗi tệp chỉ nhập một lần: nhập lại đúng tệp đó sẽ không nhập gì. Bút toán điều chỉnh được ghi vào ngày "
    "nhập; tháng đã khóa sổ không đổi.",
    "",
    "CÁC CỘT (* là bắt buộc)",
]
HEADING = Font(bold=True, color="FFFFFF")
HEADING_FILL = PatternFill("solid", fgColor="1F4E79")
REQUIRED_FILL = PatternFill("solid", fgColor="C00000")
DATE_FORMAT = "DD/MM/YYYY"


def heading_text(column: Column) -> str:
    return column.heading + (" *" if column.required else "")


def _choices(column: Column, product_codes: list[str]) -> list[str]:
    return list(product_codes) if column.kind == "product" else list(column.choices.values())


def _styled(sheet, value, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    for key, setting in style.items():
        setattr(cell, key, setting)
    return cell


def _instructions(book: Workbook) -> None:
    sheet = book.create_sheet(INSTRUCTIONS)
    for letter, width in (("A", 18), ("B", 34), ("C", 90)):
        sheet.column_dimensions[letter].width = width
    sheet.append([_styled(sheet, GUIDE[0], font=Font(bold=True, size=14))])
    for line in GUIDE[1:]:
        sheet.append([line])
    wrap = Alignment(wrap_text=True, vertical="top")
    for spec in SHEETS:
        sheet.append([_styled(sheet, spec.title, font=Font(bold=True)), "", _styled(sheet, spec.note, alignment=wrap)])
        for column in spec.columns:
            listed = "; ".join(column.choices.values()) if column.choices else ""
            sheet.append(["", heading_text(column),
                          _styled(sheet, "; ".join(filter(None, [column.note, listed])), alignment=wrap)])


def _lists(book: Workbook, product_codes: list[str]) -> dict[str, str]:
    """The hidden sheet of choices; "sheet.column" → the range its list validation points at."""
    sheet = book.create_sheet(LISTS)
    sheet.sheet_state = "hidden"
    columns, ranges = [], {}
    for spec in SHEETS:
        for column in spec.columns:
            values = _choices(column, product_codes)
            if not values:
                continue
            letter = get_column_letter(len(columns) + 1)
            columns.append([f"{spec.title}: {column.heading}", *values])
            ranges[f"{spec.key}.{column.key}"] = f"'{LISTS}'!${letter}$2:${letter}${len(values) + 1}"
    for row in range(max((len(c) for c in columns), default=0)):
        sheet.append([c[row] if row < len(c) else None for c in columns])
    return ranges


def _validation(column: Column, spec: Sheet, ranges: dict[str, str]) -> DataValidation | None:
    listed = ranges.get(f"{spec.key}.{column.key}")
    if listed:
        return DataValidation(type="list", formula1=f"={listed}", allow_blank=True, showErrorMessage=True,
                              errorTitle="Giá trị không có trong danh mục", error="Hãy chọn trong danh sách.")
    if column.kind == "money":
        return DataValidation(type="whole", operator="greaterThan", formula1="0", allow_blank=True,
                              showErrorMessage=True, error="Số tiền là số nguyên dương, tính bằng đồng.")
    if column.kind == "date":
        return DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)", formula2="DATE(2100,12,31)",
                              allow_blank=True, showErrorMessage=True, error="Ngày dạng dd/mm/yyyy.")
    return None


def _data_sheet(book: Workbook, spec: Sheet, ranges: dict[str, str], rows: list[list]) -> None:
    sheet = book.create_sheet(spec.title)
    sheet.freeze_panes = "A2"
    last = max(VALIDATED_ROWS, len(rows) + 1)
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        check = _validation(column, spec, ranges)
        if check is not None:
            check.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
            sheet.data_validations.append(check)
    wrap = Alignment(wrap_text=True, vertical="center")
    sheet.append([_styled(sheet, heading_text(c), font=HEADING, alignment=wrap,
                          fill=REQUIRED_FILL if c.required else HEADING_FILL) for c in spec.columns])
    dates = [i for i, c in enumerate(spec.columns) if c.kind == "date"]
    for values in rows:
        values = list(values)
        for i in dates:
            if i < len(values) and isinstance(values[i], date):
                values[i] = _styled(sheet, values[i], number_format=DATE_FORMAT)
        sheet.append(values)


def workbook_bytes(*, product_codes: list[str] = (), rows: dict[str, list[list]] | None = None) -> bytes:
    """The template (no ``rows``), or a filled workbook: ``rows[sheet key]`` are lists of cell
    values in the order of that sheet's columns. Written in streaming mode, so a book of a
    quarter of a million rows takes seconds, not minutes."""
    book = Workbook(write_only=True)
    _instructions(book)
    ranges = _lists(book, list(product_codes))
    for spec in SHEETS:
        _data_sheet(book, spec, ranges, (rows or {}).get(spec.key, []))
    book.move_sheet(LISTS, offset=len(SHEETS))  # the hidden lists last
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
