"""Debt groups by days past due, restructuring floors, the cure and bad debt (domain.md §6)."""
from datetime import date

import pytest

from fundapp.domain.classification import (
    CureRule,
    DebtGroupTable,
    borrower_group,
    group_for_days,
    has_cured,
    is_bad_debt,
    loan_group,
    restructuring_floor,
)


@pytest.mark.parametrize(
    ("days", "group"),
    [(0, 1), (9, 1), (10, 2), (90, 2), (91, 3), (180, 3), (181, 4), (360, 4), (361, 5), (2000, 5)],
)
def test_default_table_puts_days_past_due_in_their_group(days, group):
    assert group_for_days(days) == group


def test_the_worked_example_ten_days_late_is_group_2():
    assert group_for_days(10) == 2  # domain.md §5: nothing paid 10/02, seen on 20/02


def test_the_thresholds_are_a_settings_table():
    microfinance = DebtGroupTable(group_2_from=1, group_3_from=31, group_4_from=61, group_5_from=91)
    assert [group_for_days(d, microfinance) for d in (0, 1, 31, 61, 91)] == [1, 2, 3, 4, 5]


def test_a_table_whose_thresholds_do_not_increase_is_refused():
    with pytest.raises(ValueError):
        DebtGroupTable(group_2_from=10, group_3_from=10)


def test_negative_days_past_due_are_refused():
    with pytest.raises(ValueError):
        group_for_days(-1)


@pytest.mark.parametrize(
    ("reschedulings", "extensions", "floor"),
    [(0, 0, 1), (1, 0, 2), (0, 1, 3), (2, 0, 4), (1, 1, 4), (0, 2, 4), (3, 0, 5), (1, 2, 5), (4, 4, 5)],
)
def test_restructuring_raises_the_floor(reschedulings, extensions, floor):
    assert restructuring_floor(reschedulings=reschedulings, extensions=extensions) == floor


RESTRUCTURED = date(2025, 3, 10)


def test_a_long_loan_cures_three_months_after_paying_everything_overdue():
    kwargs = dict(restructured_on=RESTRUCTURED, cured_on=date(2025, 4, 10), term_months=24)
    assert not has_cured(**kwargs, as_of=date(2025, 7, 9))
    assert has_cured(**kwargs, as_of=date(2025, 7, 10))


def test_a_loan_of_twelve_months_or_less_cures_after_one_month():
    kwargs = dict(restructured_on=RESTRUCTURED, cured_on=date(2025, 4, 10), term_months=12)
    assert not has_cured(**kwargs, as_of=date(2025, 5, 9))
    assert has_cured(**kwargs, as_of=date(2025, 5, 10))


def test_a_loan_still_overdue_never_cures():
    assert not has_cured(restructured_on=RESTRUCTURED, cured_on=None, term_months=24, as_of=date(2030, 1, 1))


def test_the_on_time_months_count_from_the_restructuring_at_the_earliest():
    kwargs = dict(restructured_on=RESTRUCTURED, cured_on=date(2025, 1, 1), term_months=6)
    assert not has_cured(**kwargs, as_of=date(2025, 4, 9))
    assert has_cured(**kwargs, as_of=date(2025, 4, 10))


def test_the_cure_months_are_a_setting():
    rule = CureRule(months_long=6, months_short=2)
    kwargs = dict(restructured_on=RESTRUCTURED, cured_on=RESTRUCTURED, rule=rule)
    assert not has_cured(**kwargs, term_months=36, as_of=date(2025, 9, 9))
    assert has_cured(**kwargs, term_months=36, as_of=date(2025, 9, 10))
    assert has_cured(**kwargs, term_months=12, as_of=date(2025, 5, 10))


def test_a_rescheduled_loan_paid_on_time_stays_in_group_2_until_cured():
    kwargs = dict(days_past_due=0, reschedulings=1, restructured_on=RESTRUCTURED, cured_on=RESTRUCTURED,
                  term_months=36)
    assert loan_group(**kwargs, as_of=date(2025, 6, 9)) == 2
    assert loan_group(**kwargs, as_of=date(2025, 6, 10)) == 1


def test_a_restructured_loan_later_overdue_takes_the_worse_of_days_and_floor():
    assert loan_group(days_past_due=200, extensions=1, restructured_on=RESTRUCTURED, term_months=36,
                      as_of=date(2025, 10, 1)) == 4
    assert loan_group(days_past_due=20, extensions=1, restructured_on=RESTRUCTURED, term_months=36,
                      as_of=date(2025, 10, 1)) == 3


def test_a_loan_never_restructured_is_grouped_by_days_alone():
    assert loan_group(days_past_due=95) == 3


def test_a_restructured_loan_without_its_dates_is_refused():
    with pytest.raises(ValueError):
        loan_group(days_past_due=0, reschedulings=1)


def test_every_loan_of_a_borrower_takes_its_worst_group():
    assert borrower_group([1, 3, 2]) == 3


def test_a_borrower_without_loans_has_no_group():
    with pytest.raises(ValueError):
        borrower_group([])


@pytest.mark.parametrize(("group", "bad"), [(1, False), (2, False), (3, True), (4, True), (5, True)])
def test_bad_debt_is_groups_3_to_5(group, bad):
    assert is_bad_debt(group) is bad


def test_there_is_no_group_6():
    with pytest.raises(ValueError):
        is_bad_debt(6)
