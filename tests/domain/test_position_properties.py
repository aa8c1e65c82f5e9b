"""Properties of the daily fold over random payment histories (domain.md §5, architecture.md).

Histories are built the way accountants record them: each payment is a share of what the loan
owes on its value date (late, early, partial, on time, prepayments, payoff), so every history is
one the system would have accepted.
"""
import random
from dataclasses import fields, replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

from fundapp.domain.calendar import NO_HOLIDAYS
from fundapp.domain.events import Disbursed, Paid, Recalled
from fundapp.domain.position import payoff_quote, replay
from fundapp.domain.schedule import build_plan, build_schedule
from fundapp.domain.terms import CurrentOrder, LoanTerms, Method, Prepayment

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = date(2025, 1, 10)


@st.composite
def loan_terms(draw):
    method = draw(st.sampled_from([Method.EQUAL_PRINCIPAL, Method.ANNUITY, Method.BULLET]))
    every = draw(st.sampled_from([1, 3]))
    term = draw(st.sampled_from([6, 12, 24]))
    return LoanTerms(
        amount=draw(st.integers(min_value=10_000, max_value=2_000_000)) * 1_000,
        annual_rate=draw(st.sampled_from([Decimal("0.06"), Decimal("0.07"), Decimal("0.085"), Decimal("0.12")])),
        term_months=term, method=method, principal_every=every, interest_every=every,
        grace_months=draw(st.sampled_from([0, 3])) if method is Method.EQUAL_PRINCIPAL and term > 6 else 0,
        prepayment=draw(st.sampled_from([Prepayment.SHORTEN_TERM, Prepayment.REDUCE_INSTALLMENTS])),
        current_order=draw(st.sampled_from(CurrentOrder)),
    )


@st.composite
def histories(draw):
    """(terms, plan, events, last day): a loan and the payments recorded on it."""
    terms = draw(loan_terms())
    plan = build_plan(terms, disbursed_on=START, calendar=NO_HOLIDAYS)
    horizon = (plan[-1].due_date - START).days + 90
    tranche_at = draw(st.none() | st.integers(min_value=1, max_value=(plan[-1].due_date - START).days - 1))
    if tranche_at is None:
        events = [Disbursed(value_date=START, amount=terms.amount, seq=1)]
    else:  # a second tranche, re-spread over the principal dates still ahead (domain.md §4)
        second = draw(st.integers(min_value=1, max_value=terms.amount - 1))
        events = [Disbursed(value_date=START, amount=terms.amount - second, seq=1),
                  Disbursed(value_date=START + timedelta(days=tranche_at), amount=second, seq=1_000)]
    offsets = sorted(draw(st.lists(st.integers(min_value=1, max_value=horizon), min_size=1, max_size=8)))
    if draw(st.booleans()):  # sometimes the instalments themselves, on their dates or a bit late
        offsets = sorted(offsets + [(p.due_date - START).days + draw(st.integers(0, 5)) for p in plan[:4]])
    recall_at = draw(st.none() | st.integers(min_value=max(30, (tranche_at or 0) + 1), max_value=horizon))
    if recall_at is not None:
        events.append(Recalled(value_date=START + timedelta(days=recall_at)))
    for n, offset in enumerate(offsets):
        day = START + timedelta(days=offset)
        payoff = payoff_quote(terms=terms, plan=plan, events=events, on=day)
        if payoff <= 0:
            continue
        share = draw(st.sampled_from([Decimal("0.01"), Decimal("0.05"), Decimal("0.1"), Decimal("0.3"),
                                      Decimal("0.7"), Decimal("1")]))
        amount = max(1, int(payoff * share))
        events.append(Paid(payment_id=f"PT-{n:03d}", value_date=day, amount=amount, seq=n + 2))
    last = max(e.value_date for e in events) + timedelta(days=draw(st.integers(0, 60)))
    return terms, plan, events, last


def state(history, events=None, as_of=None):
    terms, plan, recorded, last = history
    return replay(terms=terms, plan=plan, events=recorded if events is None else events, as_of=as_of or last)


def days_to_check(history):
    terms, plan, events, last = history
    days = {e.value_date for e in events} | {p.due_date for p in plan if p.due_date <= last} | {last}
    days |= {d + timedelta(days=1) for d in list(days) if d < last}
    return sorted(days)


@PROPERTY
@given(histories())
def test_every_allocation_adds_up_to_its_payment(history):
    result = state(history)
    for event in history[2]:
        if isinstance(event, Paid):
            parts = result.allocations[event.payment_id]
            assert parts.amount == event.amount
            assert all(getattr(parts, f.name) >= 0 for f in fields(parts) if f.name not in ("advance", "pays_off"))


