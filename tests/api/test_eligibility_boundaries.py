"""Each condition of Decree 45 Art. 20–23 through the API, at its boundary: the exact limit passes,
one đồng (or one day) more fails with a 422 that names the rule and gives both figures."""
from __future__ import annotations

from datetime import date

from tests.builders import (appraised_application, approved_loan, fund_with_capital, make_application,
                            make_borrower, make_group, make_member, make_product)

API = "/api/v1/loan-applications"


def failures(response) -> dict:
    assert response.status_code == 422, response.json
    assert response.content_type == "application/problem+json"
    assert response.json["rule"] == "not_eligible"
    return {f["rule"]: f for f in response.json["figures"]["failures"]}


def submit(officer, application_id):
    return officer.post(f"{API}/{application_id}/submit")


def approve(approver, application_id):
    return approver.post(f"{API}/{application_id}/approve", json={"decision_no": "27/QĐ-QHTX"})


def test_exactly_15_percent_of_actual_charter_capital_passes_and_one_dong_more_fails_with_both_figures(
        app, officer, approver):
    fund_with_capital(app, 7_500_000_000)  # 15% → 1.125.000.000 đ
    product = make_product(app)
    at_limit = make_application(app, borrower_id=make_borrower(app), product_id=product, amount=1_125_000_000)
    over = make_application(app, borrower_id=make_borrower(app, name="Hợp tác xã Cà phê Cầu Đất"),
                            product_id=product, amount=1_125_000_001)

    assert submit(officer, at_limit).status_code == 200
    failed = failures(submit(officer, over))
    assert set(failed) == {"single_customer_limit"}
    figures = failed["single_customer_limit"]["figures"]
    assert figures["exposure"] == 1_125_000_001 and figures["limit"] == 1_125_000_000
    assert figures["actual_charter_capital"] == 7_500_000_000
    problem = submit(officer, over).json["detail"]
    assert "1.125.000.001 đ" in problem and "1.125.000.000 đ" in problem


def test_at_approval_the_borrowers_approved_but_undisbursed_loans_count_toward_15_percent(app, approver):
    fund_with_capital(app, 7_500_000_000)
    coop, product = make_borrower(app), make_product(app)
    # Both were within the limit alone when submitted; the first approval uses 600.000.000 đ of it.
    first = appraised_application(app, borrower_id=coop, product_id=product, amount=600_000_000)
    at_limit = appraised_application(app, borrower_id=coop, product_id=product, amount=525_000_000)
    over = appraised_application(app, borrower_id=coop, product_id=product, amount=525_000_001)
    assert approve(approver, first).status_code == 201

    failed = failures(approve(approver, over))["single_customer_limit"]["figures"]
    assert failed["approved_undisbursed"] == 600_000_000 and failed["exposure"] == 1_125_000_001
    assert approve(approver, at_limit).status_code == 201
    assert approver.get("/api/v1/fund").json["approved_undisbursed"] == 1_125_000_000


def test_a_related_group_may_reach_exactly_25_percent_and_not_one_dong_more(app, officer, approver):
    fund_with_capital(app, 7_500_000_000)  # 25% → 1.875.000.000 đ
    group, product = make_group(app, "Gia đình bà Ka Huê"), make_product(app)
    husband = make_borrower(app, name="Hợp tác xã Dịch vụ Nông nghiệp Đinh Văn", related_group_id=group)
    wife = make_borrower(app, name="Hợp tác xã Dệt thổ cẩm Lâm Hà", related_group_id=group)
    approved_loan(app, borrower_id=husband, product_id=product, amount=1_000_000_000)

    over = make_application(app, borrower_id=wife, product_id=product, amount=875_000_001)
    failed = failures(submit(officer, over))
    assert set(failed) == {"related_group_limit"}
    assert failed["related_group_limit"]["figures"]["exposure"] == 1_875_000_001
    assert failed["related_group_limit"]["figures"]["limit"] == 1_875_000_000
    at_limit = appraised_application(app, borrower_id=wife, product_id=product, amount=875_000_000)
    assert approve(approver, at_limit).status_code == 201


