"""Weekend days made working days (ngày làm bù): the other half of the working calendar.

Public holidays are in ``holidays`` (``loans.Holiday``); a Saturday or Sunday the government
swapped into a working day in exchange for a bridge day off (Saturday 26/04/2025 for Friday
02/05/2025) is here, so a due date on it does not move (Civil Code Art. 148.5).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base


class WeekendWorkday(Base):
    __tablename__ = "weekend_workdays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
