"""Batch runs (end of day, month close): each (business date, step) is done exactly once."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, UtcDateTime


class JobRun(Base):
    """One invocation of end of day (by the CLI, the API or the scheduler) and what it did."""

    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    through: Mapped[date] = mapped_column(Date)
    trigger: Mapped[str] = mapped_column(String(20))  # cli, api, scheduler
    status: Mapped[str] = mapped_column(String(20))  # running, succeeded, failed, nothing_to_do, busy
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    first_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    counts: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # {step: {done, failed, ...}}
    errors: Mapped[list | None] = mapped_column(JSON, nullable=True)  # [{date, step, loan_id, error}]
    message: Mapped[str] = mapped_column(String(500), default="")


class BusinessDayStep(Base):
    """A step done for a business date. The primary key is what makes a step happen only once."""

    __tablename__ = "business_day_steps"

    business_date: Mapped[date] = mapped_column(Date, primary_key=True)
    step: Mapped[str] = mapped_column(String(40), primary_key=True)
    run_id: Mapped[int] = mapped_column(Integer)
    done_at: Mapped[datetime] = mapped_column(UtcDateTime)
    counts: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class JobLock(Base):
    """The SQLite stand-in for PostgreSQL's advisory lock: one row while a run holds the lock."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))  # host:pid
    acquired_at: Mapped[datetime] = mapped_column(UtcDateTime)
