"""Post-disbursement monitoring (kiểm tra sau cho vay): officers check that the money is used for
the purpose of the loan (Circular 39/2016 Art. 23). A finding of misuse is what an early recall
(thu hồi nợ trước hạn) by decision usually rests on."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, UtcDateTime
from .users import enum_column


class Finding(str, enum.Enum):
    PROPER_USE = "proper_use"  # sử dụng vốn đúng mục đích
    MISUSE = "misuse"  # sử dụng vốn sai mục đích
    OTHER = "other"


class MonitoringCheck(Base):
    __tablename__ = "monitoring_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), index=True)
    checked_on: Mapped[date] = mapped_column(Date)
    finding: Mapped[Finding] = mapped_column(enum_column(Finding, "monitoring_finding"))
    notes: Mapped[str] = mapped_column(Text, default="")
    checked_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
