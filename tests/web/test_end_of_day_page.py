"""End of day as a page: an admin runs it through a date and the run shows in the list (newest
first, with its dates and counts per step); the month it closed appears in the dashboard's chart.
Other staff see the runs but not the form, and are refused if they post it; a bad date saves nothing."""
from __future__ import annotations

import pytest

from tests.builders import fund_with_capital, make_borrower, make_product
from tests.web.conftest import active_loan
from tests.web.test_forms import field_error


@pytest.fixture
def one_loan(app):
    fund_with_capital(app)  # capital on 02/01/2025: the fund's first business date
    borrower = make_borrower(app)
    return {"borrower": borrower, "loan": active_loan(app, borrower_id=borrower, product_id=make_product(app))}


def test_an_admin_runs_end_of_day_from_the_page_and_the_run_shows_in_the_list(app, signed_in, as_role, one_loan):
    admin = signed_in("admin")
    page = admin.get("/end-of-day")
    assert page.status_code == 200 and 'action="/end-of-day"' in page.text and "Chưa xử lý ngày nào" in page.text
    assert 'data-testid="month-chart-empty"' in admin.get("/dashboard").text

    response = admin.post("/end-of-day", {"through": "31/01/2025"})
    assert response.status_code == 303
    listed = admin.get(response.headers["Location"])
    assert "Đã xử lý 02/01/2025 – 31/01/2025" in listed.text  # the run's message, in Vietnamese
    runs = as_role("auditor").get("/api/v1/jobs/runs").json["items"]
    assert [(r["status"], r["trigger"], r["first_date"], r["last_date"]) for r in runs] == [
        ("succeeded", "web", "2025-01-02", "2025-01-31")]
    row = listed.text.split(f'data-run="{runs[0]["id"]}"', 1)[1].split("</tr>", 1)[0]
    assert "Thành công" in row and "Trang quản trị" in row and "31/01/2025" in row
    assert "Khóa sổ tháng" in row and "Hạch toán dự thu" in row
    assert "Đã xử lý đến hết ngày 31/01/2025." in listed.text

    again = admin.post("/end-of-day", {"through": "31/01/2025"})
    assert again.status_code == 303
    runs = as_role("auditor").get("/api/v1/jobs/runs").json["items"]
    assert [r["status"] for r in runs] == ["nothing_to_do", "succeeded"]  # newest first
    text = admin.get("/end-of-day").text
    assert text.index(f'data-run="{runs[0]["id"]}"') < text.index(f'data-run="{runs[1]["id"]}"')

    dashboard = admin.get("/dashboard").text
    assert 'data-testid="month-chart"' in dashboard and 'data-month="2025-01-31"' in dashboard
    table = dashboard.split('data-testid="month-chart-table"', 1)[1]
    assert "01/2025" in table and "120.000.000 đ" in table


def test_other_staff_see_the_runs_but_not_the_form_and_are_refused_it(signed_in, one_loan, row_counts):
    for role in ("officer", "approver", "accountant", "auditor"):
        page = signed_in(role).get("/end-of-day")
        assert page.status_code == 200 and 'action="/end-of-day"' not in page.text, role
        before = row_counts()
        assert signed_in(role).post("/end-of-day", {"through": "31/01/2025"}).status_code == 403, role
        assert row_counts() == before
    assert signed_in("borrower", borrower_id=one_loan["borrower"]).get("/end-of-day").status_code == 403


@pytest.mark.parametrize("typed, message", [
    ("01/07/2025", "trong tương lai"),  # today is 30/06/2025: the job's own refusal
    ("31/13/2025", "Ngày không hợp lệ"),
    ("", "Cần nhập mục này"),
    ("   ", "Cần nhập mục này"),
])
def test_a_bad_date_shows_the_error_next_to_it_and_runs_nothing(signed_in, one_loan, row_counts, typed, message):
    admin = signed_in("admin")
    before = row_counts()
    response = admin.post("/end-of-day", {"through": typed})
    assert response.status_code == 422
    assert message in field_error(response.text, "through")
    assert row_counts() == before
