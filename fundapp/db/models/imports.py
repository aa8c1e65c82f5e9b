"""Workbooks brought in from the fund's spreadsheets (nhập sổ cho vay từ Excel, issue 8).

One row per workbook imported: its file name and SHA-256 checksum (UNIQUE, so the same workbook is
never imported twice), the business date it was imported on and what it created. The loans it
created name it in ``loans.import_batch_id``.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, UtcDateTime


class ImportBatch(Base):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    business_date: Mapped[date] = mapped_column(Date)  # the import date: the ledger's adjustments are dated it
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    imported_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    counts: Mapped[dict] = mapped_column(JSON)  # {borrowers, loans, disbursements, repayments, collateral}
