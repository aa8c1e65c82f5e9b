"""Who may decide (Circular 39/2016 Art. 17.2, approval authority by amount) and what a borrower
user may see and do (its own borrower and applications only; anything else is 404)."""
from __future__ import annotations

from tests.builders import appraised_application, fund_with_capital, make_application, make_borrower, make_product

API = "/api/v1/loan-applications"


def test_the_approver_who_created_the_application_may_not_approve_or_reject_it(app, as_role, row_counts):
    fund_with_capital(app)
    creator = as_role("admin", "lap-ho-so")  # admin has officer and approver rights: only the rule stops it
    application_id = appraised_application(app, borrower_id=make_borrower(app), product_id=make_product(app),
                                           created_by=creator.user_id)
    before = row_counts()
    response = creator.post(f"{API}/{application_id}/approve", json={"decision_no": "5/QĐ"})
    assert response.status_code == 403 and response.content_type == "application/problem+json"
    assert response.json["rule"] == "separation_of_duties" and response.json["figures"]["reason"] == "created_by"
    assert "lập hồ sơ" in response.json["detail"] and "created" in response.json["detail"]
    assert creator.post(f"{API}/{application_id}/reject", json={"reason": "x"}).status_code == 403
    assert row_counts() == before


def test_the_user_who_appraised_the_application_may_not_approve_it(app, as_role):
    fund_with_capital(app)
    appraiser = as_role("admin", "tham-dinh")
    application_id = appraised_application(app, borrower_id=make_borrower(app), product_id=make_product(app),
                                           appraised_by=appraiser.user_id)
    response = appraiser.post(f"{API}/{application_id}/approve", json={"decision_no": "6/QĐ"})
    assert response.status_code == 403 and response.json["figures"]["reason"] == "appraised_by"
    assert "thẩm định" in response.json["detail"]


def test_an_approver_may_not_approve_above_the_authority_set_for_the_role(app, approver, admin):
    app.config["APPROVAL_LIMITS"] = {"approver": 500_000_000}
    try:
        fund_with_capital(app)
        coop, product = make_borrower(app), make_product(app)
        within = appraised_application(app, borrower_id=coop, product_id=product, amount=500_000_000)
        above = appraised_application(app, borrower_id=coop, product_id=product, amount=500_000_001)
        refused = approver.post(f"{API}/{above}/approve", json={"decision_no": "7/QĐ"})
        assert refused.status_code == 403 and refused.json["rule"] == "approval_authority"
        assert refused.json["figures"] == {"amount": 500_000_001, "limit": 500_000_000, "role": "approver"}
        assert approver.post(f"{API}/{within}/approve", json={"decision_no": "8/QĐ"}).status_code == 201
        assert admin.post(f"{API}/{above}/approve", json={"decision_no": "9/QĐ"}).status_code == 201  # no limit set
    finally:
        app.config["APPROVAL_LIMITS"] = {}


def test_an_officer_or_a_borrower_user_cannot_approve_at_all(app, officer, as_role):
    fund_with_capital(app)
    coop = make_borrower(app)
    application_id = appraised_application(app, borrower_id=coop, product_id=make_product(app))
    assert officer.post(f"{API}/{application_id}/approve", json={"decision_no": "1/QĐ"}).status_code == 403
    portal = as_role("borrower", borrower_id=coop)
    assert portal.post(f"{API}/{application_id}/approve", json={"decision_no": "1/QĐ"}).status_code == 403
    assert portal.post(f"{API}/{application_id}/appraise", json={"recommendation": "approve"}).status_code == 403


def test_a_borrower_user_creates_submits_and_withdraws_its_own_application(app, as_role):
    fund_with_capital(app)
    coop, product = make_borrower(app), make_product(app)
    portal = as_role("borrower", borrower_id=coop)
    body = {"borrower_id": coop, "product_id": product, "amount": 300_000_000, "term_months": 12,
            "purpose": "Mua phân bón và cây giống mắc ca", "total_investment": 500_000_000, "own_capital": 200_000_000}
    created = portal.post(API, json=body)
    assert created.status_code == 201 and created.json["created_by"] == portal.user_id
    application_id = created.json["id"]
    assert portal.get(f"{API}/{application_id}/schedule").status_code == 200
    assert portal.post(f"{API}/{application_id}/submit").json["status"] == "submitted"
    assert portal.post(f"{API}/{application_id}/withdraw", json={}).json["status"] == "withdrawn"
    assert portal.get(API).json["total"] == 1
    assert portal.get(f"/api/v1/borrowers/{coop}").json["name"] == "Hợp tác xã Nông nghiệp Cà phê Di Linh"


def test_a_borrower_user_gets_404_for_any_other_borrowers_records(app, as_role, row_counts):
    fund_with_capital(app)
    product = make_product(app)
    mine, theirs = make_borrower(app), make_borrower(app, name="Hợp tác xã Hoa Vạn Thành", commune="phường Lâm Viên - Đà Lạt")
    their_application = make_application(app, borrower_id=theirs, product_id=product)
    portal = as_role("borrower", borrower_id=mine)
    before = row_counts()
    for url in (f"/api/v1/borrowers/{theirs}", f"{API}/{their_application}", f"{API}/{their_application}/schedule",
                f"{API}/{their_application}/eligibility", f"{API}/{their_application}/documents",
                "/api/v1/borrowers/999999"):
        response = portal.get(url)
        assert response.status_code == 404, url
        assert response.content_type == "application/problem+json"
    # the same 404 whether the id exists or not: nothing tells the ids apart
    assert portal.get(f"/api/v1/borrowers/{theirs}").json["detail"].replace(str(theirs), "N") == \
        portal.get("/api/v1/borrowers/999999").json["detail"].replace("999999", "N")
    assert portal.post(f"{API}/{their_application}/withdraw").status_code == 404
    assert portal.post(f"{API}/{their_application}/submit").status_code == 404
    body = {"borrower_id": theirs, "product_id": product, "amount": 100_000_000, "term_months": 12,
            "purpose": "Vay hộ", "total_investment": 200_000_000, "own_capital": 100_000_000}
    assert portal.post(API, json=body).status_code == 404
    assert portal.get("/api/v1/borrowers").json["total"] == 1
    assert portal.get(API, query_string={"borrower_id": theirs}).json["total"] == 0
    assert row_counts() == before
