"""Loan products: validated at their boundaries, versioned, and a change never reaches a loan."""
from __future__ import annotations

import pytest

from tests.builders import approved_loan, fund_with_capital, make_borrower

API = "/api/v1/loan-products"
SEASONAL = {"code": "THOI-VU-12", "name": "Cho vay thời vụ cà phê: lãi hằng tháng, gốc cuối kỳ",
            "annual_rate": "0.065", "method": "equal_principal", "principal_every": 0, "interest_every": 1,
            "min_term_months": 6, "max_term_months": 12, "max_amount": 1_000_000_000, "max_grace_months": 0}


def test_an_admin_creates_a_product_with_the_defaults_of_the_decree(admin, officer):
    created = admin.post(API, json=SEASONAL)
    assert created.status_code == 201, created.json
    product = created.json
    assert product["version"] == 1 and product["current"] is True
    assert product["overdue_rate_factor"] == "1.5" and product["late_interest_rate"] == "0.10"
    assert product["prepayment"] == "shorten_term" and product["current_order"] == "interest_first"
    assert product["working_day_roll"] is True and len(product["allowed_kinds"]) == 4
    assert officer.get(f"{API}/{product['id']}").json["code"] == "THOI-VU-12"
    assert officer.post(API, json={**SEASONAL, "code": "X"}).status_code == 403


@pytest.mark.parametrize("field, passes, fails", [
    ("annual_rate", "0.20", "0.2001"),
    ("annual_rate", "0.0001", "0"),
    ("overdue_rate_factor", "1.5", "1.51"),
    ("overdue_rate_factor", "1", "0.99"),
    ("late_interest_rate", "0.10", "0.1001"),
    ("max_grace_months", 11, 12),  # grace shorter than the longest term
])
def test_each_product_setting_is_accepted_at_its_limit_and_refused_just_past_it(admin, row_counts, field, passes,
                                                                                fails):
    assert admin.post(API, json={**SEASONAL, "code": "OK", field: passes}).status_code == 201
    before = row_counts()
    refused = admin.post(API, json={**SEASONAL, "code": "NO", field: fails})
    assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    assert field in refused.json["errors"], refused.json
    assert row_counts() == before


@pytest.mark.parametrize("change, field", [
    ({"principal_every": 3, "interest_every": 6, "min_term_months": 12}, "interest_every"),  # 6 does not divide 3
    ({"principal_every": 3, "interest_every": 0}, "interest_every"),  # interest at maturity needs principal so
    ({"method": "annuity", "principal_every": 3, "interest_every": 1, "min_term_months": 12}, "method"),
    ({"principal_every": 2}, "principal_every"),  # 1, 3, 6, 12 or 0 only
    ({"principal_every": 12, "min_term_months": 6}, "principal_every"),  # a 6-month loan has no 12-month date
    ({"min_term_months": 13}, "max_term_months"),
    ({"min_term_months": 0}, "min_term_months"),
    ({"max_amount": 0}, "max_amount"),
    ({"allowed_kinds": ["enterprise"]}, "allowed_kinds.0"),
    ({"code": "có dấu"}, "code"),
])
def test_a_product_whose_frequencies_or_bounds_cannot_make_a_schedule_is_refused(admin, change, field):
    refused = admin.post(API, json={**SEASONAL, **change})
    assert refused.status_code == 422 and field in refused.json["errors"], refused.json


def test_annuity_with_equal_quarterly_frequencies_and_a_bullet_product_are_accepted(admin):
    annuity = admin.post(API, json={**SEASONAL, "code": "TRA-GOP-Q", "method": "annuity", "principal_every": 3,
                                    "interest_every": 3, "min_term_months": 12, "max_term_months": 60})
    assert annuity.status_code == 201, annuity.json
    bullet = admin.post(API, json={**SEASONAL, "code": "CUOI-KY", "method": "bullet", "principal_every": 1})
    assert bullet.status_code == 201 and bullet.json["principal_every"] == 0  # all principal at maturity


def test_a_duplicate_code_is_refused(admin):
    assert admin.post(API, json=SEASONAL).status_code == 201
    again = admin.post(API, json={**SEASONAL, "code": "thoi-vu-12"})
    assert again.status_code == 422 and "code" in again.json["errors"]


def test_changing_a_product_makes_a_new_current_version_and_keeps_the_old_one(admin, auditor):
    first = admin.post(API, json=SEASONAL).json
    second = admin.patch(f"{API}/{first['id']}", json={"annual_rate": "0.075"})
    assert second.status_code == 200, second.json
    assert second.json["version"] == 2 and second.json["id"] != first["id"] and second.json["annual_rate"] == "0.075"
    assert second.json["max_term_months"] == 12  # the rest carried over
    old = auditor.get(f"{API}/{first['id']}").json
    assert old["current"] is False and old["annual_rate"] == "0.065"
    assert [p["version"] for p in auditor.get(API).json["items"]] == [2]
    history = auditor.get(API, query_string={"code": "THOI-VU-12", "all_versions": "true"}).json["items"]
    assert [(p["version"], p["current"]) for p in history] == [(1, False), (2, True)]

    stale = admin.patch(f"{API}/{first['id']}", json={"annual_rate": "0.08"})
    assert stale.status_code == 409 and stale.json["figures"]["current_id"] == second.json["id"]
    replaced = admin.put(f"{API}/{second.json['id']}", json={**SEASONAL, "name": "Thời vụ (2026)"})
    assert replaced.status_code == 200 and replaced.json["version"] == 3
    assert admin.put(f"{API}/{second.json['id']}", json={**SEASONAL, "code": "KHAC"}).status_code == 409
    renamed = admin.put(f"{API}/{replaced.json['id']}", json={**SEASONAL, "code": "KHAC"})
    assert renamed.status_code == 422 and "code" in renamed.json["errors"]
    invalid = admin.patch(f"{API}/{replaced.json['id']}", json={"annual_rate": "0.25"})
    assert invalid.status_code == 422 and "annual_rate" in invalid.json["errors"]


def test_editing_a_product_does_not_change_an_approved_loans_terms_and_new_applications_need_the_new_version(
        app, admin, officer):
    fund_with_capital(app)
    product = admin.post(API, json={**SEASONAL, "code": "VLD"}).json
    coop = make_borrower(app)
    loan_id = approved_loan(app, borrower_id=coop, product_id=product["id"], amount=400_000_000, term_months=12)
    newer = admin.patch(f"{API}/{product['id']}", json={"annual_rate": "0.09", "max_term_months": 24}).json

    from fundapp.db.models import Loan

    with app.extensions["fundapp.session_factory"]() as session:
        loan = session.get(Loan, loan_id)
        assert loan.product_id == product["id"] and str(loan.annual_rate) == "0.065" and loan.term_months == 12
    body = {"borrower_id": coop, "product_id": product["id"], "amount": 100_000_000, "term_months": 12,
            "purpose": "Chăm sóc vườn cà phê", "total_investment": 200_000_000, "own_capital": 100_000_000}
    stale = officer.post("/api/v1/loan-applications", json=body)
    assert stale.status_code == 422 and stale.json["figures"]["current_id"] == newer["id"]
    assert officer.post("/api/v1/loan-applications", json={**body, "product_id": newer["id"]}).status_code == 201
