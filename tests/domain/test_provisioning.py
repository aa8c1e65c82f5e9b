"""Specific and general provisions and deductible collateral (domain.md §6)."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from fundapp.domain.provisioning import (
    Collateral,
    CollateralKind,
    deductible_collateral,
    general_provision,
    general_provision_base,
    specific_provision,
)

FARM_LAND = Collateral(kind=CollateralKind.LAND_BUILDINGS, appraised_value=400_000_000)
TRACTOR = Collateral(kind=CollateralKind.MACHINERY_VEHICLES, appraised_value=150_000_000)
SAVINGS_BOOK = Collateral(kind=CollateralKind.DEPOSIT, appraised_value=50_000_000)
BUFFALO = Collateral(kind=CollateralKind.OTHER, appraised_value=30_000_000)


def test_each_kind_of_collateral_is_deducted_at_its_default_rate():
    assert deductible_collateral([FARM_LAND]) == 200_000_000
    assert deductible_collateral([TRACTOR]) == 45_000_000
    assert deductible_collateral([SAVINGS_BOOK]) == 50_000_000
    assert deductible_collateral([BUFFALO]) == 0
    assert deductible_collateral([FARM_LAND, TRACTOR, SAVINGS_BOOK, BUFFALO]) == 295_000_000


def test_an_unsecured_loan_deducts_nothing():
    assert deductible_collateral([]) == 0


def test_deductible_collateral_is_rounded_down_once_on_the_total():
    odd_machines = [Collateral(kind=CollateralKind.MACHINERY_VEHICLES, appraised_value=5)] * 3  # 3 × 1.5
    assert deductible_collateral(odd_machines) == 4


def test_deductible_rates_are_settings():
    rates = {kind: Decimal("0.10") for kind in CollateralKind}
    assert deductible_collateral([FARM_LAND], rates) == 40_000_000


@pytest.mark.parametrize(("group", "provision"), [(1, 0), (2, 5_000_000), (3, 20_000_000), (4, 50_000_000),
                                                  (5, 100_000_000)])
def test_specific_provision_uses_the_group_rate_on_principal_less_collateral(group, provision):
    assert specific_provision(principal=300_000_000, deductible=200_000_000, group=group) == provision


def test_collateral_worth_more_than_the_principal_leaves_no_specific_provision():
    assert specific_provision(principal=100_000_000, deductible=200_000_000, group=5) == 0


def test_specific_provision_is_rounded_half_up_on_the_whole_amount():
    assert specific_provision(principal=10, deductible=0, group=2) == 1  # 0.5 → 1
    assert specific_provision(principal=9, deductible=0, group=2) == 0  # 0.45 → 0


def test_entrusted_loans_at_the_central_funds_risk_get_no_provision():
    assert specific_provision(principal=300_000_000, deductible=0, group=5, fund_bears_risk=False) == 0


def test_an_unknown_group_is_refused():
    with pytest.raises(ValueError):
        specific_provision(principal=1, deductible=0, group=6)


def test_general_provision_is_0_75_percent_of_groups_1_to_4():
    assert general_provision(3_600_000_000) == 27_000_000
    assert general_provision(200) == 2  # 1.5 → 2, half up


def test_general_provision_base_leaves_out_group_5_and_no_risk_loans():
    loans = [(1, 100_000_000, True), (4, 50_000_000, True), (5, 70_000_000, True), (1, 80_000_000, False)]
    assert general_provision_base(loans) == 150_000_000


@given(st.integers(min_value=0, max_value=10**13), st.integers(min_value=0, max_value=10**13),
       st.sampled_from([1, 2, 3, 4, 5]))
def test_a_specific_provision_never_exceeds_the_uncovered_principal(principal, deductible, group):
    provision = specific_provision(principal=principal, deductible=deductible, group=group)
    assert 0 <= provision <= max(0, principal - deductible)
