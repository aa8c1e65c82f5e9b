"""The ledger balances, entry by entry, and `fundapp ledger verify` says so or names what is wrong."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from fundapp.clock import now_utc
from fundapp.db.models import Account, JournalEntry, JournalLine
from fundapp.services import ledger


def test_an_entry_that_does_not_balance_is_refused(session_factory):
    with session_factory() as session:
        with pytest.raises(ledger.UnbalancedEntry):
            ledger.post(session, business_date=date(2025, 1, 1), kind="test", description="x",
                        lines=[ledger.debit("bank", 100), ledger.credit("charter_capital", 99)])


@pytest.mark.corrupts_ledger
def test_verify_fails_naming_a_deliberately_unbalanced_entry(app, session_factory):
    with session_factory() as session:
        bank = session.scalar(select(Account.id).where(Account.key == "bank"))
        entry = JournalEntry(business_date=date(2025, 1, 1), kind="tampered", description="inserted by a test",
                             recorded_at=now_utc())
        session.add(entry)
        session.flush()
        session.add(JournalLine(entry_id=entry.id, account_id=bank, debit=500, credit=0))
        session.commit()
        entry_id = entry.id
    result = app.test_cli_runner().invoke(args=["ledger", "verify"])
    assert result.exit_code == 1
    assert f"journal entry {entry_id} does not balance" in result.output


def test_verify_passes_on_a_sound_ledger(app, session_factory):
    with session_factory() as session:
        ledger.post(session, business_date=date(2025, 1, 1), kind="test", description="x",
                    lines=[ledger.debit("bank", 100), ledger.credit("charter_capital", 100)])
        session.commit()
    result = app.test_cli_runner().invoke(args=["ledger", "verify"])
    assert result.exit_code == 0, result.output


def test_the_database_refuses_a_negative_or_two_sided_line(session_factory):
    from sqlalchemy.exc import IntegrityError

    with session_factory() as session:
        bank = session.scalar(select(Account.id).where(Account.key == "bank"))
        entry = JournalEntry(business_date=date(2025, 1, 1), kind="t", description="t", recorded_at=now_utc())
        session.add(entry)
        session.flush()
        for debit, credit in ((-5, 0), (5, 5)):
            with pytest.raises(IntegrityError):
                with session.begin_nested():
                    session.add(JournalLine(entry_id=entry.id, account_id=bank, debit=debit, credit=credit))
                    session.flush()
        session.rollback()
