"""Repayment schedules: the worked examples of domain.md §3 and the rules of §4."""
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from fundapp.domain.calendar import NO_HOLIDAYS, WorkingCalendar
from fundapp.domain.money import interest_for
from fundapp.domain.plan import annuity_payment, periodic_rate
from fundapp.domain.schedule import (
    DueDatesCollide,
    InvalidTerms,
    NoPrincipalDateLeft,
    build_plan,
    build_schedule,
    respread,
)
from fundapp.domain.terms import AT_MATURITY, LoanTerms, Method

# domain.md §3 example 2: HTX Nông nghiệp Tân Phú borrows 120,000,000 đ for 12 months at 7%.
EXAMPLE_2 = LoanTerms(amount=120_000_000, annual_rate=Decimal("0.07"), term_months=12)
DISBURSED = date(2025, 1, 10)


def example(**changes):
    return replace(EXAMPLE_2, **changes)


def schedule_of(terms, disbursed_on=DISBURSED, calendar=NO_HOLIDAYS, **kwargs):
    return build_schedule(terms, disbursed_on=disbursed_on, calendar=calendar, **kwargs)


def test_example_1_thirty_one_days_on_one_billion_at_7_percent_is_5_945_205_dong():
    days = (date(2025, 2, 15) - date(2025, 1, 15)).days  # the first day counts, not the last

    assert days == 31
    assert interest_for(1_000_000_000 * days, Decimal("0.07")) == 5_945_205


def test_example_2_first_periods_charge_713_425_then_590_685_then_594_521():
    rows = schedule_of(EXAMPLE_2).installments

    assert [row.interest for row in rows[:3]] == [713_425, 590_685, 594_521]
    assert all(row.principal == 10_000_000 for row in rows)


def test_example_2_instalment_4_rolls_from_saturday_to_monday_and_charges_32_days():
    rows = schedule_of(EXAMPLE_2).installments

    assert rows[3].nominal_date == date(2025, 5, 10)
    assert rows[3].due_date == date(2025, 5, 12)
    assert rows[3].interest == 552_329
    assert (rows[4].due_date, rows[4].interest) == (date(2025, 6, 10), 444_932)


def test_example_2_rolls_august_and_january_and_totals_4_541_371():
    schedule = schedule_of(EXAMPLE_2)
    rolled = {row.nominal_date: row.due_date for row in schedule.installments if row.due_date != row.nominal_date}

    assert rolled == {
        date(2025, 5, 10): date(2025, 5, 12),
        date(2025, 8, 10): date(2025, 8, 11),
        date(2026, 1, 10): date(2026, 1, 12),
    }
    assert schedule.total_interest == 4_541_371
    assert schedule.total_principal == 120_000_000
    assert schedule.total == 124_541_371


def test_example_2_without_the_roll_totals_4_531_780_and_ends_with_59_452():
    schedule = schedule_of(example(working_day_roll=False))

    assert all(row.due_date.day == 10 for row in schedule.installments)
    assert schedule.total_interest == 4_531_780
    assert schedule.installments[-1].interest == 59_452
    assert schedule.maturity == date(2026, 1, 10)


def test_the_balance_after_each_instalment_declines_to_zero():
    rows = schedule_of(EXAMPLE_2).installments

    assert [row.balance_after for row in rows] == [120_000_000 - 10_000_000 * k for k in range(1, 13)]


def test_a_loan_disbursed_on_31_january_falls_due_on_month_ends_counted_from_disbursement():
    for year, february_end in ((2025, 28), (2024, 29)):
        plan = build_plan(example(term_months=4, working_day_roll=False),
                          disbursed_on=date(year, 1, 31), calendar=NO_HOLIDAYS)

        assert [d.nominal_date for d in plan] == [
            date(year, 2, february_end), date(year, 3, 31), date(year, 4, 30), date(year, 5, 31)
        ]


def test_equal_principal_rounds_down_and_the_last_instalment_takes_the_rest():
    rows = schedule_of(example(amount=100_000_000, term_months=3)).installments

    assert [row.principal for row in rows] == [33_333_333, 33_333_333, 33_333_334]


def test_interest_monthly_and_principal_quarterly_make_twelve_instalments_with_four_principal_parts():
    plan = build_plan(example(principal_every=3), disbursed_on=DISBURSED, calendar=NO_HOLIDAYS)

    assert len(plan) == 12
    assert all(d.interest_due for d in plan)
    assert [d.seq for d in plan if d.principal_date] == [3, 6, 9, 12]
    assert [d.principal for d in plan if d.principal] == [30_000_000] * 4


def test_quarterly_interest_with_principal_at_maturity_has_one_principal_date():
    schedule = schedule_of(example(interest_every=3, principal_every=AT_MATURITY))

    assert [row.nominal_date.month for row in schedule.installments] == [4, 7, 10, 1]
    assert [row.principal for row in schedule.installments] == [0, 0, 0, 120_000_000]


