"""Which month a report is for: closed (read from its snapshot) or open (computed as of today)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from ...db.models import MonthClose
from ...domain import reporting
from ...domain.errors import DomainError

FIRST_YEAR, LAST_YEAR = 1900, 2100


class InvalidMonth(DomainError):
    rule = "report_month"


@dataclass(frozen=True)
class ReportMonth:
    first_day: date
    month_end: date
    closed: bool  # a MonthClose row exists: the figures are the snapshot's, for ever
    as_of: date  # the month's last day when closed or past; today for the current month
    closed_at: datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.first_day:%Y-%m}"


def parse(text: str | date, *, field: str = "month") -> date:
    if isinstance(text, date):
        return text.replace(day=1)
    try:
        first_day = reporting.parse_month(text)
    except ValueError as error:
        raise InvalidMonth("tháng phải có dạng YYYY-MM, ví dụ 2025-06 / the month must be YYYY-MM, e.g. 2025-06",
                           field=field) from error
    if not FIRST_YEAR <= first_day.year <= LAST_YEAR:
        raise InvalidMonth(f"năm phải từ {FIRST_YEAR} đến {LAST_YEAR} / the year must be {FIRST_YEAR}–{LAST_YEAR}",
                           field=field)
    return first_day


def resolve(session: Session, month: str | date, *, today: date, field: str = "month") -> ReportMonth:
    """The month asked for; a month that has not begun is refused (422 naming ``field``)."""
    first_day = parse(month, field=field)
    if first_day > today:
        raise InvalidMonth(f"tháng {first_day:%m/%Y} chưa đến / {first_day:%Y-%m} is in the future",
                           field=field, today=today.isoformat())
    end = reporting.month_end(first_day)
    close = session.get(MonthClose, end)
    if close is not None:
        return ReportMonth(first_day, end, True, end, close.closed_at)
    return ReportMonth(first_day, end, False, min(end, today))
