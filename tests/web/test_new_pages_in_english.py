"""The pages added for decisions, notices, end of day, reports and settings read in English too:
each renders (every catalogue entry formats with its placeholders) and carries no Vietnamese label
of its own."""
from __future__ import annotations

from tests.money_builders import loan_row
from tests.web.test_loan_action_pages import loan_id  # noqa: F401  (the fixture)
from tests.web.test_notice_pages import notice


def test_every_new_page_reads_in_english(app, signed_in, loan_id):  # noqa: F811
    admin = signed_in("admin")
    borrower = loan_row(app, loan_id).borrower_id
    notice(app, loan_id=loan_id, borrower_id=borrower, subject="Thông báo nợ quá hạn")
    asked = signed_in("officer").post(f"/loans/{loan_id}/restructure", {
        "kind": "reschedule", "effective_date": "20/06/2025", "defer_months": "1", "reason": "Hạn hán"})
    assert asked.status_code == 303
    assert admin.post("/end-of-day", {"through": "31/01/2025"}).status_code == 303
    admin.post("/language", {"lang": "en", "next": "/dashboard"})
    pages = {
        "/dashboard": "Outstanding at month end by debt group",
        f"/loans/{loan_id}": "A restructuring request is awaiting a decision",
        f"/loans/{loan_id}/restructure": "Send the restructuring request",
        asked.headers["Location"]: "Restructuring request",
        f"/loans/{loan_id}/write-off": "Write the loan off",
        f"/loans/{loan_id}/recall": "Recall the loan",
        f"/loans/{loan_id}/checks/new": "Record the check",
        f"/loans/{loan_id}/statement": "Download the statement (PDF)",
        "/notices": "Notices sent to borrowers",
        "/end-of-day": "Counts per step",
        "/reports?month=06/2025": "Outstanding loans report",
        "/reports?month=13/2025": "Invalid month",
        "/settings": "Debt groups by days past due",
        "/settings/products": "Show older versions too",
        "/settings/products/new": "Lending rate (%/year)",
        "/settings/holidays": "Fill in a year's public holidays",
        "/settings/rules": "Adopt a new set",
    }
    for url, text in pages.items():
        page = admin.get(url)
        assert page.status_code in (200, 422), url
        assert text in page.text and "Sign out" in page.text and "Đăng xuất" not in page.text, url
    cooperative = signed_in("borrower", borrower_id=borrower)
    cooperative.post("/language", {"lang": "en", "next": "/portal"})
    for url, text in {"/portal/notices": "Notices from the fund",
                      f"/portal/loans/{loan_id}": "Loan contract (PDF)",
                      f"/portal/loans/{loan_id}/statement?start=01/03/2025": "Loan account statement"}.items():
        page = cooperative.get(url)
        assert page.status_code == 200 and text in page.text, url
