"""Post-disbursement monitoring (kiểm tra sau cho vay) and early recall (thu hồi nợ trước hạn):
officers record their checks; a loan used against its purpose is recalled by a decision, all its
principal falls due on the recall date, and the borrower gets one notice."""
from __future__ import annotations

from datetime import date

import pytest

from ..money_builders import EXAMPLE_DISBURSED_ON, approved_loan_on, capital, disburse, loan_row, pay

API = "/api/v1"
RECALL = {"decision_no": "27/QĐ-QHTX", "value_date": "2025-03-20",
          "reason": "Sử dụng vốn vay sai mục đích (biên bản kiểm tra ngày 18/03/2025)"}


@pytest.fixture
def loan_id(app):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6))
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    pay(app, loan_id, 10_713_425, date(2025, 2, 10))  # the first two instalments, on their dates
    pay(app, loan_id, 10_590_685, date(2025, 3, 10))
    return loan_id


def test_an_officer_records_post_disbursement_checks_and_staff_list_them(officer, auditor, as_role, app, loan_id):
    first = officer.post(f"{API}/loans/{loan_id}/monitoring-checks",
                         json={"checked_on": "2025-02-15", "finding": "proper_use",
                               "notes": "Máy sấy cà phê đã lắp đặt tại xưởng, đúng hợp đồng mua bán"})
    second = officer.post(f"{API}/loans/{loan_id}/monitoring-checks",
                          json={"checked_on": "2025-03-18", "finding": "misuse",
                                "notes": "Một phần vốn vay dùng mua ô tô cá nhân"})
    assert first.status_code == second.status_code == 201, first.json
    assert second.json["checked_by"] == officer.user_id and second.json["finding"] == "misuse"
    listed = auditor.get(f"{API}/loans/{loan_id}/monitoring-checks").json
    assert [(c["checked_on"], c["finding"]) for c in listed] == [("2025-02-15", "proper_use"), ("2025-03-18", "misuse")]
    portal = as_role("borrower", borrower_id=loan_row(app, loan_id).borrower_id)
    assert portal.get(f"{API}/loans/{loan_id}/monitoring-checks").status_code == 403  # an internal record


@pytest.mark.parametrize("body, field", [
    ({"checked_on": "2025-01-09", "finding": "proper_use"}, "checked_on"),
    ({"checked_on": "2025-07-01", "finding": "proper_use"}, "checked_on"),
    ({"checked_on": "2025-03-18", "finding": "tot"}, "finding"),
    ({"finding": "misuse"}, "checked_on"),
])
def test_a_bad_check_is_refused_naming_the_field_and_changes_nothing(officer, row_counts, loan_id, body, field):
    before = row_counts()
    response = officer.post(f"{API}/loans/{loan_id}/monitoring-checks", json=body)
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert row_counts() == before


def test_a_recall_makes_all_principal_due_on_its_date_and_notifies_the_borrower(app, officer, approver, auditor,
                                                                                as_role, loan_id):
    check = officer.post(f"{API}/loans/{loan_id}/monitoring-checks",
                         json={"checked_on": "2025-03-18", "finding": "misuse"}).json

    response = approver.post(f"{API}/loans/{loan_id}/recall", json={**RECALL, "monitoring_check_id": check["id"]})

    assert response.status_code == 201, response.json
    # 100,000,000 not yet due; interest 10/03 → 20/03 on it: 100,000,000 × 7% × 10/365 = 191,781.
    assert (response.json["principal_recalled"], response.json["principal_due"]) == (100_000_000, 100_000_000)
    assert response.json["interest_due"] == 191_781 and response.json["total_due"] == 100_191_781
    that_day = auditor.get(f"{API}/loans/{loan_id}/balance", query_string={"as_of": "2025-03-20"}).json
    assert (that_day["principal_due_today"], that_day["interest_due_today"]) == (100_000_000, 191_781)
    next_day = auditor.get(f"{API}/loans/{loan_id}/balance", query_string={"as_of": "2025-03-21"}).json
    assert next_day["principal_overdue"] == 100_000_000 and next_day["next_due_date"] is None
    portal = as_role("borrower", borrower_id=loan_row(app, loan_id).borrower_id)
    notices = portal.get(f"{API}/notices", query_string={"kind": "recall"}).json["items"]
    assert len(notices) == 1 and notices[0]["id"] == response.json["notice_id"]
    assert notices[0]["figures"]["total"] == 100_191_781 and "27/QĐ-QHTX" in notices[0]["body"]
    assert "Một trăm triệu một trăm chín mươi mốt nghìn bảy trăm tám mươi mốt đồng" in notices[0]["body"]
    again = approver.post(f"{API}/loans/{loan_id}/recall", json=RECALL)
    assert again.status_code == 409


def test_a_recalled_loan_is_paid_off_with_what_fell_due(app, approver, accountant, auditor, loan_id):
    assert approver.post(f"{API}/loans/{loan_id}/recall", json=RECALL).status_code == 201
    paid = accountant.post(f"{API}/loans/{loan_id}/repayments", json={"amount": 100_191_781,
                                                                      "value_date": "2025-03-20"})
    assert paid.status_code == 201 and paid.json["pays_off"], paid.json
    assert auditor.get(f"{API}/loans/{loan_id}").json["status"] == "closed"


@pytest.mark.parametrize("body, field", [
    ({**RECALL, "value_date": "2025-07-01"}, "value_date"),
    ({**RECALL, "value_date": "2025-01-10"}, "value_date"),
    ({**RECALL, "monitoring_check_id": 999}, "monitoring_check_id"),
    ({**RECALL, "decision_no": ""}, "decision_no"),
    ({**RECALL, "ly_do": "x"}, "ly_do"),
])
def test_a_bad_recall_is_refused_naming_the_field_and_changes_nothing(approver, row_counts, loan_id, body, field):
    before = row_counts()
    response = approver.post(f"{API}/loans/{loan_id}/recall", json=body)
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert row_counts() == before


def test_only_an_approver_recalls_and_only_an_officer_records_checks(as_role, loan_id):
    for role in ("officer", "accountant", "auditor"):
        assert as_role(role).post(f"{API}/loans/{loan_id}/recall", json=RECALL).status_code == 403, role
    for role in ("approver", "accountant", "auditor"):
        response = as_role(role).post(f"{API}/loans/{loan_id}/monitoring-checks",
                                      json={"checked_on": "2025-03-18", "finding": "misuse"})
        assert response.status_code == 403, role
