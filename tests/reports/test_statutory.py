"""The statutory reports: the half-yearly / annual lending activity report (Decree 45 Art. 44),
the yearly KPIs graded against the fund's plan (Art. 45), and the debt confirmation."""
from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader

from fundapp.db.models import Loan
from fundapp.domain.money import format_dong
from fundapp.domain.words import dong_in_words
from fundapp.services.loans import state_of
from tests.money_builders import session_for
from tests.reports.book import build
from tests.reports.test_outstanding import report


def pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


def test_the_half_year_report_reconciles_its_flows_with_the_outstanding_at_start_and_end(app, officer):
    build(app)
    response = officer.get("/api/v1/reports/lending-activity?year=2025&half=1")
    assert response.status_code == 200, response.json
    half = response.json
    june = report(officer, "2025-06")
    assert (half["start"], half["end"], half["closed"], half["as_of"]) == ("2025-01-01", "2025-06-30", False, "2025-06-15")
    assert half["loans_disbursed"] == 6 and half["disbursed"] == 1_700_000_000
    assert half["written_off"] == 100_000_000 - 5_000_000  # written off in April, 5 m recovered in May
    assert half["outstanding_start"] == 0 and half["outstanding_end"] == june["totals"]["closing_balance"]
    assert (half["outstanding_start"] + half["disbursed"] - half["principal_collected"] - half["written_off"]
            == half["outstanding_end"])
    assert [g["outstanding"] for g in half["outstanding_end_by_group"]] == [
        g["closing_balance"] for g in june["groups"]["debt_group"]]
    assert half["bad_debt_ratio_end"] == june["bad_debt"]["ratio"]
    assert sum(s["disbursed"] for s in half["by_sector"]) == half["disbursed"]
    assert sum(k["outstanding_end"] for k in half["by_borrower_kind"]) == half["outstanding_end"]
    text = pdf_text(officer.get("/api/v1/reports/lending-activity?year=2025&half=1&format=pdf").data)
    assert "6 THÁNG ĐẦU NĂM 2025" in text and format_dong(half["outstanding_end"]).removesuffix(" đ") in text
    assert dong_in_words(half["outstanding_end"]) in text


def test_the_year_report_of_2024_shows_december_alone_and_the_second_half_of_2025_has_not_begun(app, officer):
    build(app)
    year = officer.get("/api/v1/reports/lending-activity?year=2024").json
    assert year["outstanding_end"] == 0 and year["disbursed"] == 0 and year["end"] == "2024-12-31"
    assert year["closed"] is False  # January–November 2024 were never closed: the fund began in December
    refused = officer.get("/api/v1/reports/lending-activity?year=2025&half=2")
    assert refused.status_code == 422 and "half" in refused.json["errors"]
    assert officer.get("/api/v1/reports/lending-activity?year=2025&half=3").status_code == 422


def test_kpis_are_graded_against_the_plan_the_admin_enters(app, officer, admin):
    build(app)
    ungraded = officer.get("/api/v1/reports/kpis?year=2025").json
    assert ungraded["grade"] is None and ungraded["plan"] is None and ungraded["provisional"] is True
    assert ungraded["outstanding_end"] == report(officer, "2025-06")["totals"]["closing_balance"]
    assert ungraded["entrusted_outstanding_end"] > 0 and ungraded["outstanding_growth"] is None  # nothing a year ago
    assert ungraded["financial_result"] == ungraded["income"] - ungraded["expenses"]

    plan = {"planned_outstanding_growth": "0.10", "planned_bad_debt_ratio": "0.05", "planned_result": 0,
            "note": "Kế hoạch năm 2025 theo Nghị quyết Hội đồng quản lý"}
    assert officer.put("/api/v1/reports/kpis/2025/plan", json=plan).status_code == 403
    saved = admin.put("/api/v1/reports/kpis/2025/plan", json=plan)
    assert saved.status_code == 200, saved.json
    graded = officer.get("/api/v1/reports/kpis?year=2025").json
    # Growth from nothing is met, the bad-debt ratio (about 10%) is above the 5% planned.
    assert graded["criteria"]["outstanding_growth"] is True and graded["criteria"]["bad_debt_ratio"] is False
    met = graded["criteria_met"]
    assert graded["grade"] == {3: "A", 2: "B"}.get(met, "C")

    strict = {**plan, "planned_bad_debt_ratio": "0.50", "planned_result": -10_000_000_000}
    assert admin.put("/api/v1/reports/kpis/2025/plan", json=strict).json["planned_result"] == -10_000_000_000
    assert officer.get("/api/v1/reports/kpis?year=2025").json["grade"] == "A"
    bad = admin.put("/api/v1/reports/kpis/2025/plan", json={**plan, "planned_bad_debt_ratio": "1.5"})
    assert bad.status_code == 422 and "planned_bad_debt_ratio" in bad.json["errors"]


