"""issue 7, "what it must show", in a real browser: an application from creation to repayment by
four people; a cooperative on a phone; another cooperative's loan URL; a bad amount."""
from __future__ import annotations

from datetime import date

import pytest

from tests.browser.conftest import screenshot, sign_in, sign_out
from tests.builders import fund_with_capital, make_borrower, make_product
from tests.conftest import PASSWORD, make_user
from tests.web.conftest import active_loan

pytestmark = pytest.mark.browser


@pytest.fixture
def fund(app):
    fund_with_capital(app, 7_500_000_000)
    coop = make_borrower(app, legal_representative="Ông K'Brơi Ha Đăng", phone="0263 3871 234")
    product = make_product(app, name="Cho vay sản xuất nông nghiệp")
    return {"coop": coop, "product": product}


def staff(app, role: str, who: str = "") -> str:
    email = f"{role}{who}.ui@quy.test"
    make_user(app, email=email, role=role)
    return email


def test_an_application_goes_from_creation_to_repayment_and_the_page_shows_the_apis_balance(
        app, fund, open_page, as_role):
    maker, appraiser = staff(app, "officer", "-a"), staff(app, "officer", "-b")
    approver, accountant = staff(app, "approver"), staff(app, "accountant")
    page = open_page()

    sign_in(page, maker, PASSWORD)
    page.goto(f"/borrowers/{fund['coop']}")
    screenshot(page, "borrower")
    page.get_by_role("link", name="Lập hồ sơ vay").click()
    page.get_by_label("Sản phẩm cho vay").select_option(str(fund["product"]))
    page.get_by_label("Số tiền đề nghị vay (đồng)").fill("600.000.000")
    page.get_by_label("Thời hạn vay (tháng)").fill("24")
    page.get_by_label("Tổng mức đầu tư của phương án (đồng)").fill("1.200.000.000")
    page.get_by_label("Vốn tự có tham gia (đồng)").fill("600000000")
    page.get_by_label("Mục đích vay").fill("Mua máy sấy cà phê và mở rộng nhà xưởng")
    page.get_by_role("button", name="Lưu hồ sơ nháp").click()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    assert page.get_by_test_id("application-status").inner_text().strip() == "Đã nộp"
    application_url = page.url
    sign_out(page)

    sign_in(page, appraiser, PASSWORD)
    page.goto(application_url)
    page.get_by_role("link", name="Thẩm định").click()
    page.get_by_label("Ngày tra cứu nợ xấu (CIC)").fill("25/06/2025")
    page.get_by_label("Kết quả tra cứu nợ xấu").select_option("no")
    page.locator("#collateral-0-kind").select_option("land_buildings")
    page.locator("#collateral-0-description").fill("Nhà xưởng sơ chế cà phê, thửa đất số 112")
    page.locator("#collateral-0-value").fill("800.000.000")
    page.get_by_label("Ý kiến thẩm định").fill("Phương án kinh doanh khả thi")
    page.get_by_role("button", name="Ghi kết quả thẩm định").click()
    assert page.get_by_test_id("application-status").inner_text().strip() == "Đã thẩm định"
    sign_out(page)

    sign_in(page, approver, PASSWORD)
    page.goto(application_url)
    assert page.locator("[data-rule][data-passed=no]").count() == 0
    assert page.locator("[data-rule]").count() >= 8  # every condition, rule by rule
    screenshot(page, "application-approval")
    page.get_by_label("Số quyết định cho vay").fill("45/QĐ-QHTX")
    page.get_by_role("button", name="Phê duyệt cho vay").click()
    page.wait_for_url("**/loans/*")
    loan_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    sign_out(page)

    sign_in(page, accountant, PASSWORD)
    page.goto(f"/loans/{loan_id}")
    page.get_by_role("link", name="Giải ngân").click()
    page.get_by_label("Số chứng từ").fill("UNC-0630")
    page.get_by_role("button", name="Giải ngân").click()
    page.get_by_role("link", name="Thu nợ").click()
    page.get_by_label("Số tiền (đồng)").fill("15.000.000")
    page.get_by_label("Số chứng từ").fill("PT-0630")
    page.get_by_role("button", name="Xem trước cách phân bổ").click()
    assert "15.000.000 đ" in page.get_by_test_id("preview").inner_text()
    screenshot(page, "repayment-preview")
    page.get_by_role("button", name="Xác nhận ghi khoản trả nợ").click()
    page.wait_for_url(f"**/loans/{loan_id}")

    api = as_role("auditor").get(f"/api/v1/loans/{loan_id}/balance").json
    assert page.get_by_test_id("principal-outstanding").inner_text() == "600.000.000 đ"
    assert page.get_by_test_id("payoff-amount").inner_text() == f"{api['payoff_amount']:,} đ".replace(",", ".")
    assert page.get_by_test_id("advance").inner_text() == f"{api['advance']:,} đ".replace(",", ".")
    screenshot(page, "loan")
    page.get_by_role("link", name="Tổng quan").click()
    assert page.get_by_test_id("outstanding").inner_text() == "600.000.000 đ"
    screenshot(page, "dashboard")


