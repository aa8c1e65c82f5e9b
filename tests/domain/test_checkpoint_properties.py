"""Resuming the fold from a checkpoint gives exactly what folding from the first event gives
(``domain.checkpoint``): for random histories, any checkpoint day and any later date."""
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, event, given, strategies as st

from fundapp.domain.calendar import NO_HOLIDAYS
from fundapp.domain.checkpoint import Checkpoint
from fundapp.domain.errors import DomainError
from fundapp.domain.events import Disbursed, Recalled, Replanned, RestructureKind, WrittenOff
from fundapp.domain.position import replay
from fundapp.domain.restructuring import Situation, deferred_plan
from fundapp.domain.schedule import build_plan
from fundapp.domain.terms import LoanTerms

from .test_position_properties import PROPERTY, START, days_to_check, histories


def _without_history(state):
    """A resumed state's movements and allocations start at its checkpoint: compare the rest."""
    return replace(state, movements=(), allocations={}, history_from=None, checkpoint=None)


@PROPERTY
@given(histories(), st.data())
def test_resuming_from_a_checkpoint_equals_the_full_replay(history, data):
    terms, plan, events, last = history
    days = [d for d in days_to_check(history) if d > START]
    if data.draw(st.booleans()):  # sometimes written off on one of those days
        events = [*events, WrittenOff(value_date=data.draw(st.sampled_from(days)))]
    checkpoint_on = data.draw(st.sampled_from(days))
    as_of = data.draw(st.sampled_from([d for d in days if d >= checkpoint_on]))
    full = replay(terms=terms, plan=plan, events=events, as_of=as_of)

    taken = replay(terms=terms, plan=plan, events=events, as_of=as_of, checkpoint_on=checkpoint_on)
    assert replace(taken, checkpoint=None) == full  # stopping on the checkpoint's day changes nothing
    checkpoint = Checkpoint.from_json(taken.checkpoint.to_json())  # and it survives being stored
    assert checkpoint == taken.checkpoint

    later = [e for e in events if e.value_date >= checkpoint_on]
    resumed = replay(terms=terms, plan=None, events=later, as_of=as_of, start=checkpoint)
    assert _without_history(resumed) == _without_history(full)
    assert resumed.history_from == checkpoint_on
    assert resumed.movements == tuple(m for m in full.movements if m.value_date >= checkpoint_on)
    assert resumed.allocations == {e.payment_id: full.allocations[e.payment_id]
                                   for e in later if hasattr(e, "payment_id") and e.value_date <= as_of}


def test_a_checkpoint_cannot_answer_for_a_date_before_it():
    terms = LoanTerms(amount=120_000_000, annual_rate=Decimal("0.07"), term_months=12)
    plan = build_plan(terms, disbursed_on=START, calendar=NO_HOLIDAYS)
    events = [Disbursed(value_date=START, amount=terms.amount, seq=1)]
    day = START + timedelta(days=40)
    checkpoint = replay(terms=terms, plan=plan, events=events, as_of=day, checkpoint_on=day).checkpoint
    with pytest.raises(ValueError):
        replay(terms=terms, plan=None, events=events, as_of=day - timedelta(days=1), start=checkpoint)


@PROPERTY
@given(histories(), st.data())
def test_a_restructured_loan_resumes_from_a_checkpoint_before_or_after_its_new_plan(history, data):
    """The same with a rescheduling (three months' deferral) on one of the history's days."""
    terms, plan, events, last = history
    days = [d for d in days_to_check(history) if d > START + timedelta(days=1)]
    assume(days)
    effective = data.draw(st.sampled_from(days))
    before = replay(terms=terms, plan=plan, events=events, as_of=effective - timedelta(days=1))
    ahead = tuple(p for p in before.plan if p.due_date >= effective)
    if not ahead or not before.balance.principal_not_yet_due or before.closed_on or any(
            isinstance(e, Recalled) and e.value_date >= effective for e in events):
        return
    situation = Situation(effective_date=effective, disbursed_on=START,
                          principal_not_yet_due=before.balance.principal_not_yet_due, ahead=ahead,
                          last_due=max([START, *(p.due_date for p in before.plan if p.due_date < effective)]),
                          next_seq=max(p.seq for p in before.plan) + 1)
    try:
        new_plan = deferred_plan(situation, months=3, terms=terms, calendar=NO_HOLIDAYS)
    except DomainError:  # a plan the rules refuse (the officer would be told why)
        return
    events = [*events, Replanned(value_date=effective, plan=new_plan, kind=RestructureKind.RESCHEDULE)]
    checkpoint_on = data.draw(st.sampled_from(days))
    as_of = max(last, checkpoint_on, effective)
    try:
        full = replay(terms=terms, plan=plan, events=events, as_of=as_of)
    except DomainError:  # a later payment above its payoff under the new plan: never recorded
        return
    taken = replay(terms=terms, plan=plan, events=events, as_of=as_of, checkpoint_on=checkpoint_on)
    checkpoint = Checkpoint.from_json(taken.checkpoint.to_json())
    later = [e for e in events if e.value_date >= checkpoint_on]
    resumed = replay(terms=terms, plan=None, events=later, as_of=as_of, start=checkpoint)
    assert _without_history(resumed) == _without_history(full)
    assert resumed.restructurings == full.restructurings
    event("resumed across a restructuring")