def test_the_debt_confirmation_lists_each_loans_principal_interest_and_penalties_in_figures_and_words(app, officer,
                                                                                                      as_role):
    book = build(app)
    borrower = book.borrowers["tan_phu"]
    response = officer.get(f"/api/v1/borrowers/{borrower}/debt-confirmation?as_of=2025-05-31")
    assert response.status_code == 200, response.json
    confirmation = response.json
    [line] = confirmation["loans"]
    with session_for(app) as session:
        balance = state_of(session, session.get(Loan, book.overdue), as_of=date(2025, 5, 31)).balance
    assert line["principal"] == balance.principal_outstanding and line["total"] == balance.payoff_amount
    assert line["penalties"] == balance.penalty_interest + balance.late_interest > 0
    pdf = officer.get(f"/api/v1/borrowers/{borrower}/debt-confirmation.pdf?as_of=2025-05-31")
    assert pdf.status_code == 200 and pdf.content_type == "application/pdf"
    text = pdf_text(pdf.data)
    assert "BIÊN BẢN ĐỐI CHIẾU CÔNG NỢ" in text and line["contract_no"] in text
    for amount in (line["principal"], line["interest"], line["penalties"], confirmation["totals"]["total"]):
        assert format_dong(amount) in text and dong_in_words(amount) in text
    assert "ĐẠI DIỆN BÊN A" in text and "ĐẠI DIỆN BÊN B" in text

    own = as_role("borrower", borrower_id=borrower)
    assert own.get(f"/api/v1/borrowers/{borrower}/debt-confirmation.pdf?as_of=2025-05-31").status_code == 200
    other = book.borrowers["lang_biang"]
    assert own.get(f"/api/v1/borrowers/{other}/debt-confirmation.pdf").status_code == 404
    future = officer.get(f"/api/v1/borrowers/{borrower}/debt-confirmation.pdf?as_of=2025-12-31")
    assert future.status_code == 422 and "as_of" in future.json["errors"]


def test_a_paid_off_loan_is_not_on_the_debt_confirmation_after_it_closed(app, officer):
    book = build(app)
    hoa = book.borrowers["hoa"]
    assert officer.get(f"/api/v1/borrowers/{hoa}/debt-confirmation?as_of=2025-02-28").json["loans"] != []
    after = officer.get(f"/api/v1/borrowers/{hoa}/debt-confirmation?as_of=2025-03-31").json
    assert after["loans"] == [] and after["totals"]["total"] == 0


def test_a_written_off_loan_is_still_owed_and_on_the_debt_confirmation_marked_as_such(app, officer):
    book = build(app)
    confirmation = officer.get(f"/api/v1/borrowers/{book.borrowers['mui_ne']}/debt-confirmation?as_of=2025-05-31").json
    [line] = confirmation["loans"]
    assert line["written_off"] is True and 0 < line["principal"] < 100_000_000  # 5 m recovered, principal first
    text = pdf_text(officer.get(f"/api/v1/borrowers/{book.borrowers['mui_ne']}/debt-confirmation.pdf"
                                "?as_of=2025-05-31").data)
    assert "đã xử lý rủi ro" in text and dong_in_words(line["principal"]) in text
