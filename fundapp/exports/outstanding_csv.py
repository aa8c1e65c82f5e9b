"""The monthly outstanding-loan report as CSV: UTF-8 with a byte-order mark, so that Excel opens
the Vietnamese text correctly on double-click; comma-separated (amounts are whole đồng without
separators, so no amount contains a comma); dates ISO (``2025-01-10``), which every Excel locale
reads as a date; rates as the API gives them (``0.07``). One row per loan, then the totals."""
from __future__ import annotations

import csv
import io

from . import report_labels as labels

BOM = "\ufeff"


def write(report: dict, out) -> None:
    """Write to a text stream opened with ``newline=""`` (the BOM is written first)."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    columns = labels.DETAIL_COLUMNS
    writer.writerow([title for _, title, _, _ in columns])
    fields = [(field, kind) for field, _, kind, _ in columns]
    for row in report["rows"]:
        writer.writerow([_text(labels.name_of(kind, row[field])) for field, kind in fields])
    totals = report["totals"]
    writer.writerow(["Tổng cộng" if field == "borrower_name" else
                     totals[field] if kind == "money" and field in totals else "" for field, kind in fields])


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def render(report: dict) -> bytes:
    buffer = io.StringIO(newline="")
    write(report, buffer)
    return buffer.getvalue().encode("utf-8")
