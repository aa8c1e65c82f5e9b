"""The audit trail: who changed what, when, with the values before and after. Append-only."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, UtcDateTime


class AuditRecord(Base):
    __tablename__ = "audit_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: the system itself
    actor: Mapped[str] = mapped_column(String(254))  # email or "system"/"cli", kept if a user goes
    channel: Mapped[str] = mapped_column(String(16))  # api, web, cli, job
    action: Mapped[str] = mapped_column(String(16))  # insert, update, delete
    table_name: Mapped[str] = mapped_column(String(64), index=True)
    row_id: Mapped[str] = mapped_column(String(64), index=True)
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
