"""Restructuring through the API (domain.md §6): requested by an officer, decided by an approver
who is not the requester; the new plan takes effect from its date, the old one stays in history,
and the debt-group floors show in the balance (first rescheduling → group 2, first extension → 3,
a second restructuring of any kind → 4)."""
from __future__ import annotations

from datetime import date

import pytest

from fundapp.services import loan_views
from fundapp.db.models import Loan

from ..money_builders import EXAMPLE_DISBURSED_ON, approved_loan_on, capital, disburse, loan_row, pay, session_for

API = "/api/v1"
PAID_THROUGH = date(2025, 6, 10)  # five instalments paid on their dates: 70,000,000 đ not yet due


def pay_on_time(app, loan_id: int, *, through: date) -> None:
    with session_for(app) as session:
        rows = loan_views.schedule_view(session, session.get(Loan, loan_id), today=through)["installments"]
    for row in rows:
        if row["due_date"] <= through:
            pay(app, loan_id, row["total"], row["due_date"])


@pytest.fixture
def loan_id(app):
    """HTX Nông nghiệp Tân Phú's 120,000,000 đ for 12 months (§3 example 2), paid on time through June."""
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6))
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    pay_on_time(app, loan_id, through=PAID_THROUGH)
    return loan_id


def ask(officer, loan_id, **body):
    return officer.post(f"{API}/loans/{loan_id}/restructurings",
                        json={"effective_date": "2025-06-20", "reason": "Mất mùa cà phê do hạn hán", **body})


def test_a_rescheduling_asked_by_an_officer_and_approved_by_an_approver_keeps_the_old_plan_in_history(
        officer, approver, auditor, loan_id):
    asked = ask(officer, loan_id, kind="reschedule", defer_months=3)
    assert asked.status_code == 201, asked.json
    assert asked.json["status"] == "requested" and asked.json["decided_by"] is None
    # 10/07, 11/08 (10/08 is a Sunday) and 10/09 move three months; the two that would reach the
    # maturity are dropped; the maturity, 12/01/2026, stays and takes the rest.
    proposed = [(row["due_date"], row["principal"]) for row in asked.json["plan"]]
    assert proposed == [("2025-10-10", 17_500_000), ("2025-11-10", 17_500_000), ("2025-12-10", 17_500_000),
                        ("2026-01-12", 17_500_000)]
    assert auditor.get(f"{API}/loans/{loan_id}/balance").json["debt_group"] == 1  # nothing changed yet

    approved = approver.post(f"{API}/restructurings/{asked.json['id']}/approve", json={"decision_no": "12/QĐ-HĐRR"})

    assert approved.status_code == 200, approved.json
    assert approved.json["status"] == "approved" and approved.json["event_id"]
    assert approved.json["maturity_before"] == approved.json["maturity_after"] == "2026-01-12"
    assert [r["due_date"] for r in approved.json["previous_plan"]] == [
        "2025-07-10", "2025-08-11", "2025-09-10", "2025-10-10", "2025-11-10", "2025-12-10", "2026-01-12"]
    schedule = auditor.get(f"{API}/loans/{loan_id}/schedule").json["installments"]
    assert [(r["due_date"], r["principal"]) for r in schedule[5:]] == proposed
    plans = auditor.get(f"{API}/loans/{loan_id}/plans").json
    assert [p["version"] for p in plans] == [1, 2]
    assert len(plans[0]["rows"]) == 12 and plans[0]["rows"][5]["due_date"] == "2025-07-10"
    assert [r["due_date"] for r in plans[1]["rows"][5:]] == [d for d, _ in proposed]
    balance = auditor.get(f"{API}/loans/{loan_id}/balance").json
    assert (balance["debt_group"], balance["loan_group"], balance["days_past_due"]) == (2, 2, 0)
    assert auditor.get(f"{API}/loans/{loan_id}").json["maturity_date"] == "2026-01-12"


def test_an_extension_moves_the_maturity_respreads_the_principal_and_puts_the_loan_in_group_3(
        officer, approver, auditor, loan_id):
    asked = ask(officer, loan_id, kind="extend", new_maturity="2026-07-10")
    assert asked.status_code == 201, asked.json
    approved = approver.post(f"{API}/restructurings/{asked.json['id']}/approve", json={"decision_no": "13/QĐ-HĐRR"})
    assert approved.status_code == 200, approved.json

    plan = approved.json["plan"]
    assert len(plan) == 13 and plan[-1]["due_date"] == "2026-07-10" and plan[0]["due_date"] == "2025-07-10"
    assert [r["principal"] for r in plan] == [5_384_615] * 12 + [5_384_620]  # 70,000,000 ÷ 13, the last the rest
    loan = auditor.get(f"{API}/loans/{loan_id}").json
    assert loan["maturity_date"] == "2026-07-10"
    assert auditor.get(f"{API}/loans/{loan_id}/balance").json["debt_group"] == 3
    assert loan_row_group(auditor, loan_id) == 3


def loan_row_group(caller, loan_id) -> int:
    return caller.get(f"{API}/loans/{loan_id}").json["debt_group"]  # the booked group follows at once


