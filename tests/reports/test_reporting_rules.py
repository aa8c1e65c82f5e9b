"""The pure rules of the reports: term classes, months and periods, ratios, reconciliation, KPI grades."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fundapp.domain import reporting
from fundapp.domain.reporting import KpiActuals, KpiTargets, TermClass


@pytest.mark.parametrize(("months", "expected"), [(1, TermClass.SHORT), (12, TermClass.SHORT), (13, TermClass.MEDIUM),
                                                  (60, TermClass.MEDIUM), (61, TermClass.LONG), (240, TermClass.LONG)])
def test_term_class_is_short_up_to_12_months_medium_up_to_60_and_long_beyond(months, expected):
    assert reporting.term_class(months) is expected


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "2025-6", "25-06", "2025/06", "", "2025-06-01"])
def test_anything_but_a_month_in_the_form_yyyy_mm_is_refused(text):
    with pytest.raises(ValueError):
        reporting.parse_month(text)


def test_months_back_gives_twelve_month_ends_across_a_new_year_oldest_first():
    months = reporting.months_back(date(2025, 3, 1), 12)
    assert months[0] == date(2024, 4, 1) and months[-1] == date(2025, 3, 1) and len(set(months)) == 12
    assert reporting.month_end(date(2024, 2, 1)) == date(2024, 2, 29)


def test_a_half_year_and_a_year_cover_their_months():
    first_half, second_half, year = reporting.Period(2025, 1), reporting.Period(2025, 2), reporting.Period(2025)
    assert (first_half.start, first_half.end) == (date(2025, 1, 1), date(2025, 6, 30))
    assert (second_half.start, second_half.end) == (date(2025, 7, 1), date(2025, 12, 31))
    assert year.months() == first_half.months() + second_half.months()
    assert first_half.label == "6 tháng đầu năm 2025"


def test_a_ratio_is_rounded_half_up_to_four_places_and_is_none_without_a_base():
    assert reporting.ratio(1, 3) == Decimal("0.3333")
    assert reporting.ratio(2, 3) == Decimal("0.6667")
    assert reporting.ratio(120_000_000, 1_204_228_051) == Decimal("0.0996")
    assert reporting.ratio(5, 0) is None


def test_a_month_reconciles_when_opening_plus_disbursed_less_collected_and_written_off_is_closing():
    figures = dict(opening_balance=100, disbursed=50, principal_collected=30, written_off=20, closing_balance=100,
                   closing_in_term=60, closing_overdue=40)
    assert reporting.reconciles(**figures)
    assert not reporting.reconciles(**{**figures, "principal_collected": 31})
    assert not reporting.reconciles(**{**figures, "closing_overdue": 41})


PLAN = KpiTargets(outstanding_growth=Decimal("0.10"), bad_debt_ratio=Decimal("0.03"), result=500_000_000)


def test_a_year_meeting_every_target_is_graded_a_two_targets_b_and_fewer_c():
    good = KpiActuals(outstanding_start=10_000, outstanding_end=11_500, bad_debt_ratio=Decimal("0.02"),
                      result=600_000_000)
    assert reporting.criteria_met(good, PLAN) == {"outstanding_growth": True, "bad_debt_ratio": True,
                                                  "financial_result": True}
    assert reporting.kpi_grade(3) == "A" and reporting.kpi_grade(2) == "B"
    assert reporting.kpi_grade(1) == "C" and reporting.kpi_grade(0) == "C"
    weak = KpiActuals(outstanding_start=10_000, outstanding_end=10_500, bad_debt_ratio=Decimal("0.05"),
                      result=600_000_000)
    assert sum(reporting.criteria_met(weak, PLAN).values()) == 1


def test_the_grading_rule_is_a_setting():
    assert reporting.kpi_grade(2, {"A": 3, "B": 3}) == "C"
    assert reporting.kpi_grade(2, {"A": 2, "B": 1}) == "A"


def test_growth_from_nothing_counts_as_met_when_anything_is_lent():
    assert KpiActuals(outstanding_start=0, outstanding_end=1, bad_debt_ratio=None, result=0).outstanding_growth is None
    met = reporting.criteria_met(KpiActuals(outstanding_start=0, outstanding_end=1, bad_debt_ratio=None,
                                            result=500_000_000), PLAN)
    assert met == {"outstanding_growth": True, "bad_debt_ratio": True, "financial_result": True}
