"""Who may borrow and on what conditions, each rule at its boundary (domain.md §2; Decree 45 Art. 20–23)."""
from datetime import date
from decimal import Decimal

import pytest

from fundapp.domain.eligibility import (
    BorrowerKind,
    NotEligible,
    ProductBounds,
    RuleResult,
    amount_within_product,
    appraiser_is_not_approver,
    borrower_in_province,
    borrower_kind_allowed,
    capital_available,
    check_all,
    grace_within_product,
    individual_is_adult,
    member_not_enterprise,
    no_bad_debt,
    own_capital_sufficient,
    project_appraised_feasible,
    related_group_limit,
    require_eligible,
    single_customer_limit,
    term_within_product,
)
from fundapp.domain.errors import DomainError

DECIDED_ON = date(2025, 6, 16)
ACTUAL_CHARTER_CAPITAL = 7_500_000_000  # 15% = 1,125,000,000 đ; 25% = 1,875,000,000 đ
PRODUCT = ProductBounds(min_amount=10_000_000, max_amount=2_000_000_000, min_term_months=3,
                        max_term_months=60, max_grace_months=6)


def an_application(**overrides):
    """HTX Nông nghiệp Tân Phú asks for 500 m đ over 36 months to build a rice dryer."""
    application = dict(
        decided_on=DECIDED_ON, kind=BorrowerKind.COOPERATIVE, is_enterprise=False, is_individual=False,
        date_of_birth=None, bad_debt_checked_on=date(2025, 6, 2), has_bad_debt=False, appraised_feasible=True,
        own_capital=300_000_000, total_investment=800_000_000, amount=500_000_000, term_months=36,
        grace_months=3, product=PRODUCT, available_to_lend=3_900_000_000,
        actual_charter_capital=ACTUAL_CHARTER_CAPITAL, customer_outstanding=200_000_000,
        customer_approved_undisbursed=0, group_outstanding=600_000_000, group_approved_undisbursed=100_000_000,
    )
    return application | overrides


# --- the borrower ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(BorrowerKind))
def test_cooperatives_unions_and_members_may_borrow(kind):
    assert borrower_kind_allowed(kind=kind).passed


@pytest.mark.parametrize("kind", ["enterprise", "household", "individual"])
def test_anyone_else_may_not_borrow(kind):
    result = borrower_kind_allowed(kind=kind)
    assert not result.passed and kind in result.message


@pytest.mark.parametrize("kind", [BorrowerKind.COOPERATIVE_MEMBER, BorrowerKind.GROUP_MEMBER])
def test_a_member_that_is_an_enterprise_may_not_borrow(kind):
    assert not member_not_enterprise(kind=kind, is_enterprise=True).passed
    assert member_not_enterprise(kind=kind, is_enterprise=False).passed


def test_the_enterprise_rule_concerns_members_only():
    assert member_not_enterprise(kind=BorrowerKind.COOPERATIVE, is_enterprise=True).passed


def test_an_individual_may_borrow_on_the_day_they_turn_18():
    result = individual_is_adult(is_individual=True, date_of_birth=date(2007, 6, 16), decided_on=DECIDED_ON)
    assert result.passed


def test_an_individual_one_day_short_of_18_may_not_borrow():
    result = individual_is_adult(is_individual=True, date_of_birth=date(2007, 6, 17), decided_on=DECIDED_ON)
    assert not result.passed
    assert "17/06/2007" in result.message and "16/06/2025" in result.message and "17/06/2025" in result.message


def test_someone_born_on_29_february_comes_of_age_on_28_february():
    born = date(2008, 2, 29)
    assert individual_is_adult(is_individual=True, date_of_birth=born, decided_on=date(2026, 2, 28)).passed
    assert not individual_is_adult(is_individual=True, date_of_birth=born, decided_on=date(2026, 2, 27)).passed


def test_an_individual_without_a_date_of_birth_fails():
    assert not individual_is_adult(is_individual=True, date_of_birth=None, decided_on=DECIDED_ON).passed


def test_age_does_not_apply_to_a_cooperative():
    assert individual_is_adult(is_individual=False, date_of_birth=None, decided_on=DECIDED_ON).passed


def test_a_provincial_fund_lends_only_within_its_province():
    assert borrower_in_province(borrower_province="Lâm Đồng", fund_province="Lâm Đồng").passed
    assert not borrower_in_province(borrower_province="Ninh Bình", fund_province="Lâm Đồng").passed


