"""Settings through the pages: products (an admin creates one, and an edit is a new version that
loans already made keep away from), the holiday table (kept by officers, as the API and domain.md
§4 say), and a read-only view of the settings in config. Each form with bad input shows the error
next to its field and saves nothing; what a role may not change is neither shown nor allowed."""
from __future__ import annotations

import re

from decimal import Decimal

import pytest

from tests.builders import make_borrower, make_product
from tests.web.test_forms import field_error

PRODUCT = {"code": "NN-2025", "name": "Cho vay sản xuất nông nghiệp", "annual_rate": "7,5",
           "overdue_rate_factor": "150", "late_interest_rate": "10", "method": "equal_principal",
           "principal_every": "1", "interest_every": "1", "min_term_months": "1", "max_term_months": "60",
           "max_amount": "2.000.000.000", "max_grace_months": "6", "prepayment": "shorten_term",
           "current_order": "interest_first", "working_day_roll": "y",
           "allowed_kinds": ["cooperative", "cooperative_union"]}


def test_an_admin_creates_a_product_and_an_edit_makes_a_new_version(signed_in, as_role):
    admin = signed_in("admin")
    form = admin.get("/settings/products/new")
    assert form.status_code == 200 and 'value="150"' in form.text  # the defaults: 150% of the contractual rate
    created = admin.post("/settings/products/new", PRODUCT)
    assert created.status_code == 303, created.text
    api = as_role("auditor")
    product = api.get("/api/v1/loan-products?code=NN-2025").json["items"][0]
    assert (product["annual_rate"], product["max_amount"], product["version"]) == ("0.075", 2_000_000_000, 1)
    assert Decimal(product["overdue_rate_factor"]) == Decimal("1.5")
    assert product["allowed_kinds"] == ["cooperative", "cooperative_union"]
    listing = admin.get("/settings/products")
    assert "NN-2025" in listing.text and "7,5%" in listing.text

    edit = admin.get(f"/settings/products/{product['id']}/edit")
    assert edit.status_code == 200 and 'value="7,5"' in edit.text and 'name="code"' not in edit.text
    changed = admin.post(f"/settings/products/{product['id']}/edit", {**PRODUCT, "annual_rate": "8"})
    assert changed.status_code == 303
    versions = api.get("/api/v1/loan-products?code=NN-2025&all_versions=true").json["items"]
    assert [(v["version"], v["annual_rate"], v["current"]) for v in versions] == [
        (1, "0.075", False), (2, "0.08", True)]
    old = admin.post(f"/settings/products/{product['id']}/edit", {**PRODUCT, "annual_rate": "9"})
    assert old.status_code == 422 and "đã được thay bằng phiên bản 2" in old.text


@pytest.mark.parametrize("changes, field, message", [
    ({"annual_rate": "25"}, "annual_rate", "không quá 20%/năm"),
    ({"annual_rate": "bảy"}, "annual_rate", "Tỷ lệ không hợp lệ"),
    ({"overdue_rate_factor": "200"}, "overdue_rate_factor", "từ 100% đến 150%"),
    ({"max_amount": "2 tỷ"}, "max_amount", "Số tiền không hợp lệ"),
    ({"code": "NN 2025"}, "code", "Chỉ dùng chữ không dấu"),
    ({"min_term_months": "24", "max_term_months": "12"}, "max_term_months", "tối thiểu không quá tối đa"),
    ({"allowed_kinds": []}, "allowed_kinds", "Cần ít nhất một loại khách hàng"),
])
def test_a_bad_product_shows_the_error_next_to_its_field_and_saves_nothing(signed_in, row_counts, changes, field,
                                                                           message):
    admin = signed_in("admin")
    before = row_counts()
    response = admin.post("/settings/products/new", {**PRODUCT, **changes})
    assert response.status_code == 422
    assert message in field_error(response.text, field)
    assert row_counts() == before


def test_products_are_the_admins_to_change(app, signed_in, row_counts):
    product = make_product(app)
    for role in ("officer", "approver", "accountant", "auditor"):
        page = signed_in(role).get("/settings/products")
        assert page.status_code == 200, role
        assert "/settings/products/new" not in page.text and "/edit" not in page.text, role
        before = row_counts()
        assert signed_in(role).post("/settings/products/new", PRODUCT).status_code == 403, role
        assert signed_in(role).get(f"/settings/products/{product}/edit").status_code == 403, role
        assert row_counts() == before
    assert "/settings/products/new" in signed_in("admin").get("/settings/products").text


