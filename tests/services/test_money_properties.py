"""Properties of the money engine with a real database (issue 4, "must show"): for random loans and
random payment histories (late, early, partial, prepayments, payoff, a second tranche), recording
the payments in any order with back-dating gives identical balances, allocations and ledger;
reversing a payment equals never recording it; and `ledger verify` stays clean (checked after the
test over every loan of every example).

Each example records one history on three identical loans: A in value-date order, on time; B in
a random order, each payment keyed in late; C in order without one payment, which B then reverses.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from fundapp.db.models import Account, JournalLine, Loan
from fundapp.domain.calendar import NO_HOLIDAYS
from fundapp.domain.events import Disbursed, Paid
from fundapp.domain.position import payoff_quote
from fundapp.domain.schedule import build_plan
from fundapp.domain.terms import LoanTerms, Method, Prepayment
from fundapp.services import booking, loans
from fundapp.services.repayments import list_repayments, record_repayment

from ..money_builders import accountant_id, approved_loan_on, capital, disburse, reverse, session_for

START = date(2025, 1, 10)
APPROVED_ON = date(2025, 1, 6)
EXAMPLES = settings(max_examples=20, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@st.composite
def histories(draw):
    """(terms, second tranche or None, payments [(value date, amount)], last day)."""
    method = draw(st.sampled_from([Method.EQUAL_PRINCIPAL, Method.ANNUITY, Method.BULLET]))
    every, term = draw(st.sampled_from([1, 3])), draw(st.sampled_from([6, 12]))
    terms = LoanTerms(amount=draw(st.integers(min_value=20_000, max_value=500_000)) * 1_000,
                      annual_rate=draw(st.sampled_from([Decimal("0.06"), Decimal("0.07"), Decimal("0.12")])),
                      term_months=term, method=method, principal_every=every, interest_every=every,
                      prepayment=draw(st.sampled_from([Prepayment.SHORTEN_TERM, Prepayment.REDUCE_INSTALLMENTS])))
    plan = build_plan(terms, disbursed_on=START, calendar=NO_HOLIDAYS)
    span = (plan[-1].due_date - START).days
    tranche = None
    events = [Disbursed(value_date=START, amount=terms.amount, seq=1)]
    if draw(st.booleans()):
        tranche = (START + timedelta(days=draw(st.integers(1, span // 2))),
                   draw(st.integers(min_value=1, max_value=terms.amount // 2)))
        events = [Disbursed(value_date=START, amount=terms.amount - tranche[1], seq=1),
                  Disbursed(value_date=tranche[0], amount=tranche[1], seq=2)]
    payments = []
    for n, offset in enumerate(sorted(draw(st.lists(st.integers(1, span + 60), min_size=1, max_size=6)))):
        day = START + timedelta(days=offset)
        payoff = payoff_quote(terms=terms, plan=plan, events=events, on=day)
        if payoff <= 0:
            continue
        share = draw(st.sampled_from([Decimal("0.02"), Decimal("0.1"), Decimal("0.4"), Decimal("1")]))
        amount = max(1, int(payoff * share))
        events.append(Paid(payment_id=n, value_date=day, amount=amount, seq=n + 10))
        payments.append((day, amount))
    last = max([START, *(day for day, _ in payments)]) + timedelta(days=draw(st.integers(0, 40)))
    return terms, tranche, payments, last


def new_loan(app, terms: LoanTerms) -> int:
    with_product = {"annual_rate": terms.annual_rate, "method": terms.method.value, "min_term_months": 6,
                    "principal_every": terms.principal_every, "interest_every": terms.interest_every,
                    "prepayment": terms.prepayment.value, "max_amount": 1_000_000_000}
    return approved_loan_on(app, APPROVED_ON, product=with_product, amount=terms.amount,
                            term_months=terms.term_months)


def record(app, loan_id: int, terms, tranche, payments, *, order, late: bool) -> dict[int, int]:
    """Record ``payments`` in ``order`` (indexes); returns {index: repayment id}."""
    disburse(app, loan_id, terms.amount - (tranche[1] if tranche else 0), START)
    if tranche:
        disburse(app, loan_id, tranche[1], tranche[0])
    recorder, ids, today = accountant_id(app), {}, START
    for index in order:
        day, amount = payments[index]
        today = max(today, day) if late else day
        with session_for(app) as session:
            ids[index] = record_repayment(session, loan_id=loan_id, amount=amount, value_date=day,
                                          reference=f"PT-{index:02d}", recorded_by=recorder, today=today)["id"]
    return ids


def picture(app, loan_id: int, last: date, days: list[date]):
    """Everything that must agree: balances on many days, allocations by payment, booked amounts and
    the loan's journal lines per account, once the loan is booked as of ``last`` (end of day)."""
    with session_for(app) as session:
        loan = loans.lock_loan(session, loan_id)
        booking.book(session, loan, as_of=last, recorded_by=None)
        balances = [loans.state_of(session, loan, as_of=day).balance for day in days]
        # What the balance endpoint answers, from the last repayment's checkpoint where it applies.
        assert [loans.state_of(session, loan, as_of=day, resume=True).balance for day in days] == balances
        parts = {item["reference"]: {k: v for k, v in item.items()
                                     if k not in ("id", "loan_id", "recorded_at", "recorded_by", "reversal_id")}
                 for item in list_repayments(session, loan, today=last) if not item["reversed"]}
        lines = dict(session.execute(
            select(Account.key, func.sum(JournalLine.debit) - func.sum(JournalLine.credit))
            .join(Account, Account.id == JournalLine.account_id).where(JournalLine.loan_id == loan_id)
            .group_by(Account.key)).all())
        return balances, parts, booking.booked(session.get(Loan, loan_id)), {k: int(v) for k, v in lines.items() if v}


@EXAMPLES
@given(history=histories(), data=st.data())
def test_recording_order_and_back_dating_change_nothing_and_a_reversal_is_as_if_never_recorded(app, history, data):
    terms, tranche, payments, last = history
    capital(app, 10_000_000_000)
    in_order = list(range(len(payments)))
    shuffled = data.draw(st.permutations(in_order))
    # Payments of the same value date keep their recorded order (domain.md §5); the rest is free.
    shuffled = sorted(shuffled, key=lambda i: (shuffled.index(min(j for j in in_order
                                                                  if payments[j][0] == payments[i][0])), i))
    dropped = data.draw(st.sampled_from(in_order)) if payments else None
    a, b, c = (new_loan(app, terms) for _ in range(3))
    record(app, a, terms, tranche, payments, order=in_order, late=False)
    ids_b = record(app, b, terms, tranche, payments, order=shuffled, late=True)
    record(app, c, terms, tranche, payments, order=[i for i in in_order if i != dropped], late=False)

    days = sorted({START, last, *(d for d, _ in payments), *(d + timedelta(days=1) for d, _ in payments)})
    assert picture(app, b, last, days) == picture(app, a, last, days)
    if dropped is not None:
        reverse(app, ids_b[dropped], today=last)
        assert picture(app, b, last, days) == picture(app, c, last, days)
    # `ledger verify` over every loan of every example runs after the test (conftest).


def test_loans_approved_on_one_product_carry_the_terms_the_properties_draw(app):
    capital(app)
    terms = LoanTerms(amount=100_000_000, annual_rate=Decimal("0.07"), term_months=6)
    first, second = new_loan(app, terms), new_loan(app, terms)
    with session_for(app) as session:
        assert loans.terms_of(session.get(Loan, first)) == loans.terms_of(session.get(Loan, second)) == terms
