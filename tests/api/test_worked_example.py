"""domain.md §5, the worked example, to the đồng and end to end through the API: HTX Nông nghiệp Tân
Phú borrows 120,000,000 đ for 12 months at 7%, equal principal, disbursed 10/01/2025; nothing is
paid on 10/02; 20,000,000 đ is paid on 20/02/2025."""
from __future__ import annotations

import pytest

API = "/api/v1"


@pytest.fixture
def tan_phu_loan(app, admin, as_role, approver, accountant):
    """The loan, from capital to approval, through the API as officers would do it on 06/01/2025."""
    officer, appraiser = as_role("officer", "a"), as_role("officer", "b")
    app.config["FUNDAPP_TODAY"] = "2025-01-06"
    assert accountant.post(f"{API}/fund/capital-contributions", json={
        "amount": 7_500_000_000, "value_date": "2025-01-02", "decision_no": "15/QĐ-UBND",
        "source": "provincial_budget"}).status_code == 201
    product = admin.post(f"{API}/loan-products", json={
        "code": "SXNN-12", "name": "Cho vay sản xuất nông nghiệp", "annual_rate": "0.07", "method": "equal_principal",
        "principal_every": 1, "interest_every": 1, "min_term_months": 1, "max_term_months": 36,
        "max_amount": 1_000_000_000})
    assert product.status_code == 201, product.json
    borrower = officer.post(f"{API}/borrowers", json={
        "kind": "cooperative", "name": "Hợp tác xã Nông nghiệp Tân Phú", "commune": "xã Tân Phú",
        "sector": "agriculture", "registration_no": "5807000123", "tax_code": "5800123456"})
    assert borrower.status_code == 201, borrower.json
    application = officer.post(f"{API}/loan-applications", json={
        "borrower_id": borrower.json["id"], "product_id": product.json["id"], "amount": 120_000_000,
        "term_months": 12, "grace_months": 0, "purpose": "Mua phân bón và cây giống cà phê",
        "total_investment": 200_000_000, "own_capital": 80_000_000})
    assert application.status_code == 201, application.json
    application_id = application.json["id"]
    assert officer.post(f"{API}/loan-applications/{application_id}/submit").status_code == 200
    appraised = appraiser.post(f"{API}/loan-applications/{application_id}/appraise", json={
        "recommendation": "approve", "bad_debt_checked_on": "2025-01-06", "has_bad_debt": False})
    assert appraised.status_code == 200, appraised.json
    approved = approver.post(f"{API}/loan-applications/{application_id}/approve", json={"decision_no": "07/QĐ-QHTX"})
    assert approved.status_code == 201, approved.json
    return approved.json["loan_id"]


def test_the_worked_example_to_the_dong_through_the_api(app, tan_phu_loan, accountant, auditor):
    loan = f"{API}/loans/{tan_phu_loan}"
    app.config["FUNDAPP_TODAY"] = "2025-01-10"
    disbursed = accountant.post(f"{loan}/disbursements", json={"amount": 120_000_000, "value_date": "2025-01-10",
                                                                "reference": "UNC-0001"})
    assert disbursed.status_code == 201, disbursed.json
    assert disbursed.json["maturity_date"] == "2026-01-12"  # 10/01/2026 is a Saturday

    app.config["FUNDAPP_TODAY"] = "2025-02-20"
    before = auditor.get(f"{loan}/balance", query_string={"as_of": "2025-02-20"}).json
    assert (before["principal_overdue"], before["interest_overdue"]) == (10_000_000, 713_425)
    assert before["penalty_interest"] == 28_767  # 10,000,000 × 10.5% × 10/365
    assert before["late_interest"] == 1_955  # 713,425 × 10% × 10/365
    assert (before["days_past_due"], before["debt_group"]) == (10, 2)

    paid = accountant.post(f"{loan}/repayments", json={"amount": 20_000_000, "value_date": "2025-02-20",
                                                        "reference": "PT-0042"})
    assert paid.status_code == 201, paid.json
    parts = paid.json
    assert (parts["principal_overdue"], parts["interest_overdue"], parts["penalty_interest"],
            parts["late_interest"]) == (10_000_000, 713_425, 28_767, 1_955)  # 10,744,147 in all
    assert parts["advance"] == 9_255_853  # less than March's 10,000,000 + 590,685: all held
    assert parts["principal_prepaid"] == parts["interest_due_today"] == parts["principal_due_today"] == 0
    assert sum(parts[k] for k in ("principal_overdue", "interest_overdue", "penalty_interest", "late_interest",
                                  "interest_due_today", "principal_due_today", "interest_accrued", "advance",
                                  "principal_prepaid")) == 20_000_000

    after = auditor.get(f"{loan}/balance", query_string={"as_of": "2025-02-20"}).json
    assert after["payoff_amount"] == 100_955_106  # 110,000,000 + 210,959 − 9,255,853
    assert after["interest_accrued"] == 210_959 and after["advance"] == 9_255_853
    assert (after["days_past_due"], after["debt_group"]) == (0, 1)
    quote = auditor.get(f"{loan}/payoff-quote", query_string={"on": "2025-02-20"}).json
    assert quote["payoff_amount"] == 100_955_106
    assert quote["payoff_amount_in_words"].startswith("Một trăm triệu")

    app.config["FUNDAPP_TODAY"] = "2025-03-10"
    march = auditor.get(f"{loan}/balance", query_string={"as_of": "2025-03-10"}).json
    assert march["principal_due_today"] == 1_334_832  # the advance paid 590,685 + 8,665,168
    assert march["interest_due_today"] == 0 and march["advance"] == 0
    schedule = auditor.get(f"{loan}/schedule").json["installments"]
    assert (schedule[1]["interest"], schedule[1]["paid_interest"], schedule[1]["paid_principal"]) == (
        590_685, 590_685, 8_665_168)
    assert schedule[1]["status"] == "partly_paid" and schedule[0]["status"] == "paid"


def test_the_fund_shows_the_loan_as_lent_and_the_ledger_holds_its_position(app, tan_phu_loan, accountant, auditor):
    app.config["FUNDAPP_TODAY"] = "2025-02-20"
    accountant.post(f"{API}/loans/{tan_phu_loan}/disbursements", json={"amount": 120_000_000,
                                                                        "value_date": "2025-01-10"})
    accountant.post(f"{API}/loans/{tan_phu_loan}/repayments", json={"amount": 20_000_000, "value_date": "2025-02-20"})
    fund = auditor.get(f"{API}/fund").json
    assert fund["outstanding_principal"] == 110_000_000
    assert fund["available_to_lend"] == 7_500_000_000 - 110_000_000
    loan = auditor.get(f"{API}/loans/{tan_phu_loan}").json
    assert (loan["status"], loan["principal_outstanding"], loan["debt_group"]) == ("active", 110_000_000, 1)