def test_a_clean_bad_debt_check_before_the_decision_passes():
    assert no_bad_debt(checked_on=DECIDED_ON, has_bad_debt=False, decided_on=DECIDED_ON).passed


def test_a_borrower_with_bad_debt_is_refused():
    result = no_bad_debt(checked_on=date(2025, 6, 2), has_bad_debt=True, decided_on=DECIDED_ON)
    assert not result.passed and "02/06/2025" in result.message


def test_a_missing_bad_debt_check_fails():
    assert not no_bad_debt(checked_on=None, has_bad_debt=None, decided_on=DECIDED_ON).passed


def test_a_bad_debt_check_after_the_decision_does_not_count():
    assert not no_bad_debt(checked_on=date(2025, 6, 17), has_bad_debt=False, decided_on=DECIDED_ON).passed


def test_a_bad_debt_check_older_than_the_setting_is_stale():
    kwargs = dict(has_bad_debt=False, decided_on=DECIDED_ON, max_age_days=30)
    assert no_bad_debt(checked_on=date(2025, 5, 17), **kwargs).passed
    assert not no_bad_debt(checked_on=date(2025, 5, 16), **kwargs).passed


# --- the project -------------------------------------------------------------------------------


def test_the_project_must_be_appraised_as_feasible():
    assert project_appraised_feasible(feasible=True).passed
    assert not project_appraised_feasible(feasible=False).passed
    assert not project_appraised_feasible(feasible=None).passed


def test_the_appraiser_may_not_approve_their_own_appraisal():
    assert appraiser_is_not_approver(appraised_by="nguyen.van.an", approved_by="tran.thi.binh").passed
    assert not appraiser_is_not_approver(appraised_by=7, approved_by=7).passed


def test_own_capital_of_exactly_20_percent_passes():
    assert own_capital_sufficient(own_capital=200_000_000, total_investment=1_000_000_000).passed


def test_own_capital_one_dong_below_20_percent_fails_giving_the_figures():
    result = own_capital_sufficient(own_capital=199_999_999, total_investment=1_000_000_000)
    assert not result.passed
    assert "199.999.999 đ" in result.message and "1.000.000.000 đ" in result.message
    assert "200.000.000 đ" in result.message
    assert result.figures["required"] == 200_000_000


def test_the_least_own_capital_is_rounded_up_to_whole_dong():
    assert own_capital_sufficient(own_capital=3, total_investment=11).passed  # 20% of 11 = 2.2
    result = own_capital_sufficient(own_capital=2, total_investment=11)
    assert not result.passed and result.figures["required"] == 3


def test_the_own_capital_share_is_a_setting():
    assert own_capital_sufficient(own_capital=300, total_investment=1_000, pct=Decimal("0.30")).passed
    assert not own_capital_sufficient(own_capital=299, total_investment=1_000, pct=Decimal("0.30")).passed


# --- the loan within its product ---------------------------------------------------------------


@pytest.mark.parametrize(("amount", "passed"), [(9_999_999, False), (10_000_000, True), (2_000_000_000, True),
                                                (2_000_000_001, False)])
def test_the_amount_must_be_within_the_product_bounds(amount, passed):
    assert amount_within_product(amount=amount, product=PRODUCT).passed is passed


@pytest.mark.parametrize(("term", "passed"), [(2, False), (3, True), (60, True), (61, False)])
def test_the_term_must_be_within_the_product_bounds(term, passed):
    assert term_within_product(term_months=term, product=PRODUCT).passed is passed


def test_a_product_without_a_maximum_takes_any_long_term():
    assert term_within_product(term_months=240, product=ProductBounds()).passed


@pytest.mark.parametrize(("grace", "term", "passed"), [(0, 36, True), (6, 36, True), (7, 36, False),
                                                       (6, 6, False), (-1, 36, False)])
def test_the_grace_period_is_within_the_product_and_shorter_than_the_term(grace, term, passed):
    assert grace_within_product(grace_months=grace, term_months=term, product=PRODUCT).passed is passed


# --- the fund's capital and the concentration limits -------------------------------------------


def test_capital_available_must_cover_the_amount():
    assert capital_available(amount=500_000_000, available_to_lend=500_000_000).passed
    result = capital_available(amount=500_000_001, available_to_lend=500_000_000)
    assert not result.passed and "500.000.001 đ" in result.message and "500.000.000 đ" in result.message