def test_maturity_is_a_due_date_even_when_the_term_is_not_a_multiple_of_the_frequency():
    plan = build_plan(example(term_months=10, interest_every=3, principal_every=3, working_day_roll=False),
                      disbursed_on=DISBURSED, calendar=NO_HOLIDAYS)

    assert [d.nominal_date for d in plan] == [date(2025, 4, 10), date(2025, 7, 10), date(2025, 10, 10),
                                              date(2025, 11, 10)]
    assert [d.principal for d in plan] == [30_000_000] * 4


def test_bullet_repays_all_principal_at_maturity_and_interest_on_its_own_dates():
    schedule = schedule_of(example(method=Method.BULLET, working_day_roll=False))

    assert [row.principal for row in schedule.installments] == [0] * 11 + [120_000_000]
    assert all(row.interest > 0 for row in schedule.installments)


def test_no_principal_falls_due_in_the_grace_period():
    plan = build_plan(example(grace_months=3), disbursed_on=DISBURSED, calendar=NO_HOLIDAYS)

    assert [d.principal for d in plan[:3]] == [0, 0, 0]
    assert not any(d.principal_date for d in plan[:3])
    assert [d.principal for d in plan[3:]] == [13_333_333] * 8 + [13_333_336]


def test_the_grace_period_compares_nominal_dates_so_its_last_day_is_still_grace():
    # Disbursed 31/01/2025 with one month of grace: grace ends 28/02, so 28/02 carries no principal.
    plan = build_plan(example(term_months=3, grace_months=1), disbursed_on=date(2025, 1, 31), calendar=NO_HOLIDAYS)

    assert [d.principal for d in plan] == [0, 60_000_000, 60_000_000]


def test_an_annuity_pays_the_same_amount_every_instalment_but_the_last():
    terms = example(method=Method.ANNUITY)
    payment = annuity_payment(120_000_000, periodic_rate(Decimal("0.07"), 1), 12)

    rows = schedule_of(terms).installments

    assert payment == 10_383_210
    assert all(row.total == payment for row in rows[:-1])
    assert rows[-1].principal == rows[-2].balance_after
    assert rows[-1].balance_after == 0


def test_an_annuity_after_grace_counts_only_the_instalments_after_grace():
    rows = schedule_of(example(method=Method.ANNUITY, grace_months=2)).installments
    payment = annuity_payment(120_000_000, periodic_rate(Decimal("0.07"), 1), 10)

    assert [row.principal for row in rows[:2]] == [0, 0]
    assert all(row.total == payment for row in rows[2:-1])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"annual_rate": Decimal(0)}, "annual_rate"),
        ({"annual_rate": 0.07}, "annual_rate"),
        ({"term_months": 0}, "term_months"),
        ({"grace_months": -1}, "grace_months"),
        ({"grace_months": 12}, "grace_months"),
        ({"principal_every": 2}, "principal_every"),
        ({"interest_every": 4}, "interest_every"),
        ({"term_months": 6, "principal_every": 12, "interest_every": 12}, "principal_every"),
        ({"term_months": 6, "principal_every": AT_MATURITY, "interest_every": 12}, "interest_every"),
        ({"principal_every": 1, "interest_every": 3}, "interest_every"),
        ({"principal_every": 3, "interest_every": 6}, "interest_every"),
        ({"principal_every": 3, "interest_every": AT_MATURITY}, "interest_every"),
        ({"method": Method.ANNUITY, "principal_every": 3, "interest_every": 1}, "method"),
        ({"method": Method.ANNUITY, "principal_every": AT_MATURITY, "interest_every": AT_MATURITY}, "method"),
    ],
)
def test_terms_that_cannot_make_a_schedule_are_refused_naming_the_field(changes, field):
    with pytest.raises(InvalidTerms) as refused:
        build_plan(example(**changes), disbursed_on=DISBURSED, calendar=NO_HOLIDAYS)

    assert refused.value.field == field
    assert refused.value.rule == "invalid_terms"


def test_principal_at_maturity_goes_with_any_interest_frequency():
    for interest_every in (AT_MATURITY, 1, 3, 6, 12):
        plan = build_plan(example(principal_every=AT_MATURITY, interest_every=interest_every),
                          disbursed_on=DISBURSED, calendar=NO_HOLIDAYS)
        assert plan[-1].principal == 120_000_000


def test_a_holiday_run_that_merges_two_due_dates_is_refused():
    # Every day from 10/02 to 10/03/2025 off: both dates would roll to 11/03.
    month_off = WorkingCalendar(holidays=frozenset(date(2025, 2, 10) + timedelta(days=k) for k in range(29)))

    with pytest.raises(DueDatesCollide):
        build_plan(EXAMPLE_2, disbursed_on=DISBURSED, calendar=month_off)


