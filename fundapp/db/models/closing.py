"""What month close and notices leave behind: month-end snapshots and notices to borrowers."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, Money, UtcDateTime


class MonthEndSnapshot(Base):
    """Each loan's state on the last day of a closed month. A closed month never changes."""

    __tablename__ = "month_end_snapshots"
    __table_args__ = (UniqueConstraint("month_end", "loan_id", name="one_per_loan"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month_end: Mapped[date] = mapped_column(Date, index=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), index=True)
    borrower_id: Mapped[int] = mapped_column(ForeignKey("borrowers.id"))
    status: Mapped[str] = mapped_column(String(20))
    principal_outstanding: Mapped[int] = mapped_column(Money)
    principal_overdue: Mapped[int] = mapped_column(Money)
    interest_overdue: Mapped[int] = mapped_column(Money)
    interest_due: Mapped[int] = mapped_column(Money)  # due today (the month's last day) and unpaid
    interest_accrued: Mapped[int] = mapped_column(Money)
    penalty_interest: Mapped[int] = mapped_column(Money)
    late_interest: Mapped[int] = mapped_column(Money)
    advance: Mapped[int] = mapped_column(Money)
    days_past_due: Mapped[int] = mapped_column(Integer)
    debt_group: Mapped[int] = mapped_column(Integer)
    deductible_collateral: Mapped[int] = mapped_column(Money)
    specific_provision: Mapped[int] = mapped_column(Money)
    fund_bears_risk: Mapped[bool] = mapped_column(Boolean)
    # Cumulative flows as known when the month closed; a month's flows are the difference from the
    # previous snapshot, so an event back-dated into a closed month shows in the open month.
    cum_disbursed: Mapped[int] = mapped_column(Money, default=0)
    cum_principal_collected: Mapped[int] = mapped_column(Money, default=0)
    cum_interest_collected: Mapped[int] = mapped_column(Money, default=0)
    cum_penalty_collected: Mapped[int] = mapped_column(Money, default=0)
    cum_written_off: Mapped[int] = mapped_column(Money, default=0)
    # Flows of the month, so that opening + disbursed − collected − written off = closing.
    disbursed: Mapped[int] = mapped_column(Money, default=0)
    principal_collected: Mapped[int] = mapped_column(Money, default=0)
    interest_collected: Mapped[int] = mapped_column(Money, default=0)
    penalty_collected: Mapped[int] = mapped_column(Money, default=0)
    written_off: Mapped[int] = mapped_column(Money, default=0)
    opening_balance: Mapped[int] = mapped_column(Money, default=0)


class MonthClose(Base):
    """A closed month: its totals and the provisions posted."""

    __tablename__ = "month_closes"

    month_end: Mapped[date] = mapped_column(Date, primary_key=True)
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    specific_provision: Mapped[int] = mapped_column(Money)
    general_provision: Mapped[int] = mapped_column(Money)
    principal_outstanding: Mapped[int] = mapped_column(Money)
    bad_debt: Mapped[int] = mapped_column(Money)


class Notice(Base):
    """Thông báo: a reminder, an overdue notice or a debt-group change. ``event_key`` makes each
    event produce one notice only, however often the day is processed."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(30))  # reminder, overdue, group_worsened, recall
    borrower_id: Mapped[int] = mapped_column(ForeignKey("borrowers.id"), index=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), index=True)
    business_date: Mapped[date] = mapped_column(Date, index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    figures: Mapped[dict] = mapped_column(JSON)
    email_to: Mapped[str | None] = mapped_column(String(254), nullable=True)
    emailed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    email_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