def test_hand_entered_dates_and_a_second_restructuring_take_the_loan_to_group_4(app, officer, approver, auditor,
                                                                                  as_role, loan_id):
    first = ask(officer, loan_id, kind="reschedule", installments=[
        {"due_date": "2025-09-10", "principal": 20_000_000}, {"due_date": "2026-01-12", "principal": 50_000_000}])
    assert first.status_code == 201, first.json
    assert approver.post(f"{API}/restructurings/{first.json['id']}/approve",
                         json={"decision_no": "14/QĐ"}).status_code == 200
    schedule = auditor.get(f"{API}/loans/{loan_id}/schedule").json["installments"]
    assert [(r["due_date"], r["principal"]) for r in schedule[5:]] == [("2025-09-10", 20_000_000),
                                                                       ("2026-01-12", 50_000_000)]
    second = ask(as_role("officer", "b"), loan_id, kind="extend", effective_date="2025-06-25",
                 new_maturity="2026-04-10", installments=[{"due_date": "2025-12-10", "principal": 30_000_000},
                                                          {"due_date": "2026-04-10", "principal": 40_000_000}])
    assert second.status_code == 201, second.json
    assert approver.post(f"{API}/restructurings/{second.json['id']}/approve",
                         json={"decision_no": "15/QĐ"}).status_code == 200
    assert auditor.get(f"{API}/loans/{loan_id}/balance").json["debt_group"] == 4
    assert [p["version"] for p in auditor.get(f"{API}/loans/{loan_id}/plans").json] == [1, 2, 3]


def test_the_requester_may_not_decide_and_a_decided_request_cannot_be_decided_again(as_role, approver, row_counts,
                                                                                     loan_id):
    admin = as_role("admin", "de-nghi")  # admin may ask and approve: only separation of duties stops it
    asked = ask(admin, loan_id, kind="reschedule", defer_months=1)
    assert asked.status_code == 201, asked.json
    before = row_counts()
    for action, body in (("approve", {"decision_no": "16/QĐ"}), ("reject", {"reason": "Tự duyệt"})):
        refused = admin.post(f"{API}/restructurings/{asked.json['id']}/{action}", json=body)
        assert refused.status_code == 403 and refused.json["rule"] == "separation_of_duties"
    assert row_counts() == before
    rejected = approver.post(f"{API}/restructurings/{asked.json['id']}/reject", json={"reason": "Chưa đủ hồ sơ"})
    assert rejected.status_code == 200 and rejected.json["status"] == "rejected"
    assert rejected.json["decision_note"] == "Chưa đủ hồ sơ"
    again = approver.post(f"{API}/restructurings/{asked.json['id']}/approve", json={"decision_no": "17/QĐ"})
    assert again.status_code == 409 and again.content_type == "application/problem+json"


def test_a_second_request_waits_for_the_first_to_be_decided(officer, loan_id):
    assert ask(officer, loan_id, kind="reschedule", defer_months=1).status_code == 201
    assert ask(officer, loan_id, kind="extend", new_maturity="2026-03-10").status_code == 409


@pytest.mark.parametrize("body, field", [
    ({"kind": "reschedule", "installments": [{"due_date": "2026-01-12", "principal": 69_999_999}]}, "installments"),
    ({"kind": "reschedule", "installments": [{"due_date": "2026-03-10", "principal": 70_000_000}]}, "installments"),
    ({"kind": "reschedule", "installments": [{"due_date": "2025-06-20", "principal": 70_000_000}]}, "installments"),
    ({"kind": "reschedule", "installments": [{"due_date": "2025-12-10", "principal": 35_000_000},
                                             {"due_date": "2025-09-10", "principal": 35_000_000}]}, "installments"),
    ({"kind": "extend", "new_maturity": "2025-12-10"}, "new_maturity"),
    ({"kind": "extend", "installments": [{"due_date": "2026-01-12", "principal": 70_000_000}],
      "new_maturity": "2026-01-12"}, "new_maturity"),
    ({"kind": "reschedule", "defer_months": 2, "installments": [{"due_date": "2026-01-12", "principal": 1}]},
     "installments"),
    ({"kind": "reschedule"}, "defer_months"),
    ({"kind": "reschedule", "defer_months": 1, "effective_date": "2025-07-01"}, "effective_date"),
    ({"kind": "reschedule", "defer_months": 1, "effective_date": "2025-01-10"}, "effective_date"),
    ({"kind": "reschedule", "defer_months": 0}, "defer_months"),
    ({"kind": "shorten", "defer_months": 1}, "kind"),
    ({"kind": "reschedule", "defer_months": 1, "hạn": 1}, "hạn"),
])
def test_a_bad_request_is_refused_naming_the_field_and_changes_nothing(officer, row_counts, loan_id, body, field):
    before = row_counts()
    response = ask(officer, loan_id, **body)
    assert response.status_code == 422, response.json
    assert response.content_type == "application/problem+json" and field in response.json["errors"], response.json
    assert row_counts() == before


def test_a_borrower_user_sees_its_own_restructurings_and_plans_and_a_404_for_another(app, as_role, officer, loan_id):
    asked = ask(officer, loan_id, kind="reschedule", defer_months=1).json
    portal = as_role("borrower", borrower_id=loan_row(app, loan_id).borrower_id)
    assert portal.get(f"{API}/loans/{loan_id}/restructurings").json[0]["id"] == asked["id"]
    assert portal.get(f"{API}/restructurings/{asked['id']}").status_code == 200
    stranger = as_role("borrower", borrower_id=loan_row(app, approved_loan_on(app, date(2025, 1, 6))).borrower_id)
    for url in (f"/loans/{loan_id}/restructurings", f"/restructurings/{asked['id']}", f"/loans/{loan_id}/plans"):
        assert stranger.get(API + url).status_code == 404, url
    assert portal.post(f"{API}/loans/{loan_id}/restructurings", json={}).status_code == 403
