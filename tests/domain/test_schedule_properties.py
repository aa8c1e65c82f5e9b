"""Properties every schedule keeps, whatever the method, frequencies, grace, dates and holidays."""
from dataclasses import replace
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from fundapp.domain.calendar import NO_HOLIDAYS, WorkingCalendar, vietnam_public_holidays
from fundapp.domain.money import interest_for
from fundapp.domain.plan import annuity_payment, periodic_rate
from fundapp.domain.schedule import build_plan, build_schedule, project, respread
from fundapp.domain.terms import AT_MATURITY, LoanTerms, Method

VIETNAM = WorkingCalendar(holidays=frozenset(d for y in range(2020, 2048) for d in vietnam_public_holidays(y)))
calendars = st.one_of(
    st.just(NO_HOLIDAYS),
    st.just(VIETNAM),
    st.frozensets(st.dates(date(2020, 1, 1), date(2046, 12, 31)), max_size=40).map(
        lambda days: WorkingCalendar(holidays=days)
    ),
)
# Month ends are where the relativedelta rule bites, so draw them often.
disbursement_dates = st.one_of(
    st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    st.builds(lambda y, m: date(y, m, 1) + relativedelta(months=1, days=-1),
              st.integers(2020, 2035), st.integers(1, 12)),
)
# 0.01% to 20% a year, as a Decimal: never a float near money.
rates = st.integers(1, 2000).map(lambda basis_points: Decimal(basis_points) / 10_000)


@st.composite
def loans(draw, methods=tuple(Method), min_amount=1):
    """(terms, disbursed_on, calendar, manual_principal) for a loan the rules accept."""
    method = draw(st.sampled_from(methods))
    term = draw(st.integers(1, 120))
    frequencies = [f for f in (1, 3, 6, 12) if f <= term]
    if method is Method.ANNUITY:
        interest_every = principal_every = draw(st.sampled_from(frequencies))
    else:
        interest_every = draw(st.sampled_from([AT_MATURITY, *frequencies]))
        multiples = [f for f in frequencies if interest_every and f % interest_every == 0]
        principal_every = draw(st.sampled_from([AT_MATURITY, *multiples]))
    terms = LoanTerms(
        amount=draw(st.integers(min_amount, 10**12)), annual_rate=draw(rates), term_months=term,
        grace_months=draw(st.integers(0, term - 1)), method=method,
        principal_every=principal_every, interest_every=interest_every, working_day_roll=draw(st.booleans()),
    )
    disbursed_on, calendar = draw(disbursement_dates), draw(calendars)
    manual = None
    if method is Method.MANUAL:
        # The officer picks some plan dates after the grace and splits the loan over them.
        grace_end = disbursed_on + relativedelta(months=terms.grace_months)
        shape = build_plan(replace(terms, method=Method.EQUAL_PRINCIPAL), disbursed_on=disbursed_on, calendar=calendar)
        allowed = [d for d in shape if d.nominal_date > grace_end]
        chosen = draw(st.lists(st.sampled_from(allowed), min_size=1, unique_by=lambda d: d.seq))
        cuts = sorted(draw(st.lists(st.integers(0, terms.amount), min_size=len(chosen) - 1, max_size=len(chosen) - 1)))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, terms.amount])]
        manual = [(draw(st.sampled_from([d.nominal_date, d.due_date])), part) for d, part in zip(chosen, parts)]
    return terms, disbursed_on, calendar, manual


def schedule_for(loan):
    terms, disbursed_on, calendar, manual = loan
    return build_schedule(terms, disbursed_on=disbursed_on, calendar=calendar, manual_principal=manual)


@given(loan=loans())
def test_principal_parts_sum_exactly_to_the_amount(loan):
    assert schedule_for(loan).total_principal == loan[0].amount


@given(loan=loans())
def test_the_balance_never_grows_and_ends_at_zero(loan):
    rows = schedule_for(loan).installments
    balances = [loan[0].amount] + [row.balance_after for row in rows]

    assert all(later <= earlier for earlier, later in zip(balances, balances[1:]))
    assert all(row.balance_after == before - row.principal for before, row in zip(balances, rows))
    assert balances[-1] == 0


@given(loan=loans())
def test_nothing_in_a_schedule_is_negative(loan):
    for row in schedule_for(loan).installments:
        assert min(row.principal, row.interest, row.balance_after) >= 0
        assert row.total == row.principal + row.interest


