"""On PostgreSQL, money requests that race: each loan is locked before its events are read, and the
fund's capital is locked before a disbursement checks it (issue 4, point 10)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from fundapp.db.models import EventKind, Loan, LoanEvent
from fundapp.domain.events import Disbursed, Paid
from fundapp.domain.position import replay
from fundapp.services import fund, loans

from ..money_builders import EXAMPLE_DISBURSED_ON, approved_loan_on, capital, disburse, enlarge, session_for

API = "/api/v1"
PARTS = ("principal_overdue", "interest_overdue", "penalty_interest", "late_interest", "interest_due_today",
         "principal_due_today", "interest_accrued", "advance", "principal_prepaid")


def concurrently(app, token, requests):
    """Send (url, body, headers) requests at once, each from its own client (its own connection)."""
    def send(request):
        url, body, headers = request
        return app.test_client().post(url, json=body, headers={"Authorization": f"Bearer {token}", **headers})

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(send, requests))


@pytest.mark.postgres
def test_twenty_simultaneous_repayments_on_one_loan_are_each_applied_once_in_value_date_order(app, accountant):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6))
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    app.config["FUNDAPP_TODAY"] = "2025-03-31"
    days = [EXAMPLE_DISBURSED_ON + timedelta(days=4 * n + 1) for n in range(20)]
    amounts = [1_000_000 + 37_000 * n for n in range(20)]
    bodies = [{"amount": a, "value_date": d.isoformat(), "reference": f"PT-{n:02d}"}
              for n, (a, d) in enumerate(zip(amounts, days))]
    responses = concurrently(app, accountant.token, [(f"{API}/loans/{loan_id}/repayments", body, {})
                                                     for body in reversed(bodies)])

    assert [r.status_code for r in responses] == [201] * 20, [r.json for r in responses if r.status_code != 201]
    listed = {item["reference"]: item for item in accountant.get(f"{API}/loans/{loan_id}/repayments").json}
    assert len(listed) == 20
    with session_for(app) as session:
        loan = session.get(Loan, loan_id)
        assert loan.version == 21  # the disbursement and each payment, once
        expected = replay(terms=loans.terms_of(loan), plan=loans.stored_plan(session, loan), as_of=days[-1],
                                events=[Disbursed(value_date=EXAMPLE_DISBURSED_ON, amount=120_000_000, seq=0),
                                        *(Paid(payment_id=n, value_date=d, amount=a, seq=n + 1)
                                          for n, (a, d) in enumerate(zip(amounts, days)))]).allocations
    for n in range(20):
        assert {p: listed[f"PT-{n:02d}"][p] for p in PARTS} == {p: getattr(expected[n], p) for p in PARTS}


@pytest.mark.postgres
def test_twenty_simultaneous_disbursements_never_lend_more_than_the_capital(app, accountant):
    capital(app, 1_000_000_000)
    # Twenty loans approved for 50 m each (all the capital), then enlarged to 100 m: together they
    # ask for twice what the fund has.
    ids = [approved_loan_on(app, date(2025, 1, 6), amount=50_000_000) for _ in range(20)]
    for loan_id in ids:
        enlarge(app, loan_id, 100_000_000)
    app.config["FUNDAPP_TODAY"] = "2025-01-10"
    responses = concurrently(app, accountant.token, [
        (f"{API}/loans/{loan_id}/disbursements", {"amount": 100_000_000, "value_date": "2025-01-10"}, {})
        for loan_id in ids])

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * 10 + [422] * 10
    assert {r.json["rule"] for r in responses if r.status_code == 422} == {"capital_insufficient"}
    with session_for(app) as session:
        assert fund.position(session, settings=app.config).outstanding_principal == 1_000_000_000
        lent = session.scalar(select(func.sum(LoanEvent.amount)).where(LoanEvent.kind == EventKind.DISBURSEMENT))
        assert lent == 1_000_000_000


@pytest.mark.postgres
def test_twenty_retries_with_one_idempotency_key_create_one_payment(app, accountant):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6))
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    app.config["FUNDAPP_TODAY"] = "2025-02-10"
    body = {"amount": 10_713_425, "value_date": "2025-02-10", "reference": "PT-0210"}
    responses = concurrently(app, accountant.token, [(f"{API}/loans/{loan_id}/repayments", body,
                                                      {"Idempotency-Key": "thu-no-0210"})] * 20)

    assert {r.status_code for r in responses} == {201}
    assert len({r.json["id"] for r in responses}) == 1
    with session_for(app) as session:
        assert session.scalar(select(func.count()).select_from(LoanEvent)
                              .where(LoanEvent.kind == EventKind.REPAYMENT)) == 1
        assert session.get(Loan, loan_id).cached_principal_outstanding == 110_000_000
