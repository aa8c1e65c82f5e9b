"""PDF documents in Vietnamese: fpdf2 with Roboto (from the font-roboto package, which covers
every Vietnamese letter), A4, the fund's heading, tables, amounts in figures and in words, and
signature blocks. Every fund document is built from these few pieces."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import font_roboto
from fpdf import FPDF

from ..domain.money import format_dong
from ..domain.words import dong_in_words

FONT_DIR = Path(font_roboto.__file__).parent / "files"


def vn_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def vn_long_date(day: date, place: str = "") -> str:
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


class Document(FPDF):
    """An A4 document (portrait, or landscape for wide reports) with the fund's heading."""

    def __init__(self, *, fund_name: str, title: str, landscape: bool = False):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.fund_name, self.doc_title = fund_name, title
        self.add_font("Roboto", "", str(FONT_DIR / "Roboto-Regular.ttf"))
        self.add_font("Roboto", "B", str(FONT_DIR / "Roboto-Bold.ttf"))
        self.add_font("Roboto", "I", str(FONT_DIR / "Roboto-Italic.ttf"))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(title)
        self.add_page()
        self._heading()

    def _heading(self) -> None:
        half = self.epw / 2
        self.set_font("Roboto", "B", 10)
        y = self.get_y()
        self.multi_cell(half, 5, self.fund_name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_xy(self.l_margin + half, y)
        self.multi_cell(half, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(6)
        self.set_font("Roboto", "B", 14)
        self.multi_cell(0, 8, self.doc_title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Roboto", "I", 8)
        self.cell(0, 6, f"Trang {self.page_no()}/{{nb}}", align="C")

    def paragraph(self, text: str, *, bold: bool = False, size: int = 11, align: str = "L") -> None:
        self.set_font("Roboto", "B" if bold else "", size)
        self.multi_cell(0, 6, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def field(self, label: str, value: str) -> None:
        self.set_font("Roboto", "B", 11)
        self.cell(self.get_string_width(label + " ") + 1, 6, label)
        self.set_font("Roboto", "", 11)
        self.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")

    def amount(self, label: str, amount: int) -> None:
        """An amount in figures and, below it, in words (domain.md §8)."""
        self.field(label, format_dong(amount))
        self.set_font("Roboto", "I", 10)
        self.multi_cell(0, 5, f"(Bằng chữ: {dong_in_words(amount)})", new_x="LMARGIN", new_y="NEXT")

    def table(self, headings: Sequence[str], rows: Sequence[Sequence], *, widths: Sequence[float] | None = None,
              money_columns: Sequence[int] = (), total_row: Sequence | None = None, size: int = 9) -> None:
        """A bordered table; money columns are right-aligned in ``1.500.000`` form."""
        widths = list(widths or [self.epw / len(headings)] * len(headings))
        self.set_font("Roboto", "B", size)
        for heading, width in zip(headings, widths):
            self.cell(width, 7, heading, border=1, align="C")
        self.ln()
        for row in [*rows, *([total_row] if total_row else [])]:
            self.set_font("Roboto", "B" if row is total_row else "", size)
            if self.will_page_break(6):
                self.add_page()
            for index, (value, width) in enumerate(zip(row, widths)):
                money = index in money_columns and isinstance(value, int)
                text = format_dong(value).removesuffix(" đ") if money else ("" if value is None else str(value))
                self.cell(width, 6, text, border=1, align="R" if money else "L")
            self.ln()

    def signatures(self, roles: Sequence[str], *, on: date | None = None, place: str = "") -> None:
        """Signature blocks side by side: a role in bold, '(Ký, ghi rõ họ tên)' under it."""
        self.ln(6)
        if on is not None:
            self.set_font("Roboto", "I", 10)
            self.cell(0, 6, vn_long_date(on, place), align="R")
            self.ln(8)
        width = self.epw / len(roles)
        self.set_font("Roboto", "B", 10)
        for role in roles:
            self.cell(width, 6, role, align="C")
        self.ln()
        self.set_font("Roboto", "I", 9)
        for _ in roles:
            self.cell(width, 5, "(Ký, ghi rõ họ tên)", align="C")
        self.ln(25)

    def render(self) -> bytes:
        self.alias_nb_pages()
        return bytes(self.output())
