"""End of day for every business date not yet processed, in order, each date in one transaction."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ..clock import now_utc
from ..db.audit import Actor
from ..db.models import BusinessDayStep, JobRun, JournalEntry, Loan, LoanEvent
from ..db.session import transaction
from ..services import closing
from . import mailer
from .locks import Busy, run_lock

LOCK = "end_of_day"


@dataclass
class Summary:
    run_id: int | None
    status: str
    message: str
    first_date: date | None = None
    last_date: date | None = None
    counts: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def first_business_date(session: Session) -> date | None:
    """The day of the fund's first event (its first journal entry or loan event). The history of a
    loan book brought in from a workbook is not the fund's: it starts on the day of the import
    (its journal entries' date), so going live does not replay years of days and old notices."""
    candidates = [session.scalar(select(func.min(JournalEntry.business_date))),
                  session.scalar(select(func.min(LoanEvent.value_date)).join(Loan, Loan.id == LoanEvent.loan_id)
                                 .where(Loan.import_batch_id.is_(None)))]
    candidates = [c for c in candidates if c is not None]
    return min(candidates) if candidates else None


def last_completed_date(session: Session) -> date | None:
    """The last date on which every step that applies to it is recorded."""
    return session.scalar(select(func.max(BusinessDayStep.business_date))
                          .where(BusinessDayStep.step == closing.LAST_STEP))


def run(factory: sessionmaker, *, through: date, today: date, trigger: str, settings: dict,
        actor: Actor | None = None) -> Summary:
    """Process every business date not yet done, up to ``through`` (never past yesterday's close)."""
    engine = factory.kw["bind"]
    try:
        with run_lock(engine, LOCK):
            return _run_locked(factory, through=through, today=today, trigger=trigger, settings=settings,
                               actor=actor or Actor(None, trigger, "job"))
    except Busy:
        return Summary(None, "busy", "Một lượt xử lý cuối ngày khác đang chạy / another end-of-day run is in progress")


def _run_locked(factory, *, through, today, trigger, settings, actor) -> Summary:
    if through > today:
        return Summary(None, "refused", f"Không thể xử lý ngày {through:%d/%m/%Y} trong tương lai / "
                                        f"{through.isoformat()} is in the future")
    with transaction(factory) as session:
        first = first_business_date(session)
        done = last_completed_date(session)
        run_row = JobRun(kind="end_of_day", through=through, trigger=trigger, status="running",
                         started_at=now_utc(), counts={}, errors=[])
        session.add(run_row)
        session.flush()
        run_id = run_row.id
    start = (done + timedelta(days=1)) if done else first
    summary = Summary(run_id, "running", "")
    day = start
    while day is not None and day <= through:
        with transaction(factory) as session:
            session.info["actor"] = actor
            result = closing.close_day(session, day=day, run_id=run_id, settings=settings)
        summary.first_date = summary.first_date or day
        summary.last_date = day
        for step, counts in result.counts.items():
            total = summary.counts.setdefault(step, {})
            for key, value in counts.items():
                total[key] = total.get(key, 0) + value
        summary.errors += result.errors
        day += timedelta(days=1)
    summary.counts["email"] = mailer.deliver(factory, settings)
    if summary.last_date is None:
        summary.status = "nothing_to_do"
        summary.message = (f"Đã xử lý đến hết ngày {done:%d/%m/%Y}; không còn ngày nào / already done through {done}"
                           if done else "Chưa có giao dịch nào / the fund has no events yet")
    else:
        summary.status = "succeeded" if not summary.errors else "completed_with_errors"
        summary.message = (f"Đã xử lý {summary.first_date:%d/%m/%Y} – {summary.last_date:%d/%m/%Y} / "
                           f"processed {summary.first_date} to {summary.last_date}")
    with transaction(factory) as session:
        row = session.get(JobRun, run_id)
        row.status, row.message = summary.status, summary.message[:500]
        row.first_date, row.last_date = summary.first_date, summary.last_date
        row.counts, row.errors, row.finished_at = summary.counts, summary.errors[:200], now_utc()
    return summary
