"""On PostgreSQL, approvals that run at the same moment still respect the 15% limit and get
consecutive contract numbers."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.builders import appraised_application, fund_with_capital, make_borrower, make_product

pytestmark = pytest.mark.postgres


def approve_all(app, approver, application_ids):
    def send(application_id):
        return app.test_client().post(f"/api/v1/loan-applications/{application_id}/approve",
                                      json={"decision_no": f"{application_id}/QĐ"},
                                      headers={"Authorization": f"Bearer {approver.token}"})

    with ThreadPoolExecutor(max_workers=len(application_ids)) as pool:
        return list(pool.map(send, application_ids))


def test_two_simultaneous_approvals_cannot_both_use_the_same_borrowers_room_under_15_percent(app, approver):
    fund_with_capital(app, 7_500_000_000)  # 1.125.000.000 đ for one customer
    coop, product = make_borrower(app), make_product(app)
    both = [appraised_application(app, borrower_id=coop, product_id=product, amount=600_000_000) for _ in range(2)]
    statuses = sorted(r.status_code for r in approve_all(app, approver, both))
    assert statuses == [201, 422]


def test_simultaneous_approvals_for_different_borrowers_get_consecutive_contract_numbers(app, approver):
    fund_with_capital(app, 20_000_000_000)
    product = make_product(app)
    ids = [appraised_application(app, borrower_id=make_borrower(app, name=f"Hợp tác xã số {n}"), product_id=product)
           for n in range(6)]
    responses = approve_all(app, approver, ids)
    assert {r.status_code for r in responses} == {201}
    assert sorted(r.json["contract_no"] for r in responses) == [f"HĐ-2025-{n:04d}" for n in range(1, 7)]
