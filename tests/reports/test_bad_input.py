"""Bad input to the reports is 422 naming the field; a future month or year is refused."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("month", ["2025-13", "2025-00", "2025-6", "06-2025", "tháng 6", "2101-01"])
def test_a_malformed_month_is_422_naming_month(officer, month):
    response = officer.get(f"/api/v1/reports/outstanding?month={month}")
    assert response.status_code == 422, response.json
    assert response.content_type == "application/problem+json" and "month" in response.json["errors"]


def test_a_month_that_has_not_begun_is_422_naming_month(app, officer):
    response = officer.get("/api/v1/reports/outstanding?month=2025-07")  # today is 30/06/2025
    assert response.status_code == 422 and "month" in response.json["errors"]
    assert officer.get("/api/v1/reports/outstanding").status_code == 422  # the month is required


def test_an_unknown_format_is_422_naming_format(officer):
    response = officer.get("/api/v1/reports/outstanding?month=2025-06&format=docx")
    assert response.status_code == 422 and "format" in response.json["errors"]


def test_a_future_year_is_refused_for_the_activity_report_and_the_kpis(officer):
    for url in ("/api/v1/reports/lending-activity?year=2026", "/api/v1/reports/kpis?year=2026"):
        response = officer.get(url)
        assert response.status_code == 422 and "year" in response.json["errors"], url


def test_an_empty_fund_reports_zeros_that_still_reconcile(officer):
    data = officer.get("/api/v1/reports/outstanding?month=2025-06").json
    assert data["rows"] == [] and data["totals"]["closing_balance"] == 0 and data["bad_debt"]["ratio"] is None
    for fmt in ("csv", "xlsx", "pdf"):
        assert officer.get(f"/api/v1/reports/outstanding?month=2025-06&format={fmt}").status_code == 200


def test_a_borrower_user_may_not_read_the_funds_reports(app, as_role):
    from tests.builders import make_borrower

    borrower = as_role("borrower", borrower_id=make_borrower(app))
    for url in ("/api/v1/reports/outstanding?month=2025-06", "/api/v1/reports/lending-activity?year=2025",
                "/api/v1/reports/kpis?year=2025"):
        assert borrower.get(url).status_code == 403, url
