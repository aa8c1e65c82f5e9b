"""Loan products (sản phẩm cho vay), versioned: a change makes a new version, and a loan keeps the
version it was approved under, together with a copy of its terms."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ...domain.terms import CurrentOrder, Method, Prepayment
from ..base import Base, Money, Rate, UtcDateTime
from .users import enum_column


class LoanProduct(Base):
    __tablename__ = "loan_products"
    __table_args__ = (
        UniqueConstraint("code", "version", name="code_version"),
        CheckConstraint("min_term_months >= 1 AND max_term_months >= min_term_months", name="term_bounds"),
        CheckConstraint("max_amount > 0", name="max_amount_positive"),
        CheckConstraint("max_grace_months >= 0", name="grace_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    current: Mapped[bool] = mapped_column(Boolean, default=True)  # the version new applications use
    name: Mapped[str] = mapped_column(String(200))
    annual_rate = mapped_column(Rate, nullable=False)
    overdue_rate_factor = mapped_column(Rate, nullable=False)
    late_interest_rate = mapped_column(Rate, nullable=False)
    method: Mapped[Method] = mapped_column(enum_column(Method, "repayment_method"))
    principal_every: Mapped[int] = mapped_column(Integer)
    interest_every: Mapped[int] = mapped_column(Integer)
    min_term_months: Mapped[int] = mapped_column(Integer)
    max_term_months: Mapped[int] = mapped_column(Integer)
    max_amount: Mapped[int] = mapped_column(Money)
    max_grace_months: Mapped[int] = mapped_column(Integer, default=0)
    prepayment: Mapped[Prepayment] = mapped_column(enum_column(Prepayment, "prepayment_mode"))
    current_order: Mapped[CurrentOrder] = mapped_column(enum_column(CurrentOrder, "current_order"))
    working_day_roll: Mapped[bool] = mapped_column(Boolean, default=True)
    allowed_kinds: Mapped[str] = mapped_column(String(200), default="cooperative,cooperative_union,cooperative_member,group_member")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
