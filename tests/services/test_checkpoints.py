"""Stored checkpoints (``services.checkpoints``): a balance resumes from the last repayment's
checkpoint and gives exactly what folding every event gives; an event dated before it makes the
next read fold in full, never return a stale balance."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from fundapp.db.models import Loan, LoanCheckpoint
from fundapp.services import checkpoints, ledger, loans
from fundapp.services.loan_views import balance_view, schedule_view

from ..money_builders import approved_loan_on, capital, clock_at, disburse, pay, reverse, session_for

START = date(2025, 1, 10)


def both_ways(app, loan_id: int, as_of: date):
    """(resumed state or None when the checkpoint does not apply, full replay)."""
    with session_for(app) as session:
        loan = session.get(Loan, loan_id)
        found = checkpoints.resumable(session, loan_id, loans.terms_of(loan), as_of=as_of)
        resumed = loans.state_of(session, loan, as_of=as_of, resume=True) if found else None
        return resumed, loans.state_of(session, loan, as_of=as_of)


def same(resumed, full):
    keep = dict(movements=(), allocations={}, history_from=None, checkpoint=None)
    return replace(resumed, **keep) == replace(full, **keep)


def stored_day(app, loan_id: int) -> date:
    with session_for(app) as session:
        return session.get(LoanCheckpoint, loan_id).day


def test_a_repayment_stores_a_checkpoint_that_later_balances_resume_from(app):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6), amount=120_000_000, term_months=12)
    disburse(app, loan_id, 120_000_000, START)
    for month in range(1, 5):
        due = date(2025, 1 + month, 10)
        pay(app, loan_id, 10_000_000 + 700_000, due, today=due)
    # The start of the latest value date (10/05), but a month behind the day it was recorded.
    assert stored_day(app, loan_id) == date(2025, 4, 9)
    for as_of in (date(2025, 4, 9), date(2025, 5, 10), date(2025, 5, 11), date(2025, 6, 10), date(2025, 9, 3)):
        resumed, full = both_ways(app, loan_id, as_of)
        assert resumed is not None and resumed.history_from == date(2025, 4, 9)
        assert same(resumed, full)
    resumed, full = both_ways(app, loan_id, date(2025, 4, 8))  # before it: folded in full
    assert resumed is None and full.history_from is None

    pay(app, loan_id, 3_000_000, date(2025, 4, 25), today=date(2025, 5, 12))  # keyed in late: resumes
    assert stored_day(app, loan_id) == date(2025, 4, 11)
    resumed, full = both_ways(app, loan_id, date(2025, 5, 12))
    assert resumed is not None and same(resumed, full)


def test_a_tranche_dated_before_the_checkpoint_makes_the_next_read_fold_in_full(app):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6), amount=200_000_000, term_months=12)
    disburse(app, loan_id, 100_000_000, START)
    pay(app, loan_id, 9_000_000, date(2025, 3, 10), today=date(2025, 3, 20))
    assert stored_day(app, loan_id) == date(2025, 2, 17)
    disburse(app, loan_id, 100_000_000, date(2025, 2, 1), today=date(2025, 3, 20))  # back-dated second tranche
    resumed, full = both_ways(app, loan_id, date(2025, 3, 20))
    assert resumed is None  # the stored checkpoint (17/02) never saw the tranche of 01/02
    assert full.disbursed == 200_000_000
    with session_for(app) as session:
        view = balance_view(session, session.get(Loan, loan_id), as_of=date(2025, 3, 20), today=date(2025, 3, 20))
    assert view["principal_outstanding"] == full.balance.principal_outstanding


def test_reversing_a_payment_before_the_checkpoint_never_leaves_it_in_the_balance(app):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6), amount=120_000_000, term_months=12)
    disburse(app, loan_id, 120_000_000, START)
    first = pay(app, loan_id, 10_700_000, date(2025, 2, 10), today=date(2025, 2, 10))
    pay(app, loan_id, 10_600_000, date(2025, 3, 10), today=date(2025, 3, 10))
    reverse(app, first["id"], today=date(2025, 3, 12))
    for as_of in (date(2025, 3, 12), date(2025, 4, 30)):
        resumed, full = both_ways(app, loan_id, as_of)
        assert resumed is not None and same(resumed, full)
        assert first["id"] not in full.allocations
        assert full.balance.principal_overdue > 0  # February's instalment is unpaid again


def test_a_restructured_loan_resumed_after_its_cure_keeps_the_group_a_full_replay_gives(app, officer, approver):
    """The debt-group floor needs the movements since the restructuring (when was it cured?): a
    state resumed from a later checkpoint folds again for that."""
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6), amount=120_000_000, term_months=12)
    disburse(app, loan_id, 120_000_000, START)
    with session_for(app) as session:
        rows = schedule_view(session, session.get(Loan, loan_id), today=START)["installments"]
    for row in rows[:5]:  # paid on time through June
        pay(app, loan_id, row["total"], row["due_date"], today=row["due_date"])
    with clock_at(app, date(2025, 6, 20)):
        asked = officer.post(f"/api/v1/loans/{loan_id}/restructurings", json={
            "effective_date": "2025-06-20", "reason": "Mất mùa", "kind": "reschedule", "defer_months": 3})
        assert asked.status_code == 201, asked.json
        assert approver.post(f"/api/v1/restructurings/{asked.json['id']}/approve",
                             json={"decision_no": "12/QĐ"}).status_code == 200
    late = date(2025, 10, 30)  # the 10/10 instalment paid twenty days late: overdue, then cured
    with session_for(app) as session:
        owed = loans.state_of(session, session.get(Loan, loan_id), as_of=late).balance
    assert owed.days_past_due == 20
    pay(app, loan_id, owed.payoff_amount - owed.principal_not_yet_due - owed.interest_accrued, late, today=late)
    for as_of in (late, date(2025, 11, 5), date(2026, 1, 5)):
        resumed, full = both_ways(app, loan_id, as_of)
        assert resumed is not None and resumed.history_from == date(2025, 9, 29)  # after the restructuring
        with session_for(app) as session:
            loan = session.get(Loan, loan_id)
            assert loans.own_group(session, loan, resumed) == loans.own_group(session, loan, full)


def test_ledger_verify_names_a_loan_whose_checkpoint_disagrees_with_its_events(app):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6), amount=120_000_000, term_months=12)
    disburse(app, loan_id, 120_000_000, START)
    pay(app, loan_id, 10_700_000, date(2025, 2, 10), today=date(2025, 2, 12))
    with session_for(app) as session:
        assert ledger.verify(session) == []
        stored = session.get(LoanCheckpoint, loan_id)
        fold = dict(stored.fold)
        fold["counters"] = [fold["counters"][0] - 1_000_000, *fold["counters"][1:]]  # principal not yet due
        stored.fold = fold
    with session_for(app) as session:
        assert [p for p in ledger.verify(session) if "checkpoint" in p] == [
            f"loan {loan_id}: its checkpoint of 2025-01-12 gives another state as of 2025-02-12 than its events"]
        session.delete(session.get(LoanCheckpoint, loan_id))  # a cache: without it, every figure stands
    with session_for(app) as session:
        assert ledger.verify(session) == []