def test_an_officer_keeps_the_holiday_table(signed_in, as_role):
    officer = signed_in("officer")
    added = officer.post("/settings/holidays", {"day": "02/09/2025", "name": "Quốc khánh", "kind": "holiday"})
    assert added.status_code == 303
    page = officer.get("/settings/holidays?year=2025")
    assert "Quốc khánh" in page.text and 'data-day="2025-09-02"' in page.text
    assert [d["day"] for d in as_role("auditor").get("/api/v1/holidays?year=2025").json["items"]] == ["2025-09-02"]

    removed = officer.post("/settings/holidays/2025-09-02/remove")
    assert removed.status_code == 303
    assert as_role("auditor").get("/api/v1/holidays?year=2025").json["items"] == []
    assert officer.post("/settings/holidays/2025-09-03/remove").status_code == 404

    filled = officer.post("/settings/holidays/fill", {"year": "2026"})
    assert filled.status_code == 303
    days = as_role("auditor").get("/api/v1/holidays?year=2026&per_page=100").json["items"]
    assert {"2026-01-01", "2026-04-30", "2026-05-01", "2026-09-02"} <= {d["day"] for d in days}
    assert "Tết" in officer.get("/settings/holidays?year=2026").text


@pytest.mark.parametrize("url, data, field, message", [
    ("/settings/holidays", {"day": "30/02/2025", "name": "Nghỉ", "kind": "holiday"}, "day", "Ngày không hợp lệ"),
    ("/settings/holidays", {"day": "", "name": "Nghỉ", "kind": "holiday"}, "day", "Cần nhập mục này"),
    ("/settings/holidays", {"day": "01/09/2025", "name": "", "kind": "holiday"}, "name", "Cần nhập mục này"),
    ("/settings/holidays", {"day": "03/09/2025", "name": "Làm bù", "kind": "weekend_workday"}, "day",
     "thứ Bảy hoặc Chủ nhật"),
    ("/settings/holidays/fill", {"year": "1999"}, "year", "Năm từ 2000 đến 2100"),
    ("/settings/holidays/fill", {"year": "năm nay"}, "year", ""),
])
def test_a_bad_holiday_shows_the_error_next_to_its_field_and_saves_nothing(signed_in, row_counts, url, data, field,
                                                                           message):
    officer = signed_in("officer")
    before = row_counts()
    response = officer.post(url, data)
    assert response.status_code == 422
    assert message in field_error(response.text, field)
    assert row_counts() == before


def test_a_day_already_in_the_table_is_refused_next_to_the_day(signed_in, row_counts):
    officer = signed_in("officer")
    officer.post("/settings/holidays", {"day": "02/09/2025", "name": "Quốc khánh", "kind": "holiday"})
    before = row_counts()
    response = officer.post("/settings/holidays", {"day": "02/09/2025", "name": "Trùng", "kind": "holiday"})
    assert response.status_code == 422 and "đã có trong lịch" in field_error(response.text, "day")
    assert row_counts() == before


def test_the_holiday_table_is_refused_to_roles_that_do_not_keep_it(signed_in, row_counts):
    for role in ("approver", "accountant", "auditor"):
        page = signed_in(role).get("/settings/holidays")
        assert page.status_code == 200 and 'action="/settings/holidays"' not in page.text, role
        before = row_counts()
        assert signed_in(role).post("/settings/holidays", {"day": "02/09/2025", "name": "Quốc khánh",
                                                           "kind": "holiday"}).status_code == 403, role
        assert signed_in(role).post("/settings/holidays/fill", {"year": "2025"}).status_code == 403, role
        assert row_counts() == before
    assert 'action="/settings/holidays"' in signed_in("admin").get("/settings/holidays").text


