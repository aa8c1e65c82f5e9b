"""The workbook a fund downloads to fill (``fundapp import template``, the upload page, the API):
the layout of ``exports.import_template`` with this fund's product codes in the product list."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import LoanProduct
from ...exports.import_template import workbook_bytes

FILENAME = "mau-nhap-so-cho-vay.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_bytes(session: Session) -> bytes:
    codes = session.scalars(select(LoanProduct.code).where(LoanProduct.current).order_by(LoanProduct.code)).all()
    return workbook_bytes(product_codes=list(codes))
