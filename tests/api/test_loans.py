"""Loans through the API: who sees what, the balance and its dates, schedule, statement, payoff
quote, prepayment modes, refusals that change nothing, reversals and idempotency."""
from __future__ import annotations

from datetime import date

import pytest

from ..money_builders import EXAMPLE_DISBURSED_ON, approved_loan_on, capital, clock_at, disburse, loan_row, pay

API = "/api/v1"


@pytest.fixture
def loan_id(app):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6))
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    return loan_id


def repay(caller, loan_id, amount, value_date, **kw):
    return caller.post(f"{API}/loans/{loan_id}/repayments", json={"amount": amount, "value_date": value_date}, **kw)


def test_a_borrower_user_sees_its_own_loans_and_a_404_for_any_other(app, as_role, auditor, loan_id):
    other = approved_loan_on(app, date(2025, 1, 6))
    own_borrower = loan_row(app, loan_id).borrower_id
    portal = as_role("borrower", borrower_id=own_borrower)
    listed = portal.get(f"{API}/loans").json
    assert [item["id"] for item in listed["items"]] == [loan_id] and listed["total"] == 1
    assert auditor.get(f"{API}/loans").json["total"] == 2
    for suffix in ("", "/balance", "/schedule", "/statement", "/payoff-quote", "/repayments", "/disbursements"):
        assert portal.get(f"{API}/loans/{loan_id}{suffix}").status_code == 200, suffix
        refused = portal.get(f"{API}/loans/{other}{suffix}")
        assert refused.status_code == 404 and refused.content_type == "application/problem+json", suffix
    assert portal.post(f"{API}/loans/{loan_id}/repayments", json={"amount": 1, "value_date": "2025-01-20"}
                       ).status_code == 403


def test_loans_are_filtered_by_status_and_borrower(app, auditor, loan_id):
    approved_loan_on(app, date(2025, 1, 6))
    assert [i["id"] for i in auditor.get(f"{API}/loans", query_string={"status": "active"}).json["items"]] == [loan_id]
    borrower = loan_row(app, loan_id).borrower_id
    assert auditor.get(f"{API}/loans", query_string={"borrower_id": borrower}).json["total"] == 1
    assert auditor.get(f"{API}/loans", query_string={"status": "approved"}).json["total"] == 1


@pytest.mark.parametrize("as_of", ["2025-01-09", "2025-07-01"])
def test_a_balance_exists_from_the_first_disbursement_to_today(auditor, loan_id, as_of):
    response = auditor.get(f"{API}/loans/{loan_id}/balance", query_string={"as_of": as_of})
    assert response.status_code == 422 and "as_of" in response.json["errors"]


def test_before_the_first_disbursement_the_schedule_is_as_if_disbursed_today(app, auditor):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 6, 2))
    schedule = auditor.get(f"{API}/loans/{loan_id}/schedule").json  # today is 30/06/2025
    assert schedule["disbursed"] is False and schedule["total_principal"] == 120_000_000
    assert schedule["installments"][0]["due_date"] == "2025-07-30"
    assert auditor.get(f"{API}/loans/{loan_id}/balance").status_code == 422


def test_the_statement_lists_every_movement_with_the_principal_after_it(app, auditor, loan_id):
    pay(app, loan_id, 10_713_425, date(2025, 2, 10))
    statement = auditor.get(f"{API}/loans/{loan_id}/statement",
                            query_string={"from": "2025-01-10", "to": "2025-03-11"}).json
    kinds = [(line["value_date"], line["kind"], line["principal_outstanding"]) for line in statement["lines"]]
    assert kinds == [("2025-01-10", "disbursement", 120_000_000), ("2025-02-10", "falls_due", 120_000_000),
                     ("2025-02-10", "payment", 110_000_000), ("2025-03-10", "falls_due", 110_000_000),
                     ("2025-03-10", "transfer_to_overdue", 110_000_000)]
    payment = statement["lines"][2]
    assert (payment["principal_paid"], payment["interest_paid"]) == (10_000_000, 713_425)
    later = auditor.get(f"{API}/loans/{loan_id}/statement", query_string={"from": "2025-03-01"}).json
    assert later["opening_principal"] == 110_000_000 and later["from"] == "2025-03-01"
    assert later["closing"]["as_of"] == "2025-06-30"


