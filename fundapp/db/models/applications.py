"""Loan applications (hồ sơ vay vốn): draft → submitted → appraised → approved | rejected, or withdrawn.

Appraisal (thẩm định) and decision are made by different people (Circular 39/2016 Art. 17.2).
Every transition is kept in ``application_events`` with who and when.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.provisioning import CollateralKind
from ..base import Base, Money, UtcDateTime
from .users import enum_column


class ApplicationStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPRAISED = "appraised"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Recommendation(str, enum.Enum):
    APPROVE = "approve"
    REJECT = "reject"


class LoanApplication(Base):
    __tablename__ = "loan_applications"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("term_months >= 1", name="term_positive"),
        CheckConstraint("grace_months >= 0", name="grace_non_negative"),
        CheckConstraint("own_capital >= 0 AND total_investment >= own_capital", name="investment_consistent"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    borrower_id: Mapped[int] = mapped_column(ForeignKey("borrowers.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("loan_products.id"))
    status: Mapped[ApplicationStatus] = mapped_column(enum_column(ApplicationStatus, "application_status"), index=True)
    amount: Mapped[int] = mapped_column(Money)
    term_months: Mapped[int] = mapped_column(Integer)
    grace_months: Mapped[int] = mapped_column(Integer, default=0)
    purpose: Mapped[str] = mapped_column(String(500))
    total_investment: Mapped[int] = mapped_column(Money)
    own_capital: Mapped[int] = mapped_column(Money)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Appraisal (thẩm định)
    appraised_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    recommendation: Mapped[Recommendation | None] = mapped_column(enum_column(Recommendation, "recommendation"), nullable=True)
    appraised_amount: Mapped[int | None] = mapped_column(Money, nullable=True)
    appraised_term_months: Mapped[int | None] = mapped_column(Integer, nullable=True)
    appraised_grace_months: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bad_debt_checked_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    has_bad_debt: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    appraisal_notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Decision
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decision_no: Mapped[str | None] = mapped_column(String(100), nullable=True)
    decision_notes: Mapped[str | None] = mapped_column(Text, nullable=True)

    collateral: Mapped[list["Collateral"]] = relationship(back_populates="application", order_by="Collateral.id")
    events: Mapped[list["ApplicationEvent"]] = relationship(order_by="ApplicationEvent.id")


class ApplicationEvent(Base):
    """One transition of an application, with who made it and when."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("loan_applications.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_status: Mapped[str] = mapped_column(String(20))
    by_user: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class Collateral(Base):
    """Tài sản bảo đảm: recorded at appraisal, carried to the loan for provisions."""

    __tablename__ = "collateral"
    __table_args__ = (CheckConstraint("value >= 0", name="value_non_negative"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("loan_applications.id"), index=True)
    # Set when the application is approved: the collateral then secures that loan (provisions).
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loans.id"), nullable=True, index=True)
    kind: Mapped[CollateralKind] = mapped_column(enum_column(CollateralKind, "collateral_kind"))
    description: Mapped[str] = mapped_column(String(500))
    value: Mapped[int] = mapped_column(Money)

    application: Mapped[LoanApplication] = relationship(back_populates="collateral")


class ApplicationDocument(Base):
    """A supporting document, stored under ``instance/documents`` (size and type checked)."""

    __tablename__ = "application_documents"
    __table_args__ = (CheckConstraint("size_bytes > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("loan_applications.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    stored_as: Mapped[str] = mapped_column(String(255))
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
