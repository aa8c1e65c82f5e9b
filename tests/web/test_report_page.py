"""The monthly outstanding-loan report as a page: the totals, the book by debt group, the bad-debt
ratio and the largest exposures are the report service's (the API's JSON), with the files to
download; a bad or future month is shown next to the field; staff only."""
from __future__ import annotations

from datetime import date

import pytest

from tests.builders import fund_with_capital, make_borrower, make_product
from tests.money_builders import loan_row
from tests.web.conftest import active_loan
from tests.web.test_forms import field_error


@pytest.fixture
def book(app):
    fund_with_capital(app)
    product = make_product(app)
    paying = make_borrower(app)
    late = make_borrower(app, name="Hợp tác xã Chè Bảo Lộc", commune="phường Bảo Lộc")
    return {"paying": active_loan(app, borrower_id=paying, product_id=product,
                                  payments=[(date(2025, m, 10), 11_000_000) for m in range(2, 7)]),
            "late": active_loan(app, borrower_id=late, product_id=product, amount=300_000_000)}


def money(amount: int) -> str:
    return f"{amount:,} đ".replace(",", ".")


def test_the_report_page_shows_the_services_figures_and_links_the_files(signed_in, as_role, book):
    page = signed_in("auditor").get("/reports?month=06/2025")
    assert page.status_code == 200
    api = as_role("auditor").get("/api/v1/reports/outstanding?month=2025-06").json
    totals = page.text.split('data-testid="report-totals"', 1)[1].split("</table>", 1)[0]
    for key in ("opening_balance", "disbursed", "principal_collected", "closing_balance", "closing_overdue"):
        assert f'data-total="{key}">{money(api["totals"][key])}<' in totals, key
    groups = page.text.split('data-testid="report-groups"', 1)[1].split("</table>", 1)[0]
    for group in api["groups"]["debt_group"]:
        assert money(group["closing_balance"]) in groups.split(f'data-group="{group["key"]}"', 1)[1].split("</tr>")[0]
    ratio = page.text.split('data-testid="bad-debt-ratio">', 1)[1].split("<", 1)[0]
    assert ratio == f"{float(api['bad_debt']['ratio']) * 100:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"
    exposures = page.text.split('data-testid="exposures"', 1)[1].split("</table>", 1)[0]
    assert exposures.index("Hợp tác xã Chè Bảo Lộc") < exposures.index("Hợp tác xã Nông nghiệp Cà phê Di Linh")
    assert "Chưa khóa sổ" in page.text
    for fmt, kind in (("xlsx", "spreadsheetml"), ("csv", "text/csv"), ("pdf", "application/pdf")):
        link = f"/reports/outstanding.{fmt}?month=2025-06"
        assert link in page.text, fmt
        response = signed_in("auditor").get(link)
        assert response.status_code == 200 and kind in response.content_type, fmt
        assert f'du-no-cho-vay-2025-06.{fmt}' in response.headers["Content-Disposition"]


def test_the_current_month_is_shown_when_none_is_asked(signed_in, book):
    page = signed_in("officer").get("/reports")
    assert page.status_code == 200 and 'value="06/2025"' in page.text and 'data-testid="report-totals"' in page.text


@pytest.mark.parametrize("typed, message", [
    ("13/2025", "Tháng không hợp lệ"),
    ("tháng sáu", "Tháng không hợp lệ"),
    ("07/2025", "chưa đến"),  # today is 30/06/2025
    ("", "Cần nhập mục này"),
])
def test_a_bad_month_is_shown_next_to_its_field(signed_in, book, row_counts, typed, message):
    officer = signed_in("officer")
    before = row_counts()
    for url in (f"/reports?month={typed}", f"/reports/outstanding.xlsx?month={typed}"):
        response = officer.get(url)
        assert response.status_code == 422 and response.content_type.startswith("text/html"), url
        assert message in field_error(response.text, "month"), url
    assert row_counts() == before


def test_only_staff_see_the_reports(app, signed_in, book):
    assert 'href="/reports"' in signed_in("accountant").get("/dashboard").text
    cooperative = signed_in("borrower", borrower_id=loan_row(app, book["late"]).borrower_id)
    assert cooperative.get("/reports").status_code == 403
    assert cooperative.get("/reports/outstanding.csv?month=2025-06").status_code == 403
    assert 'href="/reports"' not in cooperative.get("/portal").text
