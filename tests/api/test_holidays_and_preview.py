"""The holiday table and the schedule preview: domain.md §3 example 2 through the API, to the đồng."""
from __future__ import annotations

from datetime import date

import pytest

from fundapp.db.session import transaction
from fundapp.domain import reporting
from fundapp.services.holidays import working_calendar

PREVIEW = "/api/v1/schedule-preview"
EXAMPLE_2 = {"amount": 120_000_000, "annual_rate": "0.07", "term_months": 12, "method": "equal_principal",
             "principal_every": 1, "interest_every": 1, "disbursed_on": "2025-01-10"}


def test_the_worked_example_with_the_working_day_roll_totals_4_541_371_dong(officer):
    response = officer.post(PREVIEW, json=EXAMPLE_2)
    assert response.status_code == 200, response.json
    schedule = response.json
    rows = schedule["installments"]
    assert [r["interest"] for r in rows[:5]] == [713_425, 590_685, 594_521, 552_329, 444_932]
    assert rows[3]["due_date"] == "2025-05-12" and rows[3]["nominal_date"] == "2025-05-10"  # Saturday → Monday
    assert all(r["principal"] == 10_000_000 for r in rows)
    assert schedule["total_interest"] == 4_541_371 and schedule["total_principal"] == 120_000_000
    assert schedule["maturity_date"] == "2026-01-12" and rows[-1]["balance_after"] == 0
    assert schedule["term_class"] == "short"


@pytest.mark.parametrize(("term_months", "term_class"), [(12, "short"), (13, "medium"), (60, "medium"), (61, "long")])
def test_the_preview_classes_the_term_as_the_reports_do_at_each_boundary(officer, term_months, term_class):
    schedule = officer.post(PREVIEW, json={**EXAMPLE_2, "term_months": term_months}).json
    assert schedule["term_class"] == term_class == reporting.term_class(term_months).value


def test_without_the_roll_every_instalment_is_on_the_10th_and_the_total_is_4_531_780_dong(as_role, app):
    portal = as_role("borrower", borrower_id=_a_borrower(app))
    schedule = portal.post(PREVIEW, json={**EXAMPLE_2, "working_day_roll": False}).json
    assert schedule["total_interest"] == 4_531_780 and schedule["installments"][-1]["interest"] == 59_452
    assert {r["due_date"][-2:] for r in schedule["installments"]} == {"10"}


def test_a_holiday_in_the_table_moves_a_due_date_and_the_interest_runs_to_it(officer, admin):
    assert admin.post("/api/v1/holidays", json={"day": "2025-05-12", "name": "Nghỉ bù (thử)"}).status_code == 201
    rows = officer.post(PREVIEW, json=EXAMPLE_2).json["installments"]
    assert rows[3]["due_date"] == "2025-05-13"
    assert rows[3]["interest"] == 569_589  # 10/04 → 13/05: 33 days on 90.000.000 đ at 7%


def test_filling_a_year_adds_vietnams_holidays_and_keeps_what_officers_entered(app, officer, auditor):
    own = officer.post("/api/v1/holidays", json={"day": "2025-04-30", "name": "Ngày Giải phóng miền Nam (Quỹ)"})
    assert own.status_code == 201
    filled = officer.post("/api/v1/holidays/fill", json={"year": 2025})
    assert filled.status_code == 200
    added = {d["day"]: d for d in filled.json["added"]}
    assert "2025-09-02" in added and "2025-01-29" in added and "2025-04-30" not in added  # Tết, Quốc khánh
    listed = auditor.get("/api/v1/holidays", query_string={"year": 2025, "per_page": 100}).json
    assert next(d for d in listed["items"] if d["day"] == "2025-04-30")["name"] == "Ngày Giải phóng miền Nam (Quỹ)"
    assert officer.post("/api/v1/holidays/fill", json={"year": 2025}).json["added"] == []
    with transaction(app.extensions["fundapp.session_factory"]) as session:
        calendar = working_calendar(session)
    assert not calendar.is_working_day(date(2025, 9, 2))
    assert calendar.roll_forward(date(2025, 4, 30)) == date(2025, 5, 5)  # 30/4, 1/5, 2/5 bridge, weekend


def test_a_weekend_workday_is_a_working_day_and_only_weekends_may_be_one(app, officer, row_counts):
    assert officer.post("/api/v1/holidays", json={"day": "2025-04-26", "name": "Làm bù cho 02/05",
                                                  "kind": "weekend_workday"}).status_code == 201
    with transaction(app.extensions["fundapp.session_factory"]) as session:
        assert working_calendar(session).roll_forward(date(2025, 4, 26)) == date(2025, 4, 26)
    before = row_counts()
    weekday = officer.post("/api/v1/holidays", json={"day": "2025-04-28", "name": "x", "kind": "weekend_workday"})
    assert weekday.status_code == 422 and "day" in weekday.json["errors"]
    twice = officer.post("/api/v1/holidays", json={"day": "2025-04-26", "name": "lần hai"})
    assert twice.status_code == 422 and "day" in twice.json["errors"]
    assert row_counts() == before


def test_a_holiday_is_removed_by_its_date_and_only_staff_with_rights_change_the_table(officer, accountant):
    officer.post("/api/v1/holidays", json={"day": "2025-12-31", "name": "Nghỉ cuối năm"})
    assert accountant.delete("/api/v1/holidays/2025-12-31").status_code == 403
    assert officer.delete("/api/v1/holidays/2025-12-31").status_code == 204
    assert officer.delete("/api/v1/holidays/2025-12-31").status_code == 404
    assert officer.delete("/api/v1/holidays/ngay-le").status_code == 404


def test_a_preview_of_impossible_terms_names_the_field_at_fault(officer, row_counts):
    before = row_counts()
    for change, field in (({"grace_months": 12}, "grace_months"), ({"annual_rate": "0"}, "annual_rate"),
                          ({"principal_every": 3, "interest_every": 6}, "interest_every"),
                          ({"method": "annuity", "principal_every": 0, "interest_every": 1}, "method"),
                          ({"method": "manual"}, "manual_principal"), ({"term_months": 0}, "term_months"),
                          ({"disbursed_on": "9999-01-01"}, "disbursed_on"), ({"amount": 1.5}, "amount")):
        response = officer.post(PREVIEW, json={**EXAMPLE_2, **change})
        assert response.status_code == 422, (change, response.json)
        assert field in response.json["errors"], (change, response.json)
    assert row_counts() == before


def test_a_hand_entered_schedule_is_previewed_on_the_plans_dates(officer):
    body = {**EXAMPLE_2, "method": "manual", "principal_every": 3, "interest_every": 1, "term_months": 6,
            "manual_principal": [{"due_date": "2025-04-10", "principal": 20_000_000},
                                 {"due_date": "2025-07-10", "principal": 100_000_000}]}
    schedule = officer.post(PREVIEW, json=body).json
    assert [r["principal"] for r in schedule["installments"]] == [0, 0, 20_000_000, 0, 0, 100_000_000]


def _a_borrower(app):
    from tests.builders import make_borrower

    return make_borrower(app)
