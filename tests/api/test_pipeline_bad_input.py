"""Bad input on every endpoint of borrowers, products, holidays, previews and applications: a 422
problem naming the field, and every table exactly as it was."""
from __future__ import annotations

import pytest

from tests.builders import appraised_application, fund_with_capital, make_application, make_borrower, make_product

GOOD_APPLICATION = {"amount": 300_000_000, "term_months": 12, "purpose": "Mua máy sấy",
                    "total_investment": 600_000_000, "own_capital": 300_000_000}


@pytest.fixture
def world(app):
    fund_with_capital(app)
    coop, product = make_borrower(app), make_product(app)
    return {"coop": coop, "product": product,
            "draft": make_application(app, borrower_id=coop, product_id=product),
            "appraised": appraised_application(app, borrower_id=coop, product_id=product)}


CASES = [
    # (who, method, url, body, field)
    ("officer", "post", "/api/v1/borrowers", {"kind": "cooperative", "name": "", "commune": "xã Di Linh"}, "name"),
    ("officer", "post", "/api/v1/borrowers", {"kind": "cooperative", "name": "HTX", "commune": "xã\x00"}, "commune"),
    ("officer", "post", "/api/v1/borrowers", {"kind": "cooperative", "name": "HTX", "commune": "x", "sector": "mining"},
     "sector"),
    ("officer", "post", "/api/v1/borrowers", {"kind": "cooperative", "name": "HTX", "commune": "x",
                                              "tax_code": "12345"}, "tax_code"),
    ("officer", "post", "/api/v1/borrowers", {"kind": "cooperative", "name": "HTX", "commune": "x",
                                              "founded_on": "2030-01-01"}, "founded_on"),
    ("officer", "post", "/api/v1/borrowers", {"kind": "cooperative", "name": "HTX", "commune": "x",
                                              "citizen_id": "068085001234"}, "citizen_id"),
    ("officer", "patch", "/api/v1/borrowers/{coop}", {"member_count": -1}, "member_count"),
    ("officer", "patch", "/api/v1/borrowers/{coop}", {"email": "not-an-email"}, "email"),
    ("officer", "post", "/api/v1/related-groups", {"name": "x" * 201}, "name"),
    ("admin", "post", "/api/v1/loan-products", {"code": "A"}, "name"),
    ("admin", "patch", "/api/v1/loan-products/{product}", {"annual_rate": 0.07}, "annual_rate"),
    ("admin", "patch", "/api/v1/loan-products/{product}", {"max_grace_months": 60}, "max_grace_months"),
    ("admin", "put", "/api/v1/loan-products/{product}", {"name": "thiếu trường"}, "code"),
    ("officer", "post", "/api/v1/holidays", {"day": "2025-02-30", "name": "x"}, "day"),
    ("officer", "post", "/api/v1/holidays", {"day": "2025-09-02"}, "name"),
    ("officer", "post", "/api/v1/holidays/fill", {"year": 1999}, "year"),
    ("officer", "post", "/api/v1/schedule-preview", {"amount": 100_000_000, "annual_rate": "0.07"}, "term_months"),
    ("officer", "post", "/api/v1/schedule-preview", {"amount": -1, "annual_rate": "0.07", "term_months": 12}, "amount"),
    ("officer", "post", "/api/v1/loan-applications", {**GOOD_APPLICATION, "product_id": "{product}"}, "borrower_id"),
    ("officer", "post", "/api/v1/loan-applications",
     {**GOOD_APPLICATION, "borrower_id": 99999, "product_id": "{product}"}, "borrower_id"),
    ("officer", "post", "/api/v1/loan-applications",
     {**GOOD_APPLICATION, "borrower_id": "{coop}", "product_id": 99999}, "product_id"),
    ("officer", "post", "/api/v1/loan-applications",
     {**GOOD_APPLICATION, "borrower_id": "{coop}", "product_id": "{product}", "own_capital": 700_000_000},
     "own_capital"),
    ("officer", "post", "/api/v1/loan-applications",
     {**GOOD_APPLICATION, "borrower_id": "{coop}", "product_id": "{product}", "grace_months": 12}, "grace_months"),
    ("officer", "patch", "/api/v1/loan-applications/{draft}", {"amount": 0}, "amount"),
    ("officer", "patch", "/api/v1/loan-applications/{draft}", {"purpose": ""}, "purpose"),
    ("officer", "post", "/api/v1/loan-applications/{draft}/withdraw", {"reason": 5}, "reason"),
    ("approver", "post", "/api/v1/loan-applications/{appraised}/approve", {}, "decision_no"),
    ("approver", "post", "/api/v1/loan-applications/{appraised}/reject", {"reason": ""}, "reason"),
    ("officer", "get", "/api/v1/loan-applications?status=approvedd", None, "status"),
    ("officer", "get", "/api/v1/borrowers?per_page=0", None, "per_page"),
]


