"""A very large sheet in an openpyxl workbook, streamed as SpreadsheetML at constant memory.

openpyxl's write-only mode costs about 15 µs a cell (a Cell object, a style lookup and an element
per cell): 100,000 loans × 35 columns took close to its 60 s budget. Here the big sheet's XML is
written straight to a temporary file, row by row, with the cell styles openpyxl registered for the
workbook, and swapped into the saved workbook for the placeholder sheet openpyxl wrote. Everything
else in the workbook (other sheets, charts, styles) is openpyxl's.

Values: ``int`` and ``Decimal`` as numbers, ``date`` as Excel serial dates, ``str`` as inline
strings, ``Formula("SUM(...)")`` as formulas, ``None`` as an empty cell.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

EXCEL_EPOCH = date(1899, 12, 30)
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
# XML 1.0 forbids most control characters; a stray one would make Excel refuse the whole file.
_ILLEGAL = {code: None for code in range(32) if code not in (9, 10, 13)}


class Formula(str):
    """A cell formula without the leading ``=`` (``SUM(H2:H9)``)."""


class StreamedSheet:
    """Rows of one sheet written to a temporary XML file; ``styles`` are openpyxl style ids (the
    ``s`` attribute) per column, ``widths`` column widths, ``frozen_rows`` rows kept on screen."""

    def __init__(self, *, widths: list[float], frozen_rows: int = 1):
        self.columns = [get_column_letter(i) for i in range(1, len(widths) + 1)]
        handle, self.path = tempfile.mkstemp(suffix=".xml")
        self._file = os.fdopen(handle, "w", encoding="utf-8")
        self._row = 0
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
        pane = (f'<pane ySplit="{frozen_rows}" topLeftCell="A{frozen_rows + 1}" activePane="bottomLeft" state="frozen"/>'
                if frozen_rows else "")
        self._file.write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS["m"]}" '
            f'xmlns:r="{NS["r"]}"><sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>')

    @property
    def rows_written(self) -> int:
        return self._row

    def append(self, values, styles) -> None:
        """One row; ``styles`` is a style id per column (0 for none)."""
        self._row += 1
        r = self._row
        cells = []
        for column, value, style in zip(self.columns, values, styles):
            if value is None:
                continue
            s = f' s="{style}"' if style else ""
            if isinstance(value, Formula):
                cells.append(f'<c r="{column}{r}"{s}><f>{escape(value)}</f></c>')
            elif isinstance(value, str):
                text = escape(value.translate(_ILLEGAL))
                cells.append(f'<c r="{column}{r}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{column}{r}"{s} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, Decimal, float)):
                cells.append(f'<c r="{column}{r}"{s}><v>{value}</v></c>')
            elif isinstance(value, date):
                cells.append(f'<c r="{column}{r}"{s}><v>{(value - EXCEL_EPOCH).days}</v></c>')
            else:
                raise TypeError(f"cannot write {type(value).__name__} to a cell")
        self._file.write(f'<row r="{r}">{"".join(cells)}</row>')

    def close(self) -> None:
        self._file.write('</sheetData><pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" '
                         'footer="0.3"/></worksheet>')
        self._file.close()


def _sheet_part(archive: zipfile.ZipFile, title: str) -> str:
    """The zip member holding the sheet called ``title`` (workbook.xml → its relationship)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next(sheet.get(f"{{{NS['r']}}}id") for sheet in workbook.iterfind("m:sheets/m:sheet", NS)
                  if sheet.get("name") == title)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(rel.get("Target") for rel in rels.iterfind("rel:Relationship", NS) if rel.get("Id") == rel_id)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def swap_in(workbook_path: str, *, title: str, sheet: StreamedSheet, out) -> None:
    """Copy the saved workbook to ``out`` (a path or binary stream) with the sheet ``title``
    replaced by the streamed one."""
    try:
        with zipfile.ZipFile(workbook_path) as source, \
                zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            part = _sheet_part(source, title)
            for item in source.infolist():
                if item.filename == part:
                    with open(sheet.path, "rb") as xml, target.open(part, "w", force_zip64=True) as member:
                        shutil.copyfileobj(xml, member, 1 << 20)
                else:
                    target.writestr(item, source.read(item.filename))
    finally:
        os.unlink(sheet.path)
