"""The monthly outstanding-loan report: totals and rows agree and reconcile, a closed month is its
snapshot for ever, the open month is computed as of today and says so."""
from __future__ import annotations

from datetime import date

from sqlalchemy import update

from fundapp.db.models import Loan, MonthEndSnapshot
from fundapp.services.loans import state_of
from fundapp.services.reports.outstanding import outstanding_report
from fundapp.services.reports.rows import MONEY
from tests.money_builders import clock_at, pay, session_for
from tests.reports.book import CLOSED_THROUGH, TODAY, build

CLOSED_MONTHS = ["2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]


def report(caller, month: str, **params) -> dict:
    query = "&".join(f"{k}={v}" for k, v in {"month": month, **params}.items())
    response = caller.get(f"/api/v1/reports/outstanding?{query}")
    assert response.status_code == 200, response.json
    return response.json


def assert_adds_up(data: dict) -> None:
    rows, totals = data["rows"], data["totals"]
    assert totals["loans"] == len(rows) == data["rows_total"]
    for key in MONEY:
        assert totals[key] == sum(row[key] for row in rows), key
    for row in rows + [totals]:
        assert (row["opening_balance"] + row["disbursed"] - row["principal_collected"] - row["written_off"]
                == row["closing_balance"] == row["closing_in_term"] + row["closing_overdue"]), row
    for name, groups in data["groups"].items():
        for key in MONEY:
            assert sum(group[key] for group in groups) == totals[key], (name, key)
    assert totals["reconciled"] is True and data["reconciliation"]["reconciled"] is True


def test_totals_equal_the_sum_of_rows_and_every_row_reconciles_in_every_closed_month_and_the_open_one(app, officer):
    book = build(app)
    for month in CLOSED_MONTHS + ["2025-06"]:
        assert_adds_up(report(officer, month))

    may = report(officer, "2025-05")
    by_loan = {row["loan_id"]: row for row in may["rows"]}
    assert set(by_loan) == {book.overdue, book.on_time, book.entrusted, book.restructured, book.written_off}
    assert book.closed not in by_loan  # paid off in March: nothing left to show
    assert by_loan[book.overdue]["debt_group"] == 3 and by_loan[book.overdue]["closing_overdue"] > 0
    assert by_loan[book.restructured]["debt_group"] >= 3  # extended: at least group 3 until cured
    recovered = by_loan[book.written_off]  # off balance sheet since April; 5 m recovered in May
    assert (recovered["opening_balance"], recovered["closing_balance"]) == (0, 0)
    assert recovered["principal_collected"] == 5_000_000 == -recovered["written_off"]
    april = {row["loan_id"]: row for row in report(officer, "2025-04")["rows"]}
    assert april[book.written_off]["written_off"] == april[book.written_off]["opening_balance"] == 100_000_000
    assert april[book.written_off]["closing_balance"] == 0
    assert by_loan[book.on_time]["collateral"] == "Quyền sử dụng đất 1.200 m² thôn Đăng Lèn"
    assert by_loan[book.entrusted]["term_class"] == "long" and by_loan[book.entrusted]["provision"] == 0
    bad = sum(g["closing_balance"] for g in may["groups"]["debt_group"] if g["key"] >= 3)
    assert may["bad_debt"]["amount"] == bad == (by_loan[book.overdue]["closing_balance"]
                                                + by_loan[book.restructured]["closing_balance"])
    assert may["bad_debt"]["ratio"] == str(round(bad / may["totals"]["closing_balance"], 4))
    assert [g["key"] for g in may["groups"]["debt_group"]] == [1, 2, 3, 4, 5]
    assert {g["key"] for g in may["groups"]["capital_source"]} == {"own", "Quỹ HTX Việt Nam - HĐ ủy thác 01/2024"}
    assert may["provisions"]["total"] == may["provisions"]["specific"] + may["provisions"]["general"] > 0

    march = report(officer, "2025-03")
    closed_loan = next(row for row in march["rows"] if row["loan_id"] == book.closed)
    assert closed_loan["principal_collected"] == closed_loan["opening_balance"] == 80_000_000
    assert closed_loan["closing_balance"] == 0


def test_when_a_month_is_closed_each_loans_month_end_outstanding_equals_its_balance_as_of_that_date(app, officer):
    build(app)
    for month in CLOSED_MONTHS:
        data = report(officer, month)
        assert data["closed"] is True and data["as_of"] == data["trend"][-1]["month"] + data["as_of"][7:]
        with session_for(app) as session:
            for row in data["rows"]:
                balance = state_of(session, session.get(Loan, row["loan_id"]),
                                   as_of=date.fromisoformat(data["as_of"])).balance
                # A written-off loan is owed still, but tracked off balance sheet: none of it is outstanding.
                on_books = 0 if balance.written_off else balance.principal_outstanding
                assert row["closing_balance"] == on_books
                assert row["closing_overdue"] == min(balance.principal_overdue, on_books)
                assert row["days_past_due"] == balance.days_past_due
                assert row["penalty_interest"] == balance.penalty_interest


def test_a_closed_months_report_is_the_same_after_a_back_dated_payment_which_appears_in_the_open_month(app, officer):
    book = build(app)
    before, june_before = report(officer, "2025-05"), report(officer, "2025-06")
    with clock_at(app, TODAY):
        pay(app, book.overdue, 30_000_000, date(2025, 5, 20), today=TODAY)  # recorded in June, dated in May
    after, june_after = report(officer, "2025-05"), report(officer, "2025-06")

    assert after == before
    row_before = next(r for r in june_before["rows"] if r["loan_id"] == book.overdue)
    row_after = next(r for r in june_after["rows"] if r["loan_id"] == book.overdue)
    assert row_after["opening_balance"] == row_before["opening_balance"]  # May's closing, as closed
    collected = (row_after["principal_collected"] - row_before["principal_collected"]
                 + row_after["interest_collected"] - row_before["interest_collected"]
                 + row_after["penalty_collected"] - row_before["penalty_collected"])
    assert collected == 30_000_000
    assert_adds_up(june_after)


def test_the_open_month_is_computed_as_of_today_and_says_so(app, officer):
    build(app)
    june = report(officer, "2025-06")
    assert june["closed"] is False and june["as_of"] == TODAY.isoformat() and june["closed_at"] is None
    may = report(officer, "2025-05")
    assert june["totals"]["opening_balance"] == may["totals"]["closing_balance"]
    assert may["trend"][-1] == {"month": "2025-05", "closed": True,
                                "principal_outstanding": may["totals"]["closing_balance"],
                                "bad_debt": may["bad_debt"]["amount"], "bad_debt_ratio": may["bad_debt"]["ratio"]}
    assert [p["month"] for p in june["trend"]][:2] == ["2024-07", "2024-08"] and june["trend"][-1]["closed"] is False
    assert june["trend"][0]["principal_outstanding"] is None  # before the fund lent


def test_a_month_not_yet_closed_because_end_of_day_is_behind_is_computed_as_of_its_last_day(app, officer):
    build(app, through=date(2025, 3, 31))
    april = report(officer, "2025-04")
    assert april["closed"] is False and april["as_of"] == "2025-04-30"
    assert_adds_up(april)
    assert april["totals"]["opening_balance"] == report(officer, "2025-03")["totals"]["closing_balance"]


def test_rows_may_be_paged_while_totals_and_groups_cover_the_whole_book(app, officer):
    build(app)
    whole = report(officer, "2025-05")
    pages = [report(officer, "2025-05", page=n, per_page=2) for n in (1, 2, 3)]
    assert [len(p["rows"]) for p in pages] == [2, 2, 1]
    assert [r["loan_id"] for p in pages for r in p["rows"]] == [r["loan_id"] for r in whole["rows"]]
    assert all(p["totals"] == whole["totals"] and p["rows_total"] == 5 for p in pages)


def test_the_largest_exposures_are_shares_of_actual_charter_capital_against_the_limits(app, officer):
    book = build(app)
    may = report(officer, "2025-05")
    exposures = may["exposures"]
    top = exposures["by_borrower"][0]
    assert top["borrower_id"] == book.borrowers["dinh_van"]
    assert top["share"] == str(round(top["outstanding"] / exposures["actual_charter_capital"], 4))
    assert exposures["single_borrower_limit_pct"] == "0.15" and top["over_limit"] is False
    group = exposures["by_related_group"][0]
    assert group["borrowers"] == 2 and group["outstanding"] == sum(
        r["closing_balance"] for r in may["rows"] if r["related_group_id"] == group["related_group_id"])
    with session_for(app) as session:
        tight = outstanding_report(session, month="2025-05", today=TODAY,
                                   settings={**app.config, "SINGLE_BORROWER_LIMIT": "0.01"})
    assert tight["exposures"]["by_borrower"][0]["over_limit"] is True


def test_a_snapshot_that_does_not_reconcile_is_refused_loudly_naming_the_loan(app, officer):
    book = build(app)
    with session_for(app) as session:
        session.execute(update(MonthEndSnapshot).where(MonthEndSnapshot.loan_id == book.on_time,
                                                       MonthEndSnapshot.month_end == CLOSED_THROUGH)
                        .values(opening_balance=MonthEndSnapshot.opening_balance + 1))
    response = officer.get("/api/v1/reports/outstanding?month=2025-05")
    assert response.status_code == 500
    assert response.json["rule"] == "report_reconciliation" and response.json["figures"]["loans"] == [book.on_time]
    assert app.test_cli_runner().invoke(args=["report", "outstanding", "--month", "2025-05", "--format", "json",
                                              "--output", "-"]).exit_code != 0
