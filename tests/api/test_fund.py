"""The fund's capital: contributions by decision, and the figures lending is checked against."""
from __future__ import annotations

import pytest

from fundapp.db.models import AuditRecord, JournalEntry


def contribute(accountant, amount, source="provincial_budget", value_date="2025-01-15", **extra):
    return accountant.post("/api/v1/fund/capital-contributions",
                           json={"amount": amount, "value_date": value_date, "decision_no": "12/QĐ-UBND",
                                 "source": source}, **extra)


def test_contributions_make_up_charter_capital_and_the_limits_follow_from_it(accountant, auditor):
    assert contribute(accountant, 5_000_000_000).status_code == 201
    assert contribute(accountant, 2_500_000_000, "member_contribution").status_code == 201
    assert contribute(accountant, 300_000_000, "grant").status_code == 201
    assert contribute(accountant, 1_000_000_000, "entrusted").status_code == 201

    fund = auditor.get("/api/v1/fund").json
    assert fund["charter_capital"] == 7_500_000_000
    assert fund["actual_charter_capital"] == 7_500_000_000
    # domain.md §2: 7.5 bn đ → 1,125,000,000 đ and 1,875,000,000 đ
    assert fund["single_borrower_limit"] == 1_125_000_000
    assert fund["related_group_limit"] == 1_875_000_000
    assert fund["available_to_lend"] == 7_500_000_000 + 300_000_000 + 1_000_000_000
    assert fund["outstanding_principal"] == 0


def test_a_fund_below_the_20_billion_minimum_gets_a_warning_not_a_refusal(accountant, auditor):
    assert contribute(accountant, 7_500_000_000).status_code == 201
    fund = auditor.get("/api/v1/fund").json
    assert len(fund["warnings"]) == 1 and "20.000.000.000" in fund["warnings"][0]
    assert contribute(accountant, 12_500_000_000).status_code == 201
    assert auditor.get("/api/v1/fund").json["warnings"] == []


def test_a_contribution_posts_a_balanced_entry_and_is_audited_with_who_made_it(app, accountant):
    response = contribute(accountant, 1_000_000_000)
    with app.extensions["fundapp.session_factory"]() as session:
        entry = session.get(JournalEntry, response.json["journal_entry_id"])
        assert sum(l.debit for l in entry.lines) == sum(l.credit for l in entry.lines) == 1_000_000_000
        audit = session.query(AuditRecord).filter_by(table_name="capital_contributions").one()
    assert audit.actor == accountant.email and audit.channel == "api" and audit.action == "insert"
    assert audit.after["amount"] == 1_000_000_000 and audit.before is None


@pytest.mark.parametrize("body, field", [
    ({"amount": 0}, "amount"),
    ({"amount": 1.5}, "amount"),
    ({"amount": "1000"}, "amount"),
    ({"source": "loan"}, "source"),
    ({"value_date": "2025-13-01"}, "value_date"),
    ({"value_date": "2025-07-01"}, "value_date"),  # after today (2025-06-30)
    ({"decision_no": ""}, "decision_no"),
    ({"colour": "red"}, "colour"),
])
def test_a_bad_contribution_names_the_field_and_changes_nothing(accountant, row_counts, body, field):
    good = {"amount": 1_000_000, "value_date": "2025-01-15", "decision_no": "1/QĐ", "source": "grant"}
    before = row_counts()
    response = accountant.post("/api/v1/fund/capital-contributions", json={**good, **body})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert field in response.json["errors"]
    assert row_counts() == before


def test_the_same_idempotency_key_returns_the_first_contribution_and_another_body_is_refused(accountant, row_counts):
    key = {"Idempotency-Key": "gop-von-2025-01"}
    first = contribute(accountant, 1_000_000_000, headers=key)
    again = contribute(accountant, 1_000_000_000, headers=key)
    assert again.status_code == 201 and again.json == first.json
    counts = row_counts()
    other = contribute(accountant, 2_000_000_000, headers=key)
    assert other.status_code == 422 and "Idempotency-Key" in other.json["errors"]
    assert row_counts() == counts
