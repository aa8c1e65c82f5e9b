"""Loans and their append-only money events.

A loan's state as of any date is derived: a fold over its terms, its plan and its events
(``fundapp.domain.position``). The ``cached_*`` columns hold that fold's latest result for lists,
end of day and reports; they can always be recomputed and compared.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.terms import CurrentOrder, Method, Prepayment
from ..base import Base, Money, Rate, UtcDateTime
from .users import enum_column


class LoanStatus(str, enum.Enum):
    APPROVED = "approved"  # approved, nothing disbursed yet
    ACTIVE = "active"
    CLOSED = "closed"  # fully repaid
    WRITTEN_OFF = "written_off"  # xử lý rủi ro: tracked off balance sheet


class EventKind(str, enum.Enum):
    DISBURSEMENT = "disbursement"
    REPAYMENT = "repayment"
    REVERSAL = "reversal"  # of a repayment; the repayment row itself is never changed
    RESTRUCTURING = "restructuring"
    RECALL = "recall"  # thu hồi nợ trước hạn
    WRITE_OFF = "write_off"
    RECOVERY = "recovery"  # money collected after a write-off


class Loan(Base):
    __tablename__ = "loans"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("disbursed_amount >= 0 AND disbursed_amount <= amount", name="disbursed_within_amount"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_no: Mapped[str] = mapped_column(String(40), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("loan_applications.id"), unique=True)
    borrower_id: Mapped[int] = mapped_column(ForeignKey("borrowers.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("loan_products.id"))
    status: Mapped[LoanStatus] = mapped_column(enum_column(LoanStatus, "loan_status"), index=True)
    # The approved terms, copied so that a product change never changes an approved loan.
    amount: Mapped[int] = mapped_column(Money)
    annual_rate = mapped_column(Rate, nullable=False)
    overdue_rate_factor = mapped_column(Rate, nullable=False)
    late_interest_rate = mapped_column(Rate, nullable=False)
    method: Mapped[Method] = mapped_column(enum_column(Method, "loan_method"))
    principal_every: Mapped[int] = mapped_column(Integer)
    interest_every: Mapped[int] = mapped_column(Integer)
    term_months: Mapped[int] = mapped_column(Integer)
    grace_months: Mapped[int] = mapped_column(Integer)
    prepayment: Mapped[Prepayment] = mapped_column(enum_column(Prepayment, "loan_prepayment"))
    current_order: Mapped[CurrentOrder] = mapped_column(enum_column(CurrentOrder, "loan_current_order"))
    working_day_roll: Mapped[bool] = mapped_column(Boolean)
    manual_principal: Mapped[list | None] = mapped_column(JSON, nullable=True)  # [[iso date, đồng], …]
    purpose: Mapped[str] = mapped_column(String(500))
    capital_source: Mapped[str] = mapped_column(String(100), default="own")  # "own" or an entrustment
    fund_bears_risk: Mapped[bool] = mapped_column(Boolean, default=True)
    approved_on: Mapped[date] = mapped_column(Date)
    approved_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision_no: Mapped[str] = mapped_column(String(100))
    bad_debt_checked_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    has_bad_debt: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    disbursed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # the first disbursement
    disbursed_amount: Mapped[int] = mapped_column(Money, default=0)
    maturity_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Set on a loan brought in from a workbook (``ImportBatch``: the file's name and checksum).
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), nullable=True, index=True)
    # A counter bumped by every money event: a conditional update on it serialises writers.
    version: Mapped[int] = mapped_column(Integer, default=0)
    # Caches of the fold, as of ``cached_as_of``.
    cached_as_of: Mapped[date | None] = mapped_column(Date, nullable=True)
    cached_principal_outstanding: Mapped[int] = mapped_column(Money, default=0)
    cached_principal_overdue: Mapped[int] = mapped_column(Money, default=0)
    cached_days_past_due: Mapped[int] = mapped_column(Integer, default=0)
    cached_own_group: Mapped[int] = mapped_column(Integer, default=1)  # this loan alone (with floors)
    cached_debt_group: Mapped[int] = mapped_column(Integer, default=1)  # reported: the borrower's worst
    # The fold's carry as of ``cached_as_of`` (``domain.quiet_day.Carry``): end of day advances a
    # loan on a quiet day from these in one SQL statement for all such loans.
    carry_in_term_dong_days: Mapped[int] = mapped_column(Money, default=0)
    carry_next_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    carry_second_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    carry_next_principal: Mapped[int | None] = mapped_column(Money, nullable=True)
    carry_second_principal: Mapped[int | None] = mapped_column(Money, nullable=True)
    carry_overdue_since: Mapped[date | None] = mapped_column(Date, nullable=True)
    carry_interest_overdue: Mapped[int] = mapped_column(Money, default=0)
    carry_penalty_dong_days: Mapped[int] = mapped_column(Money, default=0)  # on the principal overdue
    carry_penalty_paid: Mapped[int] = mapped_column(Money, default=0)
    carry_late_dong_days: Mapped[int] = mapped_column(Money, default=0)  # on the interest overdue
    carry_late_paid: Mapped[int] = mapped_column(Money, default=0)
    carry_accrues_alone: Mapped[bool] = mapped_column(Boolean, default=False)
    # The business date end of day last advanced the loan from its carry (it replays the others).
    cached_in_bulk_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # ``money.scaled_rate`` of the contractual, overdue and late-interest rates
    carry_scaled_rate: Mapped[int | None] = mapped_column(Money, nullable=True)
    carry_scaled_overdue_rate: Mapped[int | None] = mapped_column(Money, nullable=True)
    carry_scaled_late_rate: Mapped[int | None] = mapped_column(Money, nullable=True)
    # What the ledger holds for this loan, per account, on the account's normal side
    # (``domain.booking``). ``ledger verify`` checks these against the journal lines and the events.
    booked_bank: Mapped[int] = mapped_column(Money, default=0)
    booked_loans_in_term: Mapped[int] = mapped_column(Money, default=0)
    booked_loans_overdue: Mapped[int] = mapped_column(Money, default=0)
    booked_interest_receivable: Mapped[int] = mapped_column(Money, default=0)
    booked_memo_interest: Mapped[int] = mapped_column(Money, default=0)
    booked_memo_contra: Mapped[int] = mapped_column(Money, default=0)
    booked_advances_held: Mapped[int] = mapped_column(Money, default=0)
    booked_interest_income: Mapped[int] = mapped_column(Money, default=0)
    booked_penalty_income: Mapped[int] = mapped_column(Money, default=0)
    # Only once written off (``domain.booking.WRITE_OFF_ACCOUNTS``).
    booked_memo_written_off_principal: Mapped[int] = mapped_column(Money, default=0)
    booked_memo_written_off_interest: Mapped[int] = mapped_column(Money, default=0)
    booked_provision_expense: Mapped[int] = mapped_column(Money, default=0)
    booked_recovery_income: Mapped[int] = mapped_column(Money, default=0)

    events: Mapped[list["LoanEvent"]] = relationship(order_by="LoanEvent.id", back_populates="loan")
    plans: Mapped[list["LoanPlan"]] = relationship(order_by="LoanPlan.version", back_populates="loan")


class LoanPlan(Base):
    """A loan's repayment plan, version by version: version 1 is fixed at the first disbursement;
    a restructuring adds a version and the old ones stay as history (Decree 45 Art. 27; domain.md §6).
    ``rows`` holds the plan dates (``services.loans.plan_rows``)."""

    __tablename__ = "loan_plans"
    __table_args__ = (UniqueConstraint("loan_id", "version", name="loan_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    effective_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200))
    rows: Mapped[list] = mapped_column(JSON)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("loan_events.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    loan: Mapped[Loan] = relationship(back_populates="plans")


class LoanEvent(Base):
    """An append-only money event. Corrections are new events (a reversal), never edits."""

    __tablename__ = "loan_events"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_non_negative"),
        CheckConstraint("(kind = 'reversal') = (reverses_id IS NOT NULL)", name="reversal_names_its_event"),
        UniqueConstraint("reverses_id", name="reversed_once"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "loan_event_kind"))
    value_date: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[int] = mapped_column(Money, default=0)
    reference: Mapped[str] = mapped_column(String(200), default="")
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("loan_events.id"), nullable=True)
    details: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # e.g. a decision, a new plan
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)

    loan: Mapped[Loan] = relationship(back_populates="events")


class LoanCheckpoint(Base):
    """The fold of a loan at the start of ``day`` (``domain.checkpoint``), so balances as of that day
    or later resume there instead of folding every event since the first. A cache: valid while no
    event dated before ``day`` is recorded or reversed after event ``through_event_id``
    (``services.checkpoints`` checks on every read); deleting every row loses nothing."""

    __tablename__ = "loan_checkpoints"

    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    through_event_id: Mapped[int] = mapped_column(Integer)
    terms_digest: Mapped[str] = mapped_column(String(32))
    fold: Mapped[dict] = mapped_column(JSON)


class RestructuringStatus(str, enum.Enum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"


class RestructuringRequest(Base):
    """Cơ cấu lại thời hạn trả nợ: requested by one user, approved by another (Decree 45 Art. 27)."""

    __tablename__ = "restructuring_requests"
    __table_args__ = (
        CheckConstraint("kind IN ('reschedule', 'extend')", name="kind_known"),
        CheckConstraint("defer_months IS NULL OR defer_months > 0", name="defer_months_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # reschedule | extend
    effective_date: Mapped[date] = mapped_column(Date)
    # The new plan, as the officer asked: hand-entered dates and amounts, or a rule (every date
    # not yet due moved by ``defer_months``; a new maturity with the principal re-spread).
    new_maturity: Mapped[date | None] = mapped_column(Date, nullable=True)
    new_dates: Mapped[list | None] = mapped_column(JSON, nullable=True)  # [[iso date, đồng], …]
    defer_months: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[RestructuringStatus] = mapped_column(enum_column(RestructuringStatus, "restructuring_status"))
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    decision_no: Mapped[str | None] = mapped_column(String(100), nullable=True)
    decision_note: Mapped[str | None] = mapped_column(Text, nullable=True)  # approval notes, rejection reason
    event_id: Mapped[int | None] = mapped_column(ForeignKey("loan_events.id"), nullable=True)


class Holiday(Base):
    """Public holidays (ngày nghỉ lễ): due dates on them move to the next working day."""

    __tablename__ = "holidays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
