"""The fund's capital: contributions and top-ups, each by a decision with a number and a date."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ...domain.fund import CapitalSource
from ..base import Base, Money, UtcDateTime
from .users import enum_column


class CapitalContribution(Base):
    __tablename__ = "capital_contributions"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount: Mapped[int] = mapped_column(Money)
    value_date: Mapped[date] = mapped_column(Date)
    decision_no: Mapped[str] = mapped_column(String(100))
    source: Mapped[CapitalSource] = mapped_column(enum_column(CapitalSource, "capital_source"))
    note: Mapped[str] = mapped_column(String(500), default="")
    journal_entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"))
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class FundRulesVersion(Base):
    """The fund's rule tables (``domain.fund_rules``: debt-group thresholds, cure months,
    provisioning rates) adopted by a decision from ``effective_from``; earlier dates keep the
    version in force then. Never edited: a change is a new version."""

    __tablename__ = "fund_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    rules: Mapped[dict] = mapped_column(JSON)  # ``fund_rules.as_fields``
    decision_no: Mapped[str] = mapped_column(String(100))
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
