"""Working days: when a due date that falls on a day off moves (domain.md §4).

Civil Code 2015 Art. 148.5: if the last day of a period is a weekly rest day or a public holiday,
the period ends at the end of the next working day. So a due date on a Saturday, a Sunday or a
holiday rolls forward to the next working day, and interest runs to the rolled date.

Holidays are data, not code: officers keep a table (it ships empty) and the service layer hands
its rows to ``WorkingCalendar``. ``vietnam_public_holidays`` only *proposes* a year's rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

SATURDAY = 5  # date.weekday(): Monday is 0


@dataclass(frozen=True, kw_only=True)
class WorkingCalendar:
    """Which days are working days.

    ``holidays``: public holidays and substituted days off (Tết, 30/4, 2/9 …).
    ``weekend_workdays``: Saturdays or Sundays the government made working days in exchange for a
    bridge day off (e.g. Saturday 26/04/2025 for Friday 02/05/2025). Optional; empty by default.
    """

    holidays: frozenset[date] = frozenset()
    weekend_workdays: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        """Mon–Fri that is not a holiday, or a weekend day swapped into a working day."""
        if day in self.holidays:
            return False
        if day.weekday() >= SATURDAY:
            return day in self.weekend_workdays
        return True

    def roll_forward(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next working day (Civil Code Art. 148.5)."""
        # Terminates: the holiday set is finite, and so is any run of weekends between its dates.
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


NO_HOLIDAYS = WorkingCalendar()
"""Weekends only: the calendar a fund has before officers fill the holiday table."""


def vietnam_public_holidays(year: int) -> dict[date, str]:
    """Propose Vietnam's public holidays of ``year`` (Vietnamese names), for officers to review.

    Uses the ``holidays`` package (country ``VN``): Labour Code 2019 Art. 112 holidays, Tết by the
    lunar calendar and the government's substituted days off. It is a proposal only: the
    government announces each year's Tết arrangement late, so officers correct the table.
    """
    import holidays  # lazy: only the demo and the officers' "fill a year" action need it

    table = holidays.country_holidays("VN", years=year, language="vi")
    return {day: name for day, name in sorted(table.items()) if day.year == year}


def vietnam_weekend_workdays(year: int) -> frozenset[date]:
    """Weekend days of ``year`` that Vietnam's government swapped into working days."""
    import holidays

    table = holidays.country_holidays("VN", years=year)
    return frozenset(day for day in table.weekend_workdays if day.year == year)
