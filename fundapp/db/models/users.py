"""People who sign in: fund staff by role, and portal users bound to one borrower."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, UtcDateTime


class Role(str, enum.Enum):
    ADMIN = "admin"
    OFFICER = "officer"  # prepares and appraises
    APPROVER = "approver"  # decides
    ACCOUNTANT = "accountant"  # records money
    AUDITOR = "auditor"  # reads everything, changes nothing
    BORROWER = "borrower"  # a cooperative's portal user


def enum_column(enum_cls, name):
    """Enums stored as their plain values, checked by the database."""
    return Enum(enum_cls, name=name, native_enum=False, values_callable=lambda e: [m.value for m in e],
                validate_strings=True, length=32, create_constraint=True)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("(role = 'borrower') = (borrower_id IS NOT NULL)", name="borrower_role_binding"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    # The borrower a portal user speaks for.
    borrower_id: Mapped[int | None] = mapped_column(ForeignKey("borrowers.id"), nullable=True, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored, so a leaked table grants nothing."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
