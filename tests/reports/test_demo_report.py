"""The demo fund, run through end of day: its reports add up and reconcile in every month."""
from __future__ import annotations

from datetime import date

from fundapp.db.session import transaction
from fundapp.services import demo
from tests.reports.book import eod
from tests.reports.test_outstanding import assert_adds_up, report

TODAY = date(2025, 6, 15)


def test_the_demo_funds_reports_add_up_and_reconcile_in_every_month_closed_or_open(app, officer):
    app.config["FUNDAPP_TODAY"] = TODAY.isoformat()
    with app.app_context(), transaction(app.extensions["fundapp.session_factory"]) as session:
        demo.load(session, today=TODAY)
    assert eod(app, date(2025, 6, 14), TODAY).status == "succeeded"
    months = [f"{year}-{month:02d}" for year in (2023, 2024, 2025) for month in range(1, 13)
              if "2023-06" <= f"{year}-{month:02d}" <= "2025-06"]
    for month in months:
        data = report(officer, month)
        assert data["closed"] is (month != "2025-06"), month
        assert_adds_up(data)
    june = report(officer, "2025-06")
    assert june["rows_total"] > 0 and june["totals"]["closing_balance"] > 0
    half = officer.get("/api/v1/reports/lending-activity?year=2025&half=1").json
    assert half["outstanding_end"] == june["totals"]["closing_balance"]
