"""A quiet day (domain.quiet_day) is exactly what the fold does on a day nothing happens.

End of day advances every quiet loan in one SQL statement from its carry; these properties say
the carry's rule equals the replay, for random loans and payment histories, and that quiet days
are most days of an ordinary loan (or the bulk path would not be worth having).
"""
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, strategies as st

from fundapp.domain.booking import targets
from fundapp.domain.calendar import NO_HOLIDAYS
from fundapp.domain.classification import group_for_days
from fundapp.domain.events import Disbursed, Paid
from fundapp.domain.loan_state import InstallmentStatus
from fundapp.domain.money import interest_for, interest_for_scaled, scaled_rate
from fundapp.domain.position import replay
from fundapp.domain.quiet_day import after_quiet_day, is_quiet, reminder, special_days_past_due, still_owed
from fundapp.domain.schedule import build_plan
from fundapp.domain.terms import LoanTerms, Method

from .test_position_properties import PROPERTY, histories

REMINDER_DAYS = 7
SPECIAL = special_days_past_due(overdue_notice_days=(1, 10, 30))
UNCHANGED = ("principal_outstanding", "principal_overdue", "interest_overdue", "advance", "overdue_since",
             "closed", "written_off")


def check_quiet_day(terms, plan, events, day):
    """If ``day`` is quiet, the replay as of it equals the carry rule; returns whether it was."""
    if any(e.value_date == day for e in events):
        return False  # recording an event books the loan; end of day never advances it in bulk
    before = replay(terms=terms, plan=plan, events=events, as_of=day - timedelta(days=1))
    if before.carry is None or not is_quiet(before.carry, day, reminder_days=REMINDER_DAYS, special_dpd=SPECIAL):
        return False
    after = replay(terms=terms, plan=plan, events=events, as_of=day)
    carry = after_quiet_day(before.carry, day)
    if before.carry.next_due == day:  # an instalment fell due: replayed tomorrow, its carry unused
        # (the replay may still accrue alone: a plan date left with nothing to pay by prepayments)
        assert not carry.accrues_alone
    else:
        assert after.carry == carry
    for name in UNCHANGED:
        assert getattr(after.balance, name) == getattr(before.balance, name), name
    overdue = before.balance.overdue_since is not None
    assert after.balance.days_past_due == (before.balance.days_past_due + 1 if overdue else 0)
    assert group_for_days(after.balance.days_past_due) == group_for_days(before.balance.days_past_due)
    assert (after.balance.days_past_due not in SPECIAL) or not overdue
    # Penalty and late interest as month close reads them from the carry (a rate with more than six
    # decimals has no integer form: such a loan is never advanced in bulk).
    for dong_days, rate, paid, owed in (
            (after.carry.penalty_dong_days, terms.overdue_rate, after.carry.penalty_paid, after.balance.penalty_interest),
            (after.carry.late_dong_days, terms.late_interest_rate, after.carry.late_paid, after.balance.late_interest)):
        if scaled_rate(rate) is not None:
            assert still_owed(dong_days, scaled_rate(rate), paid) == owed
    # The ledger moves by the day's accrual, in integer arithmetic as the SQL does it.
    rate = scaled_rate(terms.annual_rate)
    accrued = (interest_for_scaled(carry.in_term_dong_days, rate)
               - interest_for_scaled(before.carry.in_term_dong_days, rate))
    for group, moves in ((1, {"interest_receivable": accrued, "interest_income": accrued}),
                         (2, {"memo_interest": accrued, "memo_contra": -accrued})):
        old, new = targets(before, debt_group=group), targets(after, debt_group=group)
        assert {a: new[a] - old[a] for a in old if new[a] != old[a]} == {a: v for a, v in moves.items() if v}
    # The reminder the carry writes is the one the replay gives.
    due = day + timedelta(days=REMINDER_DAYS)
    rows = [row for row in after.installments if row.due_date == due and row.status is not InstallmentStatus.PAID]
    expected = reminder(before.carry, day, reminder_days=REMINDER_DAYS) if before.carry.next_due != day else None
    assert expected == ((due, rows[0].principal - rows[0].paid_principal) if rows else None)
    return True


@PROPERTY
@given(histories(), st.randoms(use_true_random=False))
def test_a_quiet_day_is_a_days_accrual_on_the_same_balances(history, rnd):
    terms, plan, events, last = history
    first = min(e.value_date for e in events)
    days = [first + timedelta(days=n) for n in range(1, (last - first).days + 1)]
    for day in rnd.sample(days, min(25, len(days))):
        check_quiet_day(terms, plan, events, day)


def test_most_days_of_an_ordinary_loan_are_quiet():
    terms = LoanTerms(amount=500_000_000, annual_rate=Decimal("0.07"), term_months=12, method=Method.EQUAL_PRINCIPAL,
                      principal_every=1, interest_every=1)
    start = date(2025, 3, 3)
    plan = build_plan(terms, disbursed_on=start, calendar=NO_HOLIDAYS)
    events = [Disbursed(value_date=start, amount=terms.amount, seq=1)]
    # Paid on each due date except the 5th instalment, paid 40 days late.
    for n, row in enumerate(plan):
        late = 40 if n == 4 else 0
        owed = replay(terms=terms, plan=plan, events=events, as_of=row.due_date + timedelta(days=late))
        amount = owed.balance.principal_overdue + owed.balance.interest_overdue + owed.balance.principal_due_today \
            + owed.balance.interest_due_today + owed.balance.penalty_interest + owed.balance.late_interest
        if amount:
            events.append(Paid(payment_id=f"P{n}", value_date=row.due_date + timedelta(days=late), amount=amount,
                               seq=n + 2))
    quiet = sum(check_quiet_day(terms, plan, events, start + timedelta(days=n)) for n in range(1, 366))
    # Not quiet: the payment days, the days after unpaid due dates, and the late instalment's notice and
    # group days (1, 10, 30); everything else is, due dates and reminder days included.
    assert 315 <= quiet < 350, quiet


@given(st.integers(min_value=0, max_value=10**13), st.integers(min_value=1, max_value=200_000))
def test_the_integer_rounding_equals_the_decimal_one(dong_days, millionths):
    rate = Decimal(millionths) / 10**6
    assert scaled_rate(rate) == millionths
    assert interest_for_scaled(dong_days, millionths) == interest_for(dong_days, rate)


def test_rates_with_more_than_six_decimals_have_no_integer_form():
    assert scaled_rate(Decimal("0.0712345")) is None
    assert scaled_rate(Decimal("0.075")) == 75_000
