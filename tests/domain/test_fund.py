"""The fund's capital, what it can lend and the Art. 23 limits (domain.md §1–§2)."""
from datetime import date
from decimal import Decimal

from hypothesis import given, strategies as st

from fundapp.domain.fund import (
    CapitalContribution,
    CapitalSource,
    actual_charter_capital,
    available_to_lend,
    capital_by_source,
    charter_capital,
    concentration_limits,
    fund_warnings,
)

LAM_DONG_FUND = [  # a real-sized provincial fund: 7.5 bn đ of charter capital
    CapitalContribution(source=CapitalSource.PROVINCIAL_BUDGET, amount=5_000_000_000,
                        decision_number="1234/QĐ-UBND", decided_on=date(2019, 3, 1)),
    CapitalContribution(source=CapitalSource.PROVINCIAL_BUDGET, amount=2_000_000_000,
                        decision_number="567/QĐ-UBND", decided_on=date(2022, 6, 15)),
    CapitalContribution(source=CapitalSource.MEMBER_CONTRIBUTION, amount=500_000_000),
    CapitalContribution(source=CapitalSource.GRANT, amount=300_000_000),
    CapitalContribution(source=CapitalSource.ENTRUSTED, amount=2_000_000_000),
]


def test_charter_capital_counts_budget_and_member_contributions_only():
    assert charter_capital(LAM_DONG_FUND) == 7_500_000_000


def test_capital_by_source_keeps_grants_and_entrusted_capital_apart():
    totals = capital_by_source(LAM_DONG_FUND)
    assert totals[CapitalSource.GRANT] == 300_000_000
    assert totals[CapitalSource.ENTRUSTED] == 2_000_000_000
    assert totals[CapitalSource.PROVINCIAL_BUDGET] == 7_000_000_000


def test_only_budget_and_member_contributions_are_charter_capital():
    assert {s for s in CapitalSource if s.is_charter_capital} == {
        CapitalSource.PROVINCIAL_BUDGET, CapitalSource.MEMBER_CONTRIBUTION}


def test_actual_charter_capital_adds_retained_result_and_subtracts_losses():
    assert actual_charter_capital(charter_capital=7_500_000_000, accumulated_result=120_000_000) == 7_620_000_000
    assert actual_charter_capital(charter_capital=7_500_000_000, accumulated_result=-500_000_000) == 7_000_000_000


def test_available_to_lend_is_capital_less_outstanding_and_approved_undisbursed():
    assert available_to_lend(charter_capital=7_500_000_000, other_equity=300_000_000,
                             entrusted_received=2_000_000_000, principal_outstanding=3_600_000_000,
                             approved_undisbursed=400_000_000) == 5_800_000_000


def test_available_to_lend_goes_negative_when_commitments_exceed_capital():
    assert available_to_lend(charter_capital=1_000, other_equity=0, entrusted_received=0,
                             principal_outstanding=900, approved_undisbursed=200) == -100


def test_limits_of_a_7_5_bn_fund_are_1_125_and_1_875_million():
    limits = concentration_limits(7_500_000_000)
    assert limits.single_customer == 1_125_000_000
    assert limits.related_group == 1_875_000_000


def test_limits_are_rounded_down_to_whole_dong():
    limits = concentration_limits(7_500_000_007)  # 15% = 1,125,000,001.05; 25% = 1,875,000,001.75
    assert limits.single_customer == 1_125_000_001
    assert limits.related_group == 1_875_000_001


def test_limit_percentages_are_settings():
    limits = concentration_limits(10_000_000_000, single_pct=Decimal("0.10"), group_pct=Decimal("0.20"))
    assert (limits.single_customer, limits.related_group) == (1_000_000_000, 2_000_000_000)


def test_a_fund_whose_losses_exceed_its_capital_may_lend_nobody_anything():
    limits = concentration_limits(-1_000_000)
    assert (limits.single_customer, limits.related_group) == (0, 0)


@given(st.integers(min_value=0, max_value=10**15))
def test_a_limit_never_exceeds_its_percentage(capital):
    limits = concentration_limits(capital)
    assert limits.single_customer * 100 <= capital * 15 < (limits.single_customer + 1) * 100
    assert limits.related_group * 100 <= capital * 25 < (limits.related_group + 1) * 100


def test_a_fund_below_20_bn_is_warned_in_vietnamese_and_english():
    (warning,) = fund_warnings(7_500_000_000)
    assert "7.500.000.000 đ" in warning and "20.000.000.000 đ" in warning
    assert warning.startswith("Vốn điều lệ") and "Decree 45/2021 Art. 37" in warning


def test_a_fund_at_the_minimum_gets_no_warning():
    assert fund_warnings(20_000_000_000) == []
    assert len(fund_warnings(19_999_999_999)) == 1


def test_the_minimum_is_a_setting():
    assert fund_warnings(7_500_000_000, minimum=5_000_000_000) == []
