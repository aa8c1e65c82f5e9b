"""The working-day calendar: which days a due date may fall on (Civil Code Art. 148.5)."""
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fundapp.domain.calendar import (
    NO_HOLIDAYS,
    WorkingCalendar,
    vietnam_public_holidays,
    vietnam_weekend_workdays,
)

TET_2025 = frozenset(date(2025, 1, d) for d in range(27, 32)) | {date(2025, 2, 1)}


def test_weekdays_are_working_days_and_weekends_are_not():
    assert NO_HOLIDAYS.is_working_day(date(2025, 5, 9))  # Friday
    assert not NO_HOLIDAYS.is_working_day(date(2025, 5, 10))  # Saturday
    assert not NO_HOLIDAYS.is_working_day(date(2025, 5, 11))  # Sunday
    assert NO_HOLIDAYS.is_working_day(date(2025, 5, 12))  # Monday


def test_a_holiday_on_a_weekday_is_not_a_working_day():
    calendar = WorkingCalendar(holidays=frozenset({date(2025, 9, 2)}))

    assert not calendar.is_working_day(date(2025, 9, 2))
    assert calendar.is_working_day(date(2025, 9, 3))


def test_a_saturday_swapped_into_a_working_day_is_a_working_day():
    # Saturday 26/04/2025 was worked in exchange for Friday 02/05/2025 off.
    calendar = WorkingCalendar(holidays=frozenset({date(2025, 5, 2)}), weekend_workdays=frozenset({date(2025, 4, 26)}))

    assert calendar.is_working_day(date(2025, 4, 26))
    assert calendar.roll_forward(date(2025, 4, 26)) == date(2025, 4, 26)
    assert calendar.roll_forward(date(2025, 5, 2)) == date(2025, 5, 5)


def test_a_working_day_does_not_roll():
    assert NO_HOLIDAYS.roll_forward(date(2025, 6, 10)) == date(2025, 6, 10)


def test_a_saturday_rolls_to_the_monday():
    assert NO_HOLIDAYS.roll_forward(date(2025, 5, 10)) == date(2025, 5, 12)


def test_a_due_date_in_tet_rolls_past_the_whole_holiday_and_the_weekend_after_it():
    calendar = WorkingCalendar(holidays=TET_2025)

    assert calendar.roll_forward(date(2025, 1, 28)) == date(2025, 2, 3)


def test_the_holidays_package_proposes_vietnams_2025_holidays_in_vietnamese():
    proposed = vietnam_public_holidays(2025)

    assert proposed[date(2025, 1, 29)] == "Tết Nguyên Đán"
    assert date(2025, 4, 30) in proposed and date(2025, 9, 2) in proposed
    assert all(day.year == 2025 for day in proposed)


def test_the_holidays_package_knows_the_swapped_saturday_of_2025():
    assert vietnam_weekend_workdays(2025) == frozenset({date(2025, 4, 26)})


def test_no_due_date_of_the_worked_example_is_a_vietnamese_holiday():
    # domain.md §3 example 2: the total assumes only weekends roll; check that holds in Vietnam too.
    holidays = set(vietnam_public_holidays(2025)) | set(vietnam_public_holidays(2026))
    due_dates = {date(2025, m, 10) for m in range(2, 13)} | {date(2026, 1, 10), date(2025, 5, 12),
                                                             date(2025, 8, 11), date(2026, 1, 12)}

    assert not holidays & due_dates


@given(
    day=st.dates(date(2020, 1, 1), date(2040, 12, 31)),
    holidays=st.frozensets(st.dates(date(2020, 1, 1), date(2041, 3, 31)), max_size=40),
)
def test_rolling_gives_the_first_working_day_on_or_after_the_date(day, holidays):
    calendar = WorkingCalendar(holidays=holidays)

    rolled = calendar.roll_forward(day)

    assert rolled >= day
    assert calendar.is_working_day(rolled)
    assert not any(calendar.is_working_day(day + timedelta(days=k)) for k in range((rolled - day).days))