def test_a_cooperative_on_a_phone_sees_the_balance_the_api_gives(app, fund, open_page, as_role):
    loan_id = active_loan(app, borrower_id=fund["coop"], product_id=fund["product"],
                          payments=[(date(2025, 2, 20), 20_000_000), (date(2025, 4, 10), 10_600_000)])
    make_user(app, email="htx.dilinh@quy.test", role="borrower", borrower_id=fund["coop"])
    api = as_role("borrower", borrower_id=fund["coop"]).get(f"/api/v1/loans/{loan_id}/balance").json
    page = open_page(phone=True)

    sign_in(page, "htx.dilinh@quy.test", PASSWORD)
    assert page.url.endswith("/portal")
    money = lambda amount: f"{amount:,} đ".replace(",", ".")  # noqa: E731
    assert page.get_by_test_id("principal-outstanding").inner_text() == money(api["principal_outstanding"])
    assert page.get_by_test_id("payoff-amount").inner_text() == money(api["payoff_amount"])
    next_date = date.fromisoformat(api["next_due_date"])
    assert page.get_by_test_id("next-due-date").inner_text() == f"{next_date:%d/%m/%Y}"
    assert page.get_by_test_id("next-due-words").inner_text().endswith("đồng")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    screenshot(page, "portal-phone")

    page.get_by_role("link", name="Xem chi tiết").click()
    page.get_by_label("Dư nợ tại ngày").fill("20/02/2025")
    page.get_by_role("button", name="Xem").click()
    on_that_day = as_role("borrower", borrower_id=fund["coop"]).get(
        f"/api/v1/loans/{loan_id}/balance?as_of=2025-02-20").json
    assert page.get_by_test_id("payoff-amount").inner_text() == money(on_that_day["payoff_amount"])
    assert page.get_by_test_id("advance").inner_text() == money(on_that_day["advance"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "portal-loan-phone")


def test_a_cooperative_typing_another_cooperatives_loan_url_gets_404(app, fund, open_page):
    other = make_borrower(app, name="Hợp tác xã Chè Bảo Lộc", commune="phường Bảo Lộc")
    theirs = active_loan(app, borrower_id=other, product_id=fund["product"])
    make_user(app, email="htx.dilinh@quy.test", role="borrower", borrower_id=fund["coop"])
    page = open_page(phone=True)
    sign_in(page, "htx.dilinh@quy.test", PASSWORD)
    response = page.goto(f"/portal/loans/{theirs}")
    assert response.status == 404
    assert "Không tìm thấy" in page.locator("h1").inner_text()
    assert "Bảo Lộc" not in page.content()


def test_a_bad_amount_shows_its_error_next_to_the_field_and_saves_nothing(app, fund, open_page, row_counts):
    page = open_page()
    sign_in(page, staff(app, "officer"), PASSWORD)
    page.goto(f"/applications/new?borrower_id={fund['coop']}")
    before = row_counts()
    page.get_by_label("Số tiền đề nghị vay (đồng)").fill("sáu trăm triệu")
    page.get_by_label("Thời hạn vay (tháng)").fill("24")
    page.get_by_label("Tổng mức đầu tư của phương án (đồng)").fill("1.200.000.000")
    page.get_by_label("Vốn tự có tham gia (đồng)").fill("600.000.000")
    page.get_by_label("Mục đích vay").fill("Mua máy sấy")
    page.get_by_role("button", name="Lưu hồ sơ nháp").click()
    amount = page.get_by_label("Số tiền đề nghị vay (đồng)")
    assert amount.get_attribute("aria-invalid") == "true"
    error = page.locator("#amount-error")
    assert "Số tiền không hợp lệ" in error.inner_text()
    assert "amount-error" in amount.get_attribute("aria-describedby")
    # The message sits right under its own field, not somewhere else on the page.
    field_box, error_box = amount.bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 60
    screenshot(page, "form-error")
    assert row_counts() == before


def test_the_pages_can_be_used_with_the_keyboard_alone(app, fund, open_page):
    page = open_page()
    page.goto("/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Bỏ qua, đến nội dung chính"
    screenshot(page, "login", full_page=False)
    page.get_by_label("Email").focus()
    page.keyboard.type(staff(app, "officer"))
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard")
