"""End of day and the monthly report in a real browser: an admin runs end of day from its page, the
run shows in the list, and the month it closed is reported (figures as the API gives them) with its
files to download. Screenshots: docs/screenshots/end-of-day.png and reports.png."""
from __future__ import annotations

from datetime import date

import pytest

from tests.browser.conftest import screenshot, sign_in
from tests.builders import fund_with_capital, make_borrower, make_product
from tests.conftest import PASSWORD, make_user
from tests.web.conftest import active_loan

pytestmark = pytest.mark.browser


@pytest.fixture
def book(app):
    fund_with_capital(app, 7_500_000_000)
    product = make_product(app, name="Cho vay sản xuất nông nghiệp")
    di_linh = make_borrower(app, legal_representative="Ông K'Brơi Ha Đăng")
    bao_loc = make_borrower(app, name="Hợp tác xã Chè Bảo Lộc", commune="phường Bảo Lộc", sector="industry_handicraft")
    duc_trong = make_borrower(app, name="Hợp tác xã Rau an toàn Đức Trọng", commune="xã Đức Trọng")
    active_loan(app, borrower_id=di_linh, product_id=product, amount=600_000_000, term_months=24,
                payments=[(date(2025, m, 10), 28_600_000) for m in range(2, 7)])
    active_loan(app, borrower_id=bao_loc, product_id=product, amount=300_000_000, term_months=12,
                payments=[(date(2025, 2, 10), 26_800_000)])  # then stopped paying
    active_loan(app, borrower_id=duc_trong, product_id=product, amount=120_000_000, term_months=12,
                disbursed_on=date(2025, 3, 3), payments=[(date(2025, 4, 3), 10_700_000)])


def money(amount: int) -> str:
    return f"{amount:,} đ".replace(",", ".")


def test_an_admin_runs_end_of_day_and_reads_the_month_it_closed(app, book, open_page, as_role):
    make_user(app, email="admin.ui@quy.test", role="admin")
    page = open_page()
    sign_in(page, "admin.ui@quy.test", PASSWORD)

    page.get_by_role("link", name="Cuối ngày").click()
    page.get_by_label("Xử lý đến hết ngày").fill("31/05/2025")
    page.get_by_role("button", name="Chạy cuối ngày").click()
    page.wait_for_url("**/end-of-day?run=*")
    assert page.get_by_test_id("run-status").first.inner_text() == "Thành công"
    assert page.get_by_test_id("last-done").inner_text() == "Đã xử lý đến hết ngày 31/05/2025."
    runs = as_role("auditor").get("/api/v1/jobs/runs").json["items"]
    assert (runs[0]["trigger"], runs[0]["last_date"]) == ("web", "2025-05-31")
    screenshot(page, "end-of-day")

    page.get_by_role("link", name="Báo cáo").click()
    page.get_by_label("Tháng báo cáo").fill("05/2025")
    page.get_by_role("button", name="Xem báo cáo").click()
    assert "Đã khóa sổ" in page.get_by_test_id("report-state").inner_text()
    api = as_role("auditor").get("/api/v1/reports/outstanding?month=2025-05").json
    closing = page.locator('[data-total="closing_balance"]').inner_text()
    assert closing == money(api["totals"]["closing_balance"])
    assert page.locator("[data-testid=exposures] tbody tr").count() == 3
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel (XLSX)").click()
    assert download.value.suggested_filename == "du-no-cho-vay-2025-05.xlsx"
    screenshot(page, "reports")

    page.get_by_role("link", name="Tổng quan").click()
    assert page.locator("[data-testid=month-chart] [data-month]").count() == 5  # January to May