def test_a_payment_above_the_payoff_is_refused_with_the_payoff_and_changes_nothing(app, accountant, row_counts,
                                                                                   loan_id):
    app.config["FUNDAPP_TODAY"] = "2025-02-20"
    before = row_counts()
    refused = repay(accountant, loan_id, 121_000_000, "2025-02-20")
    assert refused.status_code == 422 and refused.json["payoff_amount"] == 120_955_106
    assert "amount" in refused.json["errors"] and refused.json["rule"] == "payment_exceeds_payoff"
    after = row_counts()
    before.pop("audit_records"), after.pop("audit_records")
    assert after == before


@pytest.mark.parametrize("mode, last_principals", [
    ("shorten_term", [10_000_000, 5_590_685, 0]),  # taken off the last instalments
    ("reduce_installments", [8_690_062, 8_690_062, 8_690_065]),  # re-spread over the 11 dates left
])
def test_a_prepayment_shortens_the_term_or_lowers_the_instalments_as_the_product_says(app, accountant, auditor,
                                                                                      mode, last_principals):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6), product={"prepayment": mode})
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    app.config["FUNDAPP_TODAY"] = "2025-02-10"
    paid = repay(accountant, loan_id, 10_713_425 + 25_000_000, "2025-02-10").json
    assert (paid["advance"], paid["principal_prepaid"]) == (10_590_685, 14_409_315)
    rows = auditor.get(f"{API}/loans/{loan_id}/schedule").json["installments"]
    assert [row["principal"] for row in rows][-3:] == last_principals


def test_a_product_that_refuses_prepayment_refuses_the_payment_saying_the_most_payable(app, accountant):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6), product={"prepayment": "refuse"})
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    app.config["FUNDAPP_TODAY"] = "2025-02-10"
    refused = repay(accountant, loan_id, 10_713_425 + 25_000_000, "2025-02-10")
    assert refused.status_code == 422 and refused.json["rule"] == "prepayment_refused"
    assert refused.json["figures"]["max_payable"] == 10_713_425 + 10_590_685
    assert refused.json["payoff_amount"] == 120_713_425  # paying off in full is always allowed
    assert repay(accountant, loan_id, 120_713_425, "2025-02-10").json["pays_off"] is True


def test_a_reversal_is_by_another_accountant_once_and_only_of_a_repayment(app, as_role, loan_id):
    cashier, chief = as_role("accountant", "thu-ngan"), as_role("accountant", "ke-toan-truong")
    app.config["FUNDAPP_TODAY"] = "2025-02-10"
    payment = repay(cashier, loan_id, 10_713_425, "2025-02-10").json
    url = f"{API}/repayments/{payment['id']}/reversal"
    assert cashier.post(url, json={"reason": "Nhầm khoản vay"}).status_code == 403
    reversed_ = chief.post(url, json={"reason": "Nhầm khoản vay"})
    assert reversed_.status_code == 201 and reversed_.json["repayment_id"] == payment["id"]
    assert chief.post(url, json={"reason": "Lần nữa"}).status_code == 409
    listed = chief.get(f"{API}/loans/{loan_id}/repayments").json
    assert listed[0]["reversed"] is True and listed[0]["principal_due_today"] is None
    assert chief.get(f"{API}/loans/{loan_id}/balance").json["principal_due_today"] == 10_000_000
    disbursement_id = chief.get(f"{API}/loans/{loan_id}/disbursements").json[0]["id"]
    assert chief.post(f"{API}/repayments/{disbursement_id}/reversal", json={"reason": "x"}).status_code == 404


def test_the_same_idempotency_key_records_one_payment(app, accountant, row_counts, loan_id):
    app.config["FUNDAPP_TODAY"] = "2025-02-10"
    key = {"Idempotency-Key": "PT-2025-0210-001"}
    first = repay(accountant, loan_id, 10_713_425, "2025-02-10", headers=key)
    counts = row_counts()
    again = repay(accountant, loan_id, 10_713_425, "2025-02-10", headers=key)
    assert again.status_code == 201 and again.json == first.json
    assert row_counts() == counts
    other = repay(accountant, loan_id, 1_000, "2025-02-10", headers=key)
    assert other.status_code == 422 and "Idempotency-Key" in other.json["errors"]


def test_a_repayment_can_be_read_back_with_its_parts(app, accountant, as_role, loan_id):
    with clock_at(app, date(2025, 2, 10)):
        payment = repay(accountant, loan_id, 10_713_425, "2025-02-10").json
        one = accountant.get(f"{API}/repayments/{payment['id']}").json
    assert one == payment
    stranger = as_role("borrower", borrower_id=approved_loan_borrower(app))
    assert stranger.get(f"{API}/repayments/{payment['id']}").status_code == 404


def approved_loan_borrower(app) -> int:
    return loan_row(app, approved_loan_on(app, date(2025, 1, 6))).borrower_id
