"""A notice as a printable letter (thư thông báo), A4, with the figures and the total in words."""
from __future__ import annotations

from datetime import date

from .pdf import Document


def notice_letter(*, fund_name: str, subject: str, body: str, business_date: date, total: int | None) -> bytes:
    document = Document(fund_name=fund_name, title="Thông báo")
    document.paragraph(subject, bold=True, align="C")
    document.ln(3)
    document.paragraph(body)
    if total is not None:
        document.ln(2)
        document.amount("Tổng số tiền:", total)
    document.signatures(["Giám đốc"], on=business_date)
    return document.render()
