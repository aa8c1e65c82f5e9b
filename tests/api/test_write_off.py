"""Write-off on the Risk Council's decision and recoveries afterwards (domain.md §6): principal and
interest leave the balance sheet for the memo accounts, the loss is met by the specific provision
held for the loan, the rest is provision expense; money collected later is recovery income and
reduces the memo. The after-test ``ledger verify`` must stay clean throughout."""
from __future__ import annotations

from datetime import date

import pytest

from fundapp.db.models import EventKind, LoanEvent
from fundapp.services import ledger, month_close

from ..money_builders import EXAMPLE_DISBURSED_ON, approved_loan_on, capital, disburse, session_for

API = "/api/v1"
DECISION = {"decision_no": "03/QĐ-HĐXLRR", "decided_on": "2025-06-25",
            "reason": "Hợp tác xã giải thể, không còn tài sản để thu hồi nợ"}


@pytest.fixture
def loan_id(app):
    """§3 example 2's loan, nothing ever repaid: 140 days past due on 30/06/2025 (group 3)."""
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6))
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    return loan_id


def books(app) -> dict:
    with session_for(app) as session:
        return ledger.balances(session)


def test_a_write_off_moves_the_loan_to_memo_and_uses_the_provision_held_for_it(app, approver, auditor, accountant,
                                                                                 loan_id):
    with session_for(app) as session:
        month_close.close(session, month_end=date(2025, 5, 31))  # group 3: 20% of 120,000,000 held
    before = books(app)
    assert before["specific_provision"] == 24_000_000
    owed = auditor.get(f"{API}/loans/{loan_id}/balance").json  # as of 30/06/2025

    response = approver.post(f"{API}/loans/{loan_id}/write-off", json=DECISION)

    assert response.status_code == 201, response.json
    assert (response.json["principal_written_off"], response.json["provision_used"],
            response.json["charged_to_expense"]) == (120_000_000, 24_000_000, 96_000_000)
    interest = (owed["interest_overdue"] + owed["interest_due_today"] + owed["interest_accrued"]
                + owed["penalty_interest"] + owed["late_interest"])
    assert response.json["interest_written_off"] == interest > 0
    after = books(app)
    assert after["loans_in_term"] == after["loans_overdue"] == after["interest_receivable"] == 0
    assert after["memo_interest"] == 0
    assert (after["memo_written_off_principal"], after["memo_written_off_interest"]) == (120_000_000, interest)
    assert after["memo_contra"] == -(120_000_000 + interest)
    assert after["specific_provision"] == 0
    assert after["provision_expense"] - before["provision_expense"] == 96_000_000  # what the provision did not cover
    assert after["interest_income"] == before["interest_income"] == 0  # group 3: nothing was income
    loan = auditor.get(f"{API}/loans/{loan_id}").json
    assert loan["status"] == "written_off"
    balance = auditor.get(f"{API}/loans/{loan_id}/balance").json
    assert balance["written_off"] and balance["principal_outstanding"] == 120_000_000  # still owed
    refused = accountant.post(f"{API}/loans/{loan_id}/repayments", json={"amount": 1_000_000,
                                                                         "value_date": "2025-06-30"})
    assert refused.status_code == 409


def test_without_a_provision_the_whole_principal_is_expense_and_interest_income_is_reversed(app, admin, loan_id):
    response = admin.post(f"{API}/loans/{loan_id}/write-off", json={**DECISION, "decided_on": "2025-02-10"})
    assert response.status_code == 201, response.json
    assert (response.json["provision_used"], response.json["charged_to_expense"]) == (0, 120_000_000)
    after = books(app)
    # 10/02: group 1, the first instalment's 713,425 was income as it accrued; written off, it is not.
    assert after["interest_income"] == after["interest_receivable"] == 0
    assert after["provision_expense"] == 120_000_000 and after["loans_in_term"] == 0