def test_own_capital_of_exactly_20_percent_of_the_investment_passes_and_one_dong_less_fails(app, officer):
    fund_with_capital(app)
    coop, product = make_borrower(app), make_product(app)
    enough = make_application(app, borrower_id=coop, product_id=product, amount=600_000_000,
                              total_investment=1_000_000_000, own_capital=200_000_000)
    short = make_application(app, borrower_id=coop, product_id=product, amount=600_000_000,
                             total_investment=1_000_000_000, own_capital=199_999_999)
    assert submit(officer, enough).status_code == 200
    figures = failures(submit(officer, short))["own_capital"]["figures"]
    assert figures["own_capital"] == 199_999_999 and figures["required"] == 200_000_000


def test_a_member_may_borrow_on_the_18th_birthday_and_not_the_day_before(app, officer):
    fund_with_capital(app)
    coop, product = make_borrower(app), make_product(app)
    adult = make_member(app, member_of=coop, name="K'Thị Mai", date_of_birth=date(2007, 6, 30))
    minor = make_member(app, member_of=coop, name="Ka Nhung", date_of_birth=date(2007, 7, 1))
    assert submit(officer, make_application(app, borrower_id=adult, product_id=product, amount=50_000_000)).status_code == 200
    failed = failures(submit(officer, make_application(app, borrower_id=minor, product_id=product, amount=50_000_000)))
    assert failed["individual_age"]["figures"]["adult_on"] == "2025-07-01"
    assert failed["individual_age"]["figures"]["decided_on"] == "2025-06-30"


def test_every_failed_condition_is_listed_at_once(app, officer):
    fund_with_capital(app, 1_000_000_000)  # 15% → 150.000.000 đ
    product = make_product(app, max_amount=500_000_000, max_term_months=36)
    application_id = make_application(app, borrower_id=make_borrower(app), product_id=product, amount=500_000_000,
                                      total_investment=2_000_000_000, own_capital=100_000_000)
    assert set(failures(submit(officer, application_id))) == {"own_capital", "single_customer_limit",
                                                              "related_group_limit"}


def test_a_member_that_is_an_enterprise_and_a_kind_the_product_excludes_are_refused(app, officer):
    fund_with_capital(app)
    coop = make_borrower(app)
    firm = make_borrower(app, kind="cooperative_member", name="Công ty TNHH Cà phê Minh Tiến", member_of=coop,
                         is_enterprise=True, registration_no="5801234567")
    only_coops = make_product(app, allowed_kinds=["cooperative", "cooperative_union"])
    failed = failures(submit(officer, make_application(app, borrower_id=firm, product_id=only_coops)))
    assert {"member_not_enterprise", "product_borrower_kind"} <= set(failed)


def test_the_amount_term_and_grace_must_fit_the_product(app, officer):
    fund_with_capital(app, 20_000_000_000)
    product = make_product(app, max_amount=300_000_000, min_term_months=6, max_term_months=24, max_grace_months=3)
    coop = make_borrower(app)
    assert submit(officer, make_application(app, borrower_id=coop, product_id=product, amount=300_000_000,
                                            term_months=24, grace_months=3)).status_code == 200
    failed = failures(submit(officer, make_application(app, borrower_id=coop, product_id=product, amount=300_000_001,
                                                       term_months=25, grace_months=4)))
    assert {"product_amount", "product_term", "product_grace"} <= set(failed)


def test_the_fund_cannot_approve_more_than_it_has_available_to_lend(app, officer):
    fund_with_capital(app, 1_000_000_000)
    fund_with_capital(app, 9_000_000_000, source="entrusted")  # lendable, but not charter capital
    product = make_product(app, max_amount=20_000_000_000)
    big = make_application(app, borrower_id=make_borrower(app), product_id=product, amount=10_000_000_001,
                           total_investment=20_000_000_000, own_capital=9_999_999_999)
    failed = failures(submit(officer, big))
    assert failed["capital_available"]["figures"]["available_to_lend"] == 10_000_000_000


def test_approval_needs_a_recorded_clean_bad_debt_check_and_a_favourable_appraisal(app, approver):
    fund_with_capital(app)
    coop, product = make_borrower(app), make_product(app)
    unchecked = appraised_application(app, borrower_id=coop, product_id=product, bad_debt_checked_on=None,
                                      has_bad_debt=None)
    bad = appraised_application(app, borrower_id=coop, product_id=product, has_bad_debt=True)
    unfavourable = appraised_application(app, borrower_id=coop, product_id=product, recommendation="reject")
    assert set(failures(approve(approver, unchecked))) == {"no_bad_debt"}
    assert failures(approve(approver, bad))["no_bad_debt"]["figures"]["has_bad_debt"] is True
    assert set(failures(approve(approver, unfavourable))) == {"appraised_feasible"}
