"""On PostgreSQL, simultaneous retries with one Idempotency-Key create exactly one effect."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from fundapp.db.models import CapitalContribution, JournalEntry


@pytest.mark.postgres
def test_twenty_simultaneous_retries_with_one_key_record_one_contribution(app, accountant):
    body = {"amount": 2_000_000_000, "value_date": "2025-03-01", "decision_no": "88/QĐ-UBND", "source": "provincial_budget"}

    def send(_):
        client = app.test_client()
        return client.post("/api/v1/fund/capital-contributions", json=body,
                           headers={"Authorization": f"Bearer {accountant.token}", "Idempotency-Key": "bo-sung-von-88"})

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(send, range(20)))

    assert {r.status_code for r in responses} == {201}
    assert len({r.json["id"] for r in responses}) == 1
    with app.extensions["fundapp.session_factory"]() as session:
        assert session.scalar(select(func.count()).select_from(CapitalContribution)) == 1
        assert session.scalar(select(func.count()).select_from(JournalEntry)) == 1