MANUAL = example(method=Method.MANUAL, principal_every=3)


def test_an_officer_enters_principal_by_hand_on_plan_dates():
    entries = [(date(2025, 4, 10), 20_000_000), (date(2025, 10, 10), 40_000_000), (date(2026, 1, 12), 60_000_000)]

    plan = build_plan(MANUAL, disbursed_on=DISBURSED, calendar=NO_HOLIDAYS, manual_principal=entries)

    assert {d.nominal_date: d.principal for d in plan if d.principal} == {
        date(2025, 4, 10): 20_000_000, date(2025, 10, 10): 40_000_000, date(2026, 1, 10): 60_000_000,
    }
    assert [d.seq for d in plan if d.principal_date] == [3, 9, 12]


@pytest.mark.parametrize(
    "entries",
    [
        None,
        [(date(2026, 1, 10), 119_999_999)],  # does not sum to the loan
        [(date(2025, 4, 11), 120_000_000)],  # not a date of the plan
        [(date(2025, 4, 10), -1), (date(2026, 1, 10), 120_000_001)],  # negative
        [(date(2026, 1, 10), 60_000_000), (date(2026, 1, 12), 60_000_000)],  # same date twice
    ],
)
def test_a_hand_entered_schedule_that_breaks_a_rule_is_refused(entries):
    with pytest.raises(InvalidTerms) as refused:
        build_plan(MANUAL, disbursed_on=DISBURSED, calendar=NO_HOLIDAYS, manual_principal=entries)

    assert refused.value.field == "manual_principal"


def test_hand_entered_principal_in_the_grace_period_is_refused():
    with pytest.raises(InvalidTerms):
        build_plan(replace(MANUAL, grace_months=3), disbursed_on=DISBURSED, calendar=NO_HOLIDAYS,
                   manual_principal=[(date(2025, 3, 10), 1), (date(2026, 1, 10), 119_999_999)])


def test_hand_entered_principal_for_another_method_is_refused_not_ignored():
    with pytest.raises(InvalidTerms):
        build_plan(EXAMPLE_2, disbursed_on=DISBURSED, calendar=NO_HOLIDAYS,
                   manual_principal=[(date(2026, 1, 10), 120_000_000)])


def test_respreading_a_prepayment_lowers_the_remaining_equal_instalments():
    plan = build_plan(EXAMPLE_2, disbursed_on=DISBURSED, calendar=NO_HOLIDAYS)

    new = respread(remaining_principal=100_000_000, dates=plan, terms=EXAMPLE_2, from_date=date(2025, 2, 20))

    assert [d.due_date for d in new] == [d.due_date for d in plan]
    assert new[0] == plan[0]  # 10/02 is behind: it keeps its principal
    assert [d.principal for d in new[1:]] == [9_090_909] * 10 + [9_090_910]


def test_respreading_a_bullet_keeps_all_principal_at_maturity():
    terms = example(method=Method.BULLET)
    plan = build_plan(terms, disbursed_on=DISBURSED, calendar=NO_HOLIDAYS)

    new = respread(remaining_principal=70_000_000, dates=plan, terms=terms, from_date=date(2025, 6, 1))

    assert [d.principal for d in new] == [0] * 11 + [70_000_000]


def test_respreading_an_annuity_takes_a_new_payment_on_the_remaining_balance_and_dates():
    terms = example(method=Method.ANNUITY)
    plan = build_plan(terms, disbursed_on=DISBURSED, calendar=NO_HOLIDAYS)

    new = respread(remaining_principal=50_000_000, dates=plan, terms=terms,
                   from_date=date(2025, 6, 10), balance_start_date=date(2025, 6, 10))
    ahead = [d for d in new if d.due_date > date(2025, 6, 10)]
    payment = annuity_payment(50_000_000, periodic_rate(Decimal("0.07"), 1), 7)
    previous, balance = date(2025, 6, 10), 50_000_000
    for d in ahead[:-1]:
        interest = interest_for(balance * (d.due_date - previous).days, Decimal("0.07"))
        assert d.principal + interest == payment
        previous, balance = d.due_date, balance - d.principal

    assert new[:5] == plan[:5]
    assert sum(d.principal for d in ahead) == 50_000_000


def test_respreading_principal_after_the_last_principal_date_is_refused():
    plan = build_plan(EXAMPLE_2, disbursed_on=DISBURSED, calendar=NO_HOLIDAYS)

    with pytest.raises(NoPrincipalDateLeft):
        respread(remaining_principal=1, dates=plan, terms=EXAMPLE_2, from_date=date(2026, 1, 12))
