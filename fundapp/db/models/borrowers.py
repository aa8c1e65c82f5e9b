"""Borrowers (khách hàng): cooperatives, unions of cooperatives, and members of either kind of group.

Decree 45 Art. 20–23: only these four kinds borrow; a member that is an enterprise may not.
Related persons share a ``related_group`` whose exposure counts together for the 25% limit.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.eligibility import BorrowerKind
from ..base import Base, UtcDateTime
from .users import enum_column


class Sector(str, enum.Enum):
    AGRICULTURE = "agriculture"
    FORESTRY = "forestry"
    FISHERIES = "fisheries"
    INDUSTRY_HANDICRAFT = "industry_handicraft"
    TRADE_SERVICES = "trade_services"
    TRANSPORT = "transport"
    CONSTRUCTION = "construction"
    CREDIT = "credit"
    OTHER = "other"


class RelatedGroup(Base):
    """Related persons (người có liên quan) whose exposure counts together (Art. 23: 25%)."""

    __tablename__ = "related_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    note: Mapped[str] = mapped_column(String(500), default="")


class Borrower(Base):
    __tablename__ = "borrowers"
    __table_args__ = (
        CheckConstraint("citizen_id IS NULL OR length(citizen_id) = 12", name="citizen_id_12_digits"),
        CheckConstraint("member_count IS NULL OR member_count >= 0", name="member_count_non_negative"),
        Index("uq_borrowers_tax_code", "tax_code", unique=True),  # one customer, one record (migration 0008)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[BorrowerKind] = mapped_column(enum_column(BorrowerKind, "borrower_kind"))
    name: Mapped[str] = mapped_column(String(300), index=True)
    # The name and commune case- and accent-folded ("Hợp tác xã Đức Trọng" → "hop tac xa duc trong"),
    # so that search works alike on SQLite and PostgreSQL, and without diacritics.
    name_folded: Mapped[str] = mapped_column(String(300), index=True)
    commune_folded: Mapped[str] = mapped_column(String(120), index=True)
    # Organisations
    registration_no: Mapped[str | None] = mapped_column(String(50), unique=True, nullable=True)
    tax_code: Mapped[str | None] = mapped_column(String(20), nullable=True)
    legal_representative: Mapped[str | None] = mapped_column(String(200), nullable=True)
    founded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    member_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sector: Mapped[Sector] = mapped_column(enum_column(Sector, "borrower_sector"), default=Sector.OTHER)
    # Address: since 1 July 2025 the commune (xã/phường/đặc khu); the district only as history.
    commune: Mapped[str] = mapped_column(String(120), index=True)
    district: Mapped[str | None] = mapped_column(String(120), nullable=True)
    address: Mapped[str | None] = mapped_column(String(300), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(30), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    # Members (individuals)
    citizen_id: Mapped[str | None] = mapped_column(String(12), unique=True, nullable=True)  # CCCD
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    member_of_id: Mapped[int | None] = mapped_column(ForeignKey("borrowers.id"), nullable=True, index=True)
    # A cooperative group (tổ hợp tác) is not itself a borrower of the fund: its name is kept here.
    group_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    is_enterprise: Mapped[bool] = mapped_column(Boolean, default=False)
    related_group_id: Mapped[int | None] = mapped_column(ForeignKey("related_groups.id"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    member_of: Mapped["Borrower | None"] = relationship(remote_side=[id])
    related_group: Mapped[RelatedGroup | None] = relationship()