def test_a_recovery_after_the_write_off_is_income_and_reduces_the_memo(app, approver, accountant, auditor, loan_id):
    assert approver.post(f"{API}/loans/{loan_id}/write-off",
                         json={**DECISION, "decided_on": "2025-06-20"}).status_code == 201
    before = books(app)
    body = {"amount": 5_000_000, "value_date": "2025-06-30", "reference": "UNC 0815"}

    first = accountant.post(f"{API}/loans/{loan_id}/recoveries", json=body, headers={"Idempotency-Key": "thu-hoi-1"})
    again = accountant.post(f"{API}/loans/{loan_id}/recoveries", json=body, headers={"Idempotency-Key": "thu-hoi-1"})

    assert first.status_code == again.status_code == 201, first.json
    assert again.json == first.json and again.headers.get("Idempotent-Replayed") == "true"
    assert first.json["principal_overdue"] == 5_000_000  # overdue principal first (Circular 39 Art. 18.4)
    assert first.json["recovery_income"] == 5_000_000
    assert first.json["memo_principal_after"] == 115_000_000
    after = books(app)
    assert after["recovery_income"] - before["recovery_income"] == 5_000_000
    assert after["bank"] - before["bank"] == 5_000_000
    assert before["memo_written_off_principal"] - after["memo_written_off_principal"] == 5_000_000
    assert after["loans_in_term"] == after["loans_overdue"] == 0
    listed = auditor.get(f"{API}/loans/{loan_id}/recoveries").json
    assert [(r["id"], r["amount"]) for r in listed] == [(first.json["id"], 5_000_000)]
    with session_for(app) as session:
        assert session.query(LoanEvent).filter_by(kind=EventKind.RECOVERY).count() == 1


def test_only_an_approver_or_admin_writes_off_and_only_once(as_role, approver, loan_id):
    for role in ("officer", "accountant", "auditor"):
        assert as_role(role).post(f"{API}/loans/{loan_id}/write-off", json=DECISION).status_code == 403, role
    assert approver.post(f"{API}/loans/{loan_id}/write-off", json=DECISION).status_code == 201
    again = approver.post(f"{API}/loans/{loan_id}/write-off", json=DECISION)
    assert again.status_code == 409 and again.content_type == "application/problem+json"


@pytest.mark.parametrize("body, field", [
    ({**DECISION, "decided_on": "2025-07-01"}, "decided_on"),
    ({**DECISION, "decided_on": "2025-01-09"}, "decided_on"),
    ({**DECISION, "decision_no": ""}, "decision_no"),
    ({key: value for key, value in DECISION.items() if key != "reason"}, "reason"),
    ({**DECISION, "so_tien": 1}, "so_tien"),
])
def test_a_bad_write_off_is_refused_naming_the_field_and_changes_nothing(approver, row_counts, loan_id, body, field):
    before = row_counts()
    response = approver.post(f"{API}/loans/{loan_id}/write-off", json=body)
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert row_counts() == before


def test_a_bad_recovery_is_refused_and_changes_nothing(approver, accountant, row_counts, loan_id):
    active = accountant.post(f"{API}/loans/{loan_id}/recoveries", json={"amount": 1, "value_date": "2025-06-30"})
    assert active.status_code == 409  # not written off: a repayment, not a recovery
    assert approver.post(f"{API}/loans/{loan_id}/write-off", json=DECISION).status_code == 201
    before = row_counts()
    for body, field in (({"amount": 1_000, "value_date": "2025-06-25"}, "value_date"),
                        ({"amount": 1_000, "value_date": "2025-07-01"}, "value_date"),
                        ({"amount": 0, "value_date": "2025-06-30"}, "amount")):
        response = accountant.post(f"{API}/loans/{loan_id}/recoveries", json=body)
        assert response.status_code == 422 and field in response.json["errors"], response.json
    above = accountant.post(f"{API}/loans/{loan_id}/recoveries", json={"amount": 10**12, "value_date": "2025-06-30"})
    assert above.status_code == 422 and above.json["payoff_amount"] > 120_000_000
    assert row_counts() == before