@given(loan=loans())
def test_nominal_dates_are_counted_from_disbursement_and_due_dates_strictly_increase(loan):
    terms, disbursed_on, calendar, _ = loan
    rows = schedule_for(loan).installments

    def counted(every):
        months = list(range(every, terms.term_months + 1, every)) if every else []
        return {disbursed_on + relativedelta(months=m) for m in [*months, terms.term_months]}

    principal_every = AT_MATURITY if terms.method is Method.BULLET else terms.principal_every
    assert [row.nominal_date for row in rows] == sorted(counted(terms.interest_every) | counted(principal_every))
    assert rows[-1].nominal_date == disbursed_on + relativedelta(months=terms.term_months)
    assert all(a.due_date < b.due_date for a, b in zip(rows, rows[1:]))
    for row in rows:
        expected = calendar.roll_forward(row.nominal_date) if terms.working_day_roll else row.nominal_date
        assert row.due_date == expected


@given(loan=loans())
def test_no_principal_falls_due_on_or_before_the_end_of_grace(loan):
    terms, disbursed_on, _, _ = loan
    grace_end = disbursed_on + relativedelta(months=terms.grace_months)

    assert all(row.principal == 0 for row in schedule_for(loan).installments if row.nominal_date <= grace_end)


@given(loan=loans())
def test_interest_is_the_scheduled_balance_for_the_actual_days_rounded_once_per_instalment(loan):
    terms, disbursed_on, _, _ = loan
    balance, previous = terms.amount, disbursed_on
    for row in schedule_for(loan).installments:
        assert row.interest == interest_for(balance * (row.due_date - previous).days, terms.annual_rate)
        balance, previous = row.balance_after, row.due_date


@given(loan=loans(methods=(Method.EQUAL_PRINCIPAL,)))
def test_equal_principal_parts_are_equal_but_the_last_which_takes_less_than_n_dong_more(loan):
    terms, disbursed_on, calendar, _ = loan
    plan = build_plan(terms, disbursed_on=disbursed_on, calendar=calendar)
    parts = [d.principal for d in plan if d.principal_date]

    assert len(set(parts[:-1])) <= 1
    assert 0 <= parts[-1] - parts[0] < len(parts)


@given(loan=loans(methods=(Method.ANNUITY,), min_amount=1_000_000))
def test_an_annuity_instalment_after_grace_equals_a_except_the_last(loan):
    # By construction principal = A − projected interest, so principal + interest = A exactly for
    # every principal instalment but the last, roll on or off (interest is on actual days either
    # way; it is the principal part that absorbs the difference). Amounts of at least 1,000,000 đ
    # and rates up to 20% keep A above any period's interest, so no principal part is clamped.
    terms, disbursed_on, calendar, _ = loan
    plan = build_plan(terms, disbursed_on=disbursed_on, calendar=calendar)
    rows = [row for row, d in zip(schedule_for(loan).installments, plan) if d.principal_date]
    payment = annuity_payment(terms.amount, periodic_rate(terms.annual_rate, terms.principal_every), len(rows))

    assert all(row.total == payment for row in rows[:-1])
    assert rows[-1].balance_after == 0


@settings(max_examples=200)
@given(loan=loans(), data=st.data())
def test_respreading_keeps_the_dates_and_the_past_and_sums_to_the_remaining_principal(loan, data):
    terms, disbursed_on, calendar, manual = loan
    plan = build_plan(terms, disbursed_on=disbursed_on, calendar=calendar, manual_principal=manual)
    last_principal_day = max(d.due_date for d in plan if d.principal_date)
    from_date = data.draw(st.dates(disbursed_on, last_principal_day - relativedelta(days=1)))
    remaining = data.draw(st.integers(0, terms.amount))

    new = respread(remaining_principal=remaining, dates=plan, terms=terms, from_date=from_date)
    ahead = [d for d in new if d.due_date > from_date]

    assert [(d.seq, d.due_date, d.principal_date) for d in new] == [(d.seq, d.due_date, d.principal_date) for d in plan]
    assert [d for d in new if d.due_date <= from_date] == [d for d in plan if d.due_date <= from_date]
    assert sum(d.principal for d in ahead) == remaining
    assert all(d.principal >= 0 and (d.principal_date or d.principal == 0) for d in new)
    if terms.method is Method.BULLET:
        assert ahead[-1].principal == remaining
    if terms.method is not Method.ANNUITY:
        parts = [d.principal for d in ahead if d.principal_date]
        assert 0 <= parts[-1] - parts[0] < len(parts)
    schedule = project(ahead, balance=remaining, start=from_date, annual_rate=terms.annual_rate)
    assert schedule.installments[-1].balance_after == 0