def test_exposure_of_exactly_15_percent_of_actual_charter_capital_passes():
    result = single_customer_limit(outstanding=625_000_000, approved_undisbursed=0, amount=500_000_000,
                                   actual_charter_capital=ACTUAL_CHARTER_CAPITAL)
    assert result.passed
    assert result.figures["exposure"] == result.figures["limit"] == 1_125_000_000


def test_one_dong_over_15_percent_fails_giving_exposure_and_limit():
    result = single_customer_limit(outstanding=625_000_000, approved_undisbursed=1, amount=500_000_000,
                                   actual_charter_capital=ACTUAL_CHARTER_CAPITAL)
    assert not result.passed
    assert "1.125.000.001 đ" in result.message and "1.125.000.000 đ" in result.message
    assert "15%" in result.message and "7.500.000.000 đ" in result.message


def test_approved_but_undisbursed_loans_count_toward_the_limit():
    result = single_customer_limit(outstanding=0, approved_undisbursed=1_000_000_000, amount=200_000_000,
                                   actual_charter_capital=ACTUAL_CHARTER_CAPITAL)
    assert not result.passed and result.figures["exposure"] == 1_200_000_000


def test_group_exposure_of_exactly_25_percent_passes():
    result = related_group_limit(outstanding=1_275_000_000, approved_undisbursed=100_000_000, amount=500_000_000,
                                 actual_charter_capital=ACTUAL_CHARTER_CAPITAL)
    assert result.passed and result.figures["limit"] == 1_875_000_000


def test_one_dong_over_25_percent_fails_giving_exposure_and_limit():
    result = related_group_limit(outstanding=1_275_000_001, approved_undisbursed=100_000_000, amount=500_000_000,
                                 actual_charter_capital=ACTUAL_CHARTER_CAPITAL)
    assert not result.passed
    assert "1.875.000.001 đ" in result.message and "1.875.000.000 đ" in result.message
    assert "25%" in result.message


def test_the_limit_follows_actual_charter_capital_after_losses():
    result = single_customer_limit(outstanding=0, approved_undisbursed=0, amount=1_125_000_000,
                                   actual_charter_capital=ACTUAL_CHARTER_CAPITAL - 100_000_000)
    assert not result.passed and result.figures["limit"] == 1_110_000_000


# --- all of them -------------------------------------------------------------------------------


def test_a_sound_application_passes_every_rule():
    results = check_all(**an_application())
    assert all(r.passed for r in results), [r.message for r in results if not r.passed]
    require_eligible(results)


def test_check_all_names_every_rule_of_the_decree():
    rules = {r.rule for r in check_all(**an_application(borrower_province="Lâm Đồng", fund_province="Lâm Đồng",
                                                        appraised_by="an", approved_by="binh"))}
    assert rules == {"borrower_kind", "member_not_enterprise", "individual_age", "within_province", "no_bad_debt",
                     "appraised_feasible", "separation_of_duties", "own_capital", "product_amount", "product_term",
                     "product_grace", "capital_available", "single_customer_limit", "related_group_limit"}


def test_province_and_separation_are_left_out_when_not_given():
    rules = {r.rule for r in check_all(**an_application())}
    assert "within_province" not in rules and "separation_of_duties" not in rules


def test_require_eligible_refuses_with_every_failure_at_once():
    results = check_all(**an_application(own_capital=100_000_000, has_bad_debt=True, amount=1_000_000_000))
    with pytest.raises(NotEligible) as refused:
        require_eligible(results)
    failed = {f.rule for f in refused.value.failures}
    assert failed == {"own_capital", "no_bad_debt", "single_customer_limit"}
    assert isinstance(refused.value, DomainError) and refused.value.rule == "not_eligible"
    assert [f["rule"] for f in refused.value.figures["failures"]] == [f.rule for f in refused.value.failures]


def test_a_young_member_borrowing_for_the_first_time_is_checked_for_age():
    results = check_all(**an_application(kind=BorrowerKind.COOPERATIVE_MEMBER, is_individual=True,
                                         date_of_birth=date(2007, 6, 17)))
    assert [r.rule for r in results if not r.passed] == ["individual_age"]


def test_rule_results_can_be_shown_as_plain_data():
    result = RuleResult("own_capital", True, "…", {"own_capital": 1})
    assert result.as_dict() == {"rule": "own_capital", "passed": True, "message": "…", "figures": {"own_capital": 1}}


def test_messages_are_vietnamese_first_then_english():
    result = capital_available(amount=1, available_to_lend=0)
    vietnamese, english = result.message.split(" / ")
    assert vietnamese.startswith("Số tiền vay") and english.startswith("The amount")