@pytest.mark.parametrize("who, method, url, body, field", CASES, ids=[f"{c[2]} {c[4]}" for c in CASES])
def test_bad_input_is_a_problem_naming_the_field_and_changes_nothing(as_role, world, row_counts, who, method, url,
                                                                     body, field):
    caller = as_role(who)
    url = url.format(**world)
    if body is not None:
        body = {k: (world[v[1:-1]] if isinstance(v, str) and v.startswith("{") and v[1:-1] in world else v)
                for k, v in body.items()}
    before = row_counts()
    response = getattr(caller, method)(url, json=body) if body is not None else caller.get(url)
    assert response.status_code == 422, response.json
    assert response.content_type == "application/problem+json"
    assert field in response.json["errors"], response.json
    assert row_counts() == before


@pytest.mark.parametrize("body, field", [
    ({"recommendation": "maybe"}, "recommendation"),
    ({"recommendation": "approve", "amount": 700_000_000}, "amount"),  # more than applied for
    ({"recommendation": "approve", "bad_debt_checked_on": "2025-07-01", "has_bad_debt": False}, "bad_debt_checked_on"),
    ({"recommendation": "approve", "bad_debt_checked_on": "2025-06-01"}, "has_bad_debt"),
    ({"recommendation": "approve", "term_months": 0}, "term_months"),
    ({"recommendation": "approve", "grace_months": 24, "term_months": 24}, "grace_months"),
    ({"recommendation": "approve", "collateral": [{"kind": "gold", "description": "Vàng", "value": 1}]},
     "collateral.0.kind"),
    ({"recommendation": "approve", "collateral": [{"kind": "deposit", "description": "Sổ tiết kiệm"}]},
     "collateral.0.value"),
])
def test_a_bad_appraisal_names_the_field_and_leaves_the_application_submitted(app, officer, row_counts, body, field):
    fund_with_capital(app)
    coop, product = make_borrower(app), make_product(app)
    application_id = make_application(app, borrower_id=coop, product_id=product, amount=600_000_000)
    assert officer.post(f"/api/v1/loan-applications/{application_id}/submit").status_code == 200
    before = row_counts()
    response = officer.post(f"/api/v1/loan-applications/{application_id}/appraise", json=body)
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert row_counts() == before
    assert officer.get(f"/api/v1/loan-applications/{application_id}").json["status"] == "submitted"


def test_a_failed_submission_leaves_the_draft_as_it_was(app, officer, row_counts):
    fund_with_capital(app, 1_000_000_000)
    application_id = make_application(app, borrower_id=make_borrower(app), product_id=make_product(app),
                                      amount=1_000_000_000)
    before = row_counts()
    assert officer.post(f"/api/v1/loan-applications/{application_id}/submit").status_code == 422
    assert row_counts() == before
    assert officer.get(f"/api/v1/loan-applications/{application_id}").json["status"] == "draft"


def test_ids_beyond_the_database_integer_are_simply_not_found(officer):
    for url in ("/api/v1/borrowers/99999999999", "/api/v1/loan-applications/2147483648",
                "/api/v1/loan-products/0", "/api/v1/related-groups/-1"):
        assert officer.get(url).status_code == 404, url
