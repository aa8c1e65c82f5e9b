"""The fund's own rule tables as settings (domain.md: "a setting with the default given here, never
a constant in code"): debt-group thresholds, cure months, provisioning rates. A new set is adopted
by an admin from a later day; the days before keep the set then in force."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from fundapp.db.models import Loan, MonthEndSnapshot
from fundapp.domain import provisioning

from ..jobs.helpers import book_a_loan, eod
from ..money_builders import clock_at, session_for

API = "/api/v1/fund/rules"
STRICTER = {
    "effective_from": "2025-02-13", "decision_no": "05/QĐ-HĐQL",
    "debt_group_from": [2, 30, 90, 180], "cure_months_long": 6, "cure_months_short": 2, "short_term_max_months": 12,
    "specific_rates": {"1": "0", "2": "0.10", "3": "0.30", "4": "0.60", "5": "1"}, "general_rate": "0.01",
    "deductible_rates": {"deposit": "1", "land_buildings": "0.40", "machinery_vehicles": "0.20", "other": "0"},
}


def test_without_a_decision_the_defaults_of_domain_md_are_in_force(auditor):
    rules = auditor.get(API).json
    assert rules["versions"] == []
    assert rules["in_force"]["debt_group_from"] == [10, 91, 181, 361]
    assert rules["in_force"]["specific_rates"] == {"1": "0", "2": "0.05", "3": "0.20", "4": "0.50", "5": "1.00"}
    assert (rules["in_force"]["general_rate"], rules["in_force"]["cure_months_long"]) == ("0.0075", 3)


def test_a_stricter_table_classifies_from_its_day_on_and_end_of_day_books_it_that_day(app, admin, auditor):
    loan_id = book_a_loan(app)  # 120,000,000 đ from 10/01/2025; nothing paid: overdue from 10/02
    with clock_at(app, date(2025, 2, 12)):
        adopted = admin.post(API, json=STRICTER)
        assert adopted.status_code == 201, adopted.json
        assert auditor.get(API).json["in_force"]["debt_group_from"] == [10, 91, 181, 361]  # not yet
    with clock_at(app, date(2025, 2, 13)):
        before = auditor.get(f"/api/v1/loans/{loan_id}/balance?as_of=2025-02-12").json
        on = auditor.get(f"/api/v1/loans/{loan_id}/balance?as_of=2025-02-13").json
        assert auditor.get(API).json["in_force"]["decision_no"] == "05/QĐ-HĐQL"
    assert (before["days_past_due"], before["debt_group"]) == (2, 1)  # the old table: group 2 from 10 days
    assert (on["days_past_due"], on["debt_group"]) == (3, 2)  # the new one: from 2 days

    eod(app, date(2025, 2, 12))
    assert eod(app, date(2025, 2, 13)).status == "succeeded"
    with session_for(app) as session:  # booked that very day (no loan is advanced in bulk on it)
        assert session.get(Loan, loan_id).cached_debt_group == 2

    eod(app, date(2025, 2, 28))  # month end: provisions at the new rates
    with session_for(app) as session:
        snapshot = session.scalar(select(MonthEndSnapshot).where(MonthEndSnapshot.loan_id == loan_id,
                                                                  MonthEndSnapshot.month_end == date(2025, 2, 28)))
    new_rates = {1: Decimal("0"), 2: Decimal("0.10"), 3: Decimal("0.30"), 4: Decimal("0.60"), 5: Decimal("1")}
    assert snapshot.debt_group == 2
    assert snapshot.specific_provision == provisioning.specific_provision(
        principal=snapshot.principal_outstanding, deductible=snapshot.deductible_collateral, group=2, rates=new_rates)
    assert snapshot.specific_provision > provisioning.specific_provision(
        principal=snapshot.principal_outstanding, deductible=snapshot.deductible_collateral, group=2)


@pytest.mark.parametrize("change, field", [
    ({"effective_from": "2025-06-30"}, "effective_from"),  # today: never backwards
    ({"effective_from": "2025-06-01"}, "effective_from"),
    ({"decision_no": ""}, "decision_no"),
    ({"debt_group_from": [10, 91, 91, 361]}, "debt_group_from"),
    ({"debt_group_from": [0, 91, 181, 361]}, "debt_group_from"),
    ({"debt_group_from": [10, 91, 181]}, "debt_group_from"),
    ({"debt_group_from": [10, 91, 181, "361"]}, "debt_group_from"),
    ({"cure_months_long": 0}, "cure_months_long"),
    ({"cure_months_short": 25}, "cure_months_short"),
    ({"specific_rates": {"1": "0", "2": "0.05", "3": "1.5", "4": "0.5", "5": "1"}}, "specific_rates"),
    ({"specific_rates": {"1": "0", "2": "0.30", "3": "0.20", "4": "0.5", "5": "1"}}, "specific_rates"),
    ({"specific_rates": {"1": "0", "2": "0.05", "3": "0.2", "4": "0.5"}}, "specific_rates"),
    ({"general_rate": 0.0075}, "general_rate"),
    ({"general_rate": "-0.01"}, "general_rate"),
    ({"deductible_rates": {"deposit": "1", "land_buildings": "0.5", "machinery_vehicles": "0.3"}},
     "deductible_rates"),
    ({"colour": "red"}, "colour"),
])
def test_a_bad_set_of_rules_names_the_field_and_changes_nothing(admin, row_counts, change, field):
    before = row_counts()
    response = admin.post(API, json={**STRICTER, "effective_from": "2025-07-01", **change})
    assert response.status_code == 422, response.json
    assert any(key == field or key.startswith(f"{field}.") for key in response.json["errors"]), response.json
    assert row_counts() == before


def test_only_an_admin_adopts_rules_and_one_day_takes_one_set(admin, officer, approver, row_counts):
    body = {**STRICTER, "effective_from": "2025-07-01"}
    before = row_counts()
    for caller in (officer, approver):
        assert caller.post(API, json=body).status_code == 403
    assert row_counts() == before
    assert admin.post(API, json=body).status_code == 201
    again = admin.post(API, json={**body, "decision_no": "06/QĐ"})
    assert again.status_code == 422 and "effective_from" in again.json["errors"]


def test_a_set_not_yet_in_force_can_be_withdrawn_one_in_force_cannot(app, admin, officer, auditor):
    with clock_at(app, date(2025, 2, 12)):
        first = admin.post(API, json=STRICTER).json  # from 13/02
        later = admin.post(API, json={**STRICTER, "effective_from": "2025-03-01", "decision_no": "07/QĐ"}).json
        assert officer.delete(f"{API}/{later['id']}").status_code == 403
        assert admin.delete(f"{API}/{later['id']}").status_code == 204
        assert [v["decision_no"] for v in auditor.get(API).json["versions"]] == ["05/QĐ-HĐQL"]
        assert admin.delete(f"{API}/{later['id']}").status_code == 404
    with clock_at(app, date(2025, 2, 13)):
        refused = admin.delete(f"{API}/{first['id']}")
        assert refused.status_code == 409 and refused.json["rule"] == "fund_rules_in_force"
        assert auditor.get(API).json["in_force"]["decision_no"] == "05/QĐ-HĐQL"
