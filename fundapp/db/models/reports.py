"""What the fund enters for its reports: the yearly KPI plan (Decree 45 Art. 45)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, Money, Rate, UtcDateTime


class KpiPlan(Base):
    """Kế hoạch năm: the targets the year's KPIs are graded against (A/B/C)."""

    __tablename__ = "kpi_plans"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    planned_outstanding_growth = mapped_column(Rate, nullable=False)  # 0.10 = outstanding up 10%
    planned_bad_debt_ratio = mapped_column(Rate, nullable=False)  # at most, at year end
    planned_result: Mapped[int] = mapped_column(Money)  # income − expenses, at least
    note: Mapped[str] = mapped_column(String(500), default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