@PROPERTY
@given(histories())
def test_nothing_owed_is_ever_negative_and_a_closed_loan_holds_no_advance(history):
    for day in days_to_check(history):
        balance = state(history, as_of=day).balance
        assert all(getattr(balance, f.name) >= 0 for f in fields(balance) if isinstance(getattr(balance, f.name), int))
        parts = (balance.principal_outstanding + balance.interest_overdue + balance.interest_due_today
                 + balance.interest_accrued + balance.penalty_interest + balance.late_interest - balance.advance)
        assert balance.payoff_amount == parts
        assert balance.principal_outstanding == (balance.principal_not_yet_due + balance.principal_due_today
                                                 + balance.principal_overdue)
        if balance.closed:
            assert balance.advance == balance.payoff_amount == 0


@PROPERTY
@given(histories(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_events_were_recorded(history, rnd: random.Random):
    """Back-dating equals on time: only the order of same-day payments is the recording order."""
    terms, plan, events, last = history
    # Record in any order: new seqs at random, keeping only the order of same-day payments.
    shuffled = list(events)
    rnd.shuffle(shuffled)
    by_day = sorted(shuffled, key=lambda e: (e.value_date, getattr(e, "seq", 0)))
    seqs = sorted(rnd.sample(range(1, 10 * len(events) + 1), len(events)))
    # Same-day events take increasing seqs in their original order; across days anything goes.
    renumbered, pool = {}, list(seqs)
    rnd.shuffle(pool)
    for day in sorted({e.value_date for e in by_day}):
        same_day = [e for e in by_day if e.value_date == day]
        mine = sorted(pool[:len(same_day)])
        del pool[:len(same_day)]
        renumbered.update({id(e): s for e, s in zip(same_day, mine)})
    recorded = [replace(e, seq=renumbered[id(e)]) if hasattr(e, "seq") else e for e in shuffled]
    assert state(history, recorded) == state(history)
    middle = START + (last - START) / 2
    assert state(history, recorded, middle) == state(history, as_of=middle)


@PROPERTY
@given(histories(), st.data())
def test_the_balance_on_a_date_depends_only_on_what_happened_up_to_it(history, data):
    day = data.draw(st.sampled_from(days_to_check(history)))
    known_then = [e for e in history[2] if e.value_date <= day]
    assert state(history, as_of=day) == state(history, known_then, day)


@PROPERTY
@given(histories(), st.data())
def test_reversing_a_payment_gives_the_result_as_if_it_was_never_recorded(history, data):
    payments = [e for e in history[2] if isinstance(e, Paid)]
    reversed_one = data.draw(st.sampled_from(payments)) if payments else None
    kept = [e for e in history[2] if e is not reversed_one]
    never = [e for e in history[2]
             if not (isinstance(e, Paid) and reversed_one and e.payment_id == reversed_one.payment_id)]
    after = state(history, kept)
    assert after == state(history, never)
    if reversed_one:
        assert reversed_one.payment_id not in after.allocations
        before = reversed_one.value_date - timedelta(days=1)
        assert state(history, kept, before) == state(history, as_of=before)
        assert after.balance.payoff_amount >= state(history).balance.payoff_amount


@PROPERTY
@given(histories())
def test_principal_outstanding_never_grows_without_a_disbursement(history):
    tranches = sorted(e.value_date for e in history[2] if isinstance(e, Disbursed))
    previous = None
    for day in days_to_check(history):
        outstanding = state(history, as_of=day).balance.principal_outstanding
        if previous is not None and not any(previous[0] < t <= day for t in tranches):
            assert outstanding <= previous[1]
        previous = (day, outstanding)


@PROPERTY
@given(loan_terms())
def test_paying_every_instalment_on_its_date_costs_exactly_the_schedule(terms):
    schedule = build_schedule(terms, disbursed_on=START, calendar=NO_HOLIDAYS)
    plan = build_plan(terms, disbursed_on=START, calendar=NO_HOLIDAYS)
    events = [Disbursed(value_date=START, amount=terms.amount, seq=1)]
    events += [Paid(payment_id=row.seq, value_date=row.due_date, amount=row.total, seq=row.seq + 1)
               for row in schedule.installments]
    result = replay(terms=terms, plan=plan, events=events, as_of=schedule.maturity)
    assert [row.interest for row in result.installments] == [row.interest for row in schedule.installments]
    assert result.closed_on == schedule.maturity
    assert all(parts.advance == parts.principal_prepaid == 0 for parts in result.allocations.values())


@PROPERTY
@given(histories(), st.data())
def test_paying_the_payoff_amount_closes_the_loan_on_any_day(history, data):
    terms, plan, events, last = history
    day = data.draw(st.sampled_from([d for d in days_to_check(history) if d > START]))
    known = [e for e in events if e.value_date <= day]
    payoff = payoff_quote(terms=terms, plan=plan, events=known, on=day)
    if payoff == 0:
        return
    paid = [*known, Paid(payment_id="PAYOFF", value_date=day, amount=payoff, seq=10_000)]
    result = replay(terms=terms, plan=plan, events=paid, as_of=day + timedelta(days=400))
    assert result.closed_on == day
    assert result.balance.payoff_amount == result.balance.principal_outstanding == 0
