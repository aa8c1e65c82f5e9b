"""End of day: exactly once, caught up after downtime, equal to the balance-as-of computation."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fundapp.db.models import BusinessDayStep, JournalEntry, Loan, MonthEndSnapshot
from fundapp.services import closing, daily_accrual, ledger
from fundapp.services.loans import state_of
from tests.jobs.helpers import book_a_loan, catch_up, day_by_day, eod, outcome, wipe
from tests.money_builders import session_for


def test_day_by_day_and_one_catch_up_run_end_with_the_same_ledger_balances_and_notices(app):
    day_by_day(app)
    daily = outcome(app)
    wipe(app)
    catch_up(app)
    caught_up = outcome(app)

    assert daily["ledger"] == caught_up["ledger"]
    assert daily["booked"] == caught_up["booked"]
    assert daily["notices"] == caught_up["notices"]
    assert daily["states"] == caught_up["states"]
    # February paid 10 days late (a day-1 notice on 11/02); after March nothing is paid, so overdue
    # since 10/04 with notices on days 1 and 10, and group 2 from 20/04.
    overdue = [(day, subject) for kind, day, subject, _ in daily["notices"] if kind == "overdue"]
    assert [day for day, _ in overdue] == [date(2025, 2, 11), date(2025, 4, 11), date(2025, 4, 20)]
    assert any(kind == "group_worsened" and day == date(2025, 4, 20) for kind, day, *_ in daily["notices"])
    assert any(kind == "reminder" for kind, *_ in daily["notices"])


def test_every_month_end_snapshot_equals_the_balance_as_of_that_date(app):
    catch_up(app)
    with session_for(app) as session:
        loan = session.scalars(select(Loan)).one()
        snapshots = session.scalars(select(MonthEndSnapshot).order_by(MonthEndSnapshot.month_end)).all()
        assert [s.month_end for s in snapshots] == [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31),
                                                    date(2025, 4, 30)]
        for snapshot in snapshots:
            balance = state_of(session, loan, as_of=snapshot.month_end).balance
            assert snapshot.principal_outstanding == balance.principal_outstanding
            assert snapshot.principal_overdue == balance.principal_overdue
            assert snapshot.days_past_due == balance.days_past_due
            assert (snapshot.opening_balance + snapshot.disbursed - snapshot.principal_collected
                    - snapshot.written_off == snapshot.principal_outstanding)


def test_running_a_date_again_changes_no_row_and_says_so(app, row_counts):
    book_a_loan(app)
    first = eod(app, date(2025, 2, 15))
    assert first.status == "succeeded"
    before = row_counts()
    again = eod(app, date(2025, 2, 15))
    after = row_counts()
    assert again.status == "nothing_to_do" and "15/02/2025" in again.message
    before.pop("job_runs"), after.pop("job_runs")  # the history records that it was asked
    assert before == after


def test_a_run_that_dies_half_way_leaves_nothing_half_posted_and_the_next_run_finishes_the_work(app, monkeypatch):
    book_a_loan(app)
    real_close_day = closing.close_day

    def dies_on_the_tenth_of_february(session, *, day, run_id, settings):
        result = real_close_day(session, day=day, run_id=run_id, settings=settings)  # everything flushed…
        if day == date(2025, 2, 10):
            raise SystemExit("killed")  # …then the process dies before the commit
        return result

    monkeypatch.setattr(closing, "close_day", dies_on_the_tenth_of_february)
    with pytest.raises(SystemExit):
        eod(app, date(2025, 3, 31))
    with session_for(app) as session:
        assert session.scalar(select(func.max(BusinessDayStep.business_date))) == date(2025, 2, 9)
        assert ledger.verify(session) == []
    monkeypatch.setattr(closing, "close_day", real_close_day)
    # The lock of the dead run is released by its context manager here; a killed process's lock
    # row (SQLite) is cleared because its pid is gone, and PostgreSQL drops advisory locks itself.
    assert eod(app, date(2025, 3, 31)).status == "succeeded"
    interrupted = outcome(app)

    wipe(app)
    book_a_loan(app)
    assert eod(app, date(2025, 3, 31)).status == "succeeded"
    assert outcome(app)["ledger"] == interrupted["ledger"]


def test_end_of_day_posts_one_entry_per_day_not_one_per_loan(app):
    book_a_loan(app)
    book_a_loan(app)
    with session_for(app) as session:
        before = session.scalar(select(func.count()).select_from(JournalEntry))
    eod(app, date(2025, 1, 20))
    with session_for(app) as session:
        entries = session.scalars(select(JournalEntry).where(JournalEntry.kind == "end_of_day")).all()
        days = {e.business_date for e in entries}
        assert len(entries) == len(days)
        assert all(line.loan_id is None for e in entries for line in e.lines)
        assert session.scalar(select(func.count()).select_from(JournalEntry)) > before


def test_a_date_in_the_future_is_refused(app):
    book_a_loan(app)
    assert eod(app, date(2025, 7, 1), today=date(2025, 6, 30)).status == "refused"


def test_quiet_days_advanced_in_bulk_end_exactly_where_replaying_every_loan_ends(app, monkeypatch):
    """The set-based path (services.daily_accrual) against replaying every loan every day."""
    bulk_counts = day_by_day(app, loans=3)
    bulk = outcome(app)
    wipe(app)
    monkeypatch.setattr(daily_accrual, "advance_quiet_loans", lambda session, **_: daily_accrual.Advanced(
        reminders=[], loan_ids=frozenset(), accrued_income=0, accrued_memo=0))
    replayed_counts = day_by_day(app, loans=3)
    assert outcome(app) == bulk
    # Most loan-days were quiet and went the bulk way; without it every one was replayed.
    assert bulk_counts["quiet"] > 0.6 * bulk_counts["loans"]
    assert replayed_counts["quiet"] == 0 and replayed_counts["loans"] == bulk_counts["loans"]