def test_the_settings_in_config_are_shown_read_only_to_staff(app, signed_in):
    page = signed_in("auditor").get("/settings")
    assert page.status_code == 200
    main = page.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert "config/__init__.py" in main and "<form" not in main
    assert 'data-setting="SINGLE_BORROWER_LIMIT">15%' in page.text
    assert 'data-setting="RELATED_GROUP_LIMIT">25%' in page.text
    assert 'data-setting="NOTICE_REMINDER_DAYS">7 ngày' in page.text
    assert 'data-setting="NOTICE_OVERDUE_DAYS">1, 10, 30' in page.text
    table = page.text.split('data-testid="debt-group-table"', 1)[1].split("</table>", 1)[0]
    assert "từ 10 đến 90 ngày" in table and "từ 361 ngày" in table
    assert "Không giới hạn theo số tiền" in page.text
    app.config["APPROVAL_LIMITS"] = {"approver": 500_000_000}
    try:
        limits = signed_in("auditor").get("/settings").text.split('data-testid="approval-limits"', 1)[1]
        assert "Người phê duyệt" in limits.split("</table>")[0] and "500.000.000 đ" in limits.split("</table>")[0]
    finally:
        app.config["APPROVAL_LIMITS"] = {}
    cooperative = signed_in("borrower", borrower_id=make_borrower(app))
    for url in ("/settings", "/settings/products", "/settings/holidays"):
        assert cooperative.get(url).status_code == 403, url


def error_of(html: str, name: str) -> str:
    found = re.search(rf'data-field-error="{name}">([^<]*)<', html)
    return found.group(1) if found else ""


RULES_FORM = {"effective_from": "01/07/2025", "decision_no": "05/QĐ-HĐQL", "group_2_from": "5", "group_3_from": "60",
              "group_4_from": "120", "group_5_from": "240", "cure_months_long": "6", "cure_months_short": "2",
              "short_term_max_months": "12", "specific_1": "0", "specific_2": "10", "specific_3": "30",
              "specific_4": "60", "specific_5": "100", "general_rate": "1", "deductible_deposit": "100",
              "deductible_land_buildings": "40", "deductible_machinery_vehicles": "20", "deductible_other": "0"}


def test_an_admin_adopts_the_debt_group_table_from_a_later_day_and_a_mistake_is_shown_by_its_box(
        signed_in, row_counts):
    admin = signed_in("admin")
    page = admin.get("/settings/rules")
    assert page.status_code == 200 and 'action="/settings/rules"' in page.text
    assert re.search(r'name="group_2_from"[^>]*value="10"', page.text)  # filled with the rules in force
    before = row_counts()
    refused = admin.post("/settings/rules", {**RULES_FORM, "group_3_from": "4"})
    assert refused.status_code == 422
    assert "tăng dần" in error_of(refused.text, "group_2_from")  # by the first box of the thresholds
    assert row_counts() == before
    backwards = admin.post("/settings/rules", {**RULES_FORM, "effective_from": "30/06/2025"})  # today
    assert backwards.status_code == 422 and "không áp dụng hồi tố" in error_of(backwards.text, "effective_from")
    falling = admin.post("/settings/rules", {**RULES_FORM, "specific_3": "5"})
    assert falling.status_code == 422 and "không được giảm" in error_of(falling.text, "specific_1")
    assert row_counts() == before

    adopted = admin.post("/settings/rules", RULES_FORM)
    assert adopted.status_code == 303
    versions = admin.get("/settings/rules").text.split('data-testid="rules-versions"', 1)[1].split("</table>", 1)[0]
    assert "01/07/2025" in versions and "05/QĐ-HĐQL" in versions and "5, 60, 120, 240" in versions
    in_force = signed_in("auditor").get("/settings").text.split('data-testid="debt-group-table"', 1)[1]
    assert "từ 10 đến 90 ngày" in in_force.split("</table>", 1)[0]  # today is before 01/07/2025

    withdraw = re.search(r'action="(/settings/rules/\d+/withdraw)"', admin.get("/settings/rules").text).group(1)
    assert 'action="/settings/rules/' not in signed_in("auditor").get("/settings/rules").text.replace(
        'action="/settings/rules"', "")  # no withdraw button for others
    assert admin.post(withdraw, {}).status_code == 303
    assert "05/QĐ-HĐQL" not in admin.get("/settings/rules").text.split('data-testid="rules-versions"', 1)[1]


def test_only_an_admin_is_offered_the_rules_form_and_others_are_refused(signed_in, row_counts):
    for role in ("officer", "approver", "accountant", "auditor"):
        page = signed_in(role).get("/settings/rules")
        assert page.status_code == 200 and 'action="/settings/rules"' not in page.text, role
        before = row_counts()
        assert signed_in(role).post("/settings/rules", RULES_FORM).status_code == 403, role
        assert row_counts() == before
