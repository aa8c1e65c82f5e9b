"""Resuming the fold from a checkpoint gives exactly what folding from the first event gives
(``domain.checkpoint``): for random histories, any checkpoint day and any later date."""
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from fundapp.domain.calendar import NO_HOLIDAYS
from fundapp.domain.checkpoint import Checkpoint
from fundapp.domain.events import Disbursed, WrittenOff
from fundapp.domain.position import replay
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
