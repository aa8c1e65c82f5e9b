"""Reading the workbook: each sheet's rows, each cell parsed by its column's kind.

Columns are found by their headings (``exports.import_template.SHEETS``; the ``*`` of a required
column, case and accents do not matter, so a fund may reorder columns or add its own). A cell that
cannot be read (a date that is no date, an amount that is not a whole number of đồng) is a problem
of its own, with its sheet, row, column and a Vietnamese reason; reading goes on, so that every
problem of the workbook is reported in one pass.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from ...domain.errors import DomainError
from ...domain.money import format_dong, parse_dong
from ...exports.import_template import FIRST_DATA_ROW, SHEETS, Column, Sheet
from ..borrowers import fold

MAX_DONG = 10**15  # as the API (api.common.MAX_DONG)
MAX_MONTHS = 360
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)
EXCEL_SERIALS = (10_000, 80_000)  # an unformatted date cell: 1927 to 2119
DAY_PATTERN = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
Progress = Callable[[str, int, int], None]


class NotAWorkbook(DomainError):
    rule = "import_not_xlsx"


@dataclass(frozen=True)
class Problem:
    """Something wrong (or, as a warning, worth a look) at a place in the workbook."""

    sheet: str
    row: int | None
    column: str | None  # the column letter
    heading: str | None
    reason: str  # Vietnamese

    @property
    def cell(self) -> str:
        place = f"{self.column or ''}{self.row or ''}"
        return f"{self.sheet}!{place}" if place else self.sheet

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "heading": self.heading,
                "cell": self.cell, "reason": self.reason}


@dataclass
class Row:
    sheet: Sheet
    number: int  # the Excel row number
    values: dict[str, Any]
    letters: dict[str, str]  # column key → its letter in this workbook
    unreadable: set[str] = field(default_factory=set)  # keys already reported as unreadable

    def problem(self, key: str | None, reason: str) -> Problem:
        heading = self.sheet.column(key).heading if key else None
        return Problem(self.sheet.title, self.number, self.letters.get(key) if key else None, heading, reason)

    def __getitem__(self, key: str):
        return self.values.get(key)


@dataclass
class Book:
    filename: str
    sha256: str
    rows: dict[str, list[Row]]
    problems: list[Problem]


class Unreadable(ValueError):
    """A cell's value cannot be read as its column's kind; the message is the reason."""


def _text(value: Any, column: Column) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date)):
        value = value.strftime("%d/%m/%Y")
    text = str(value).strip()
    if not text:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise Unreadable("Có ký tự điều khiển (xuống dòng, tab…)")
    if len(text) > column.size:
        raise Unreadable(f"Dài quá {column.size} ký tự")
    return text


def _money(value: Any, column: Column) -> int:
    if isinstance(value, bool):
        raise Unreadable("Số tiền phải là số")
    if isinstance(value, float):
        if not value.is_integer():
            raise Unreadable("Số tiền phải là số nguyên đồng (không có phần lẻ)")
        value = int(value)
    if isinstance(value, str):
        try:
            value = parse_dong(value)
        except ValueError:
            raise Unreadable(f"“{value.strip()}” không phải số tiền (ví dụ 150000000 hoặc 150.000.000)") from None
    if not isinstance(value, int):
        raise Unreadable("Số tiền phải là số")
    if value <= 0:
        raise Unreadable("Số tiền phải lớn hơn 0")
    if value > MAX_DONG:
        raise Unreadable(f"Số tiền quá lớn (tối đa {format_dong(MAX_DONG)})")
    return value


def _whole(value: Any, column: Column) -> int:
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unreadable("Phải là số nguyên")
    high = MAX_MONTHS if column.kind == "months" else 10**9
    if not 0 <= value <= high:
        raise Unreadable(f"Phải từ 0 đến {high:,}".replace(",", "."))
    if column.choices and str(value) not in column.choices:
        raise Unreadable(f"Chỉ nhận {', '.join(column.choices)}")
    return value


def _day(value: Any, column: Column) -> date:
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and EXCEL_SERIALS[0] <= value <= EXCEL_SERIALS[1]:
        value = from_excel(value).date()
    elif isinstance(value, str):
        text = value.strip()
        match = DAY_PATTERN.match(text)
        try:
            value = (date(int(match[3]), int(match[2]), int(match[1])) if match else date.fromisoformat(text))
        except ValueError:
            raise Unreadable(f"“{text}” không phải ngày hợp lệ (dd/mm/yyyy)") from None
    if not isinstance(value, date):
        raise Unreadable("Không phải ngày (dd/mm/yyyy)")
    if not FIRST_DAY <= value <= LAST_DAY:
        raise Unreadable("Ngày phải từ năm 1900 đến 2100")
    return value


def _rate(value: Any, column: Column) -> Decimal:
    """7%, 7, "7,5%", 0.07 → Decimal("0.07"): a number of 1 or more is a percentage."""
    try:
        if isinstance(value, str):
            text = value.strip().replace(",", ".")
            percent = text.endswith("%")
            rate = Decimal(text.rstrip("%").strip())
            rate = rate / 100 if percent or rate >= 1 else rate
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            rate = Decimal(repr(value))
            rate = rate / 100 if rate >= 1 else rate
        else:
            raise Unreadable("Lãi suất phải là số, ví dụ 7%")
    except InvalidOperation:
        raise Unreadable(f"“{value}” không phải lãi suất (ví dụ 7% hoặc 7)") from None
    if not rate.is_finite() or rate <= 0 or rate >= 1:
        raise Unreadable("Lãi suất phải lớn hơn 0 và dưới 100%/năm")
    return rate.quantize(Decimal("0.00000001")).normalize()


def _choice(value: Any, column: Column) -> str:
    wanted = fold(str(value))
    for code, label in column.choices.items():
        if wanted in (fold(code), fold(label)):
            return code
    raise Unreadable(f"“{value}” không có trong danh mục: {'; '.join(column.choices.values())}")


PARSERS = {"text": _text, "ref": _text, "product": _text, "money": _money, "int": _whole, "months": _whole,
           "date": _day, "rate": _rate, "choice": _choice}


def _heading_key(value: Any) -> str:
    return fold(str(value or "").replace("*", ""))


def _sheet_rows(sheet, spec: Sheet, problems: list[Problem], tick: Callable[[], None]) -> list[Row]:
    rows = sheet.iter_rows(values_only=True)
    headings = next(rows, ())
    wanted = {_heading_key(c.heading): c for c in spec.columns}
    found: dict[str, int] = {}
    for index, value in enumerate(headings):
        column = wanted.get(_heading_key(value))
        if column is not None and column.key not in found:
            found[column.key] = index
    for column in spec.columns:
        if column.required and column.key not in found:
            problems.append(Problem(spec.title, 1, None, column.heading, f"Thiếu cột “{column.heading}”"))
    letters = {key: get_column_letter(index + 1) for key, index in found.items()}
    read: list[Row] = []
    for number, cells in enumerate(rows, start=FIRST_DATA_ROW):
        tick()
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        row = Row(spec, number, {}, letters)
        for key, index in found.items():
            value = cells[index] if index < len(cells) else None
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            column = spec.column(key)
            try:
                row.values[key] = PARSERS[column.kind](value, column)
            except Unreadable as reason:
                row.unreadable.add(key)
                problems.append(row.problem(key, str(reason)))
        read.append(row)
    return read


def read(content: bytes, *, filename: str, sha256: str, progress: Progress | None = None) -> Book:
    """Every sheet's rows; a file that is not an .xlsx workbook is refused (422 naming ``file``)."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 — zip, XML or openpyxl: all mean "not a workbook we can read"
        raise NotAWorkbook("Tệp không phải bảng tính Excel .xlsx đọc được / the file is not a readable .xlsx "
                           "workbook", field="file", error=type(error).__name__) from None
    try:
        total = sum(workbook[s.title].max_row or 0 for s in SHEETS if s.title in workbook.sheetnames)
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if progress and done % 2000 == 0:
                progress("read", done, total)

        problems: list[Problem] = []
        rows: dict[str, list[Row]] = {}
        for spec in SHEETS:
            if spec.title not in workbook.sheetnames:
                problems.append(Problem(spec.title, None, None, None, f"Thiếu sheet “{spec.title}”"))
                rows[spec.key] = []
                continue
            rows[spec.key] = _sheet_rows(workbook[spec.title], spec, problems, tick)
        if progress:
            progress("read", total, total)
    except (KeyError, ValueError, TypeError, IndexError, OSError, SyntaxError, zipfile.BadZipFile) as error:
        # a damaged sheet inside a valid zip (XML parse errors are SyntaxErrors)
        raise NotAWorkbook("Không đọc được nội dung bảng tính / the workbook's sheets cannot be read",
                           field="file", error=type(error).__name__) from None
    finally:
        workbook.close()
    return Book(filename=filename, sha256=sha256, rows=rows, problems=problems)
