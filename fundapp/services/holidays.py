"""The working calendar: the holiday table officers keep, and the weekend days made working days.

``working_calendar(session)`` is what every schedule and the money engine use (domain.md §4: a due
date on a weekend or holiday moves to the next working day, Civil Code Art. 148.5). The tables ship
empty; ``fill_year`` proposes a year from the ``holidays`` package (Tết and swapped days
included) without touching a day officers have already entered.
"""
from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Holiday, WeekendWorkday
from ..domain.calendar import SATURDAY, WorkingCalendar, vietnam_public_holidays, vietnam_weekend_workdays
from ..domain.errors import DomainError, NotFound


class DayKind(str, enum.Enum):
    HOLIDAY = "holiday"  # ngày nghỉ lễ, Tết, nghỉ bù
    WEEKEND_WORKDAY = "weekend_workday"  # ngày làm bù: a Saturday or Sunday worked


class InvalidHoliday(DomainError):
    rule = "holiday_invalid"


def working_calendar(session: Session) -> WorkingCalendar:
    """The fund's calendar as the holiday tables say today."""
    return WorkingCalendar(holidays=frozenset(session.scalars(select(Holiday.day))),
                           weekend_workdays=frozenset(session.scalars(select(WeekendWorkday.day))))


def _existing(session: Session, day: date):
    return session.get(Holiday, day) or session.get(WeekendWorkday, day)


def add_day(session: Session, *, day: date, name: str, kind: DayKind | str = DayKind.HOLIDAY):
    kind = DayKind(kind)
    if _existing(session, day) is not None:
        raise InvalidHoliday(f"Ngày {day:%d/%m/%Y} đã có trong lịch / {day.isoformat()} is already in the calendar",
                             field="day")
    if kind is DayKind.WEEKEND_WORKDAY and day.weekday() < SATURDAY:
        raise InvalidHoliday(f"Ngày làm bù phải là thứ Bảy hoặc Chủ nhật; {day:%d/%m/%Y} không phải / "
                             f"a weekend workday is a Saturday or Sunday; {day.isoformat()} is not", field="day")
    row = (Holiday if kind is DayKind.HOLIDAY else WeekendWorkday)(day=day, name=name)
    session.add(row)
    session.flush()
    return row


def remove_day(session: Session, *, day: date) -> None:
    row = _existing(session, day)
    if row is None:
        raise NotFound(f"Ngày {day:%d/%m/%Y} không có trong lịch / {day.isoformat()} is not in the calendar")
    session.delete(row)
    session.flush()


def fill_year(session: Session, *, year: int) -> dict:
    """Add the year's public holidays and weekend workdays the table does not have yet."""
    added = []
    for day, name in vietnam_public_holidays(year).items():
        if _existing(session, day) is None:
            added.append(add_day(session, day=day, name=name[:200], kind=DayKind.HOLIDAY))
    for day in sorted(vietnam_weekend_workdays(year)):
        if _existing(session, day) is None:
            added.append(add_day(session, day=day, name="Ngày làm bù", kind=DayKind.WEEKEND_WORKDAY))
    return {"year": year, "added": [as_item(row) for row in added]}


def as_item(row) -> dict:
    kind = DayKind.HOLIDAY if isinstance(row, Holiday) else DayKind.WEEKEND_WORKDAY
    return {"day": row.day, "name": row.name, "kind": kind.value}


def list_days(session: Session, *, year: int | None = None, kind: DayKind | None = None) -> list[dict]:
    """Holidays and weekend workdays in one list, by day (a few dozen rows a year)."""
    rows = []
    for model, row_kind in ((Holiday, DayKind.HOLIDAY), (WeekendWorkday, DayKind.WEEKEND_WORKDAY)):
        if kind not in (None, row_kind):
            continue
        query = select(model)
        if year is not None:
            query = query.where(model.day >= date(year, 1, 1), model.day <= date(year, 12, 31))
        rows += session.scalars(query).all()
    return sorted((as_item(row) for row in rows), key=lambda item: item["day"])
