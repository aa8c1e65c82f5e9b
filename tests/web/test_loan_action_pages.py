"""Decisions on a loan through the pages: a restructuring asked by one officer and approved by an
approver (never the one who asked), write-off and recoveries, monitoring checks and recall, the
papers to download. Each action is shown only to the role that may take it and refused (403) to the
others; a form with bad input shows the error next to its field and saves nothing."""
from __future__ import annotations

import re
from datetime import date

import pytest

from fundapp.db.models import Loan
from fundapp.services import loan_views
from tests.money_builders import EXAMPLE_DISBURSED_ON, approved_loan_on, capital, disburse, loan_row, pay, session_for
from tests.web.test_forms import field_error

PAID_THROUGH = date(2025, 6, 10)  # five instalments paid on their dates: 70,000,000 đ not yet due


@pytest.fixture
def loan_id(app):
    """§3 example 2's loan (120,000,000 đ, 12 months from 10/01/2025), paid on time through June."""
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6))
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    with session_for(app) as session:
        rows = loan_views.schedule_view(session, session.get(Loan, loan_id), today=PAID_THROUGH)["installments"]
    for row in rows:
        if row["due_date"] <= PAID_THROUGH:
            pay(app, loan_id, row["total"], row["due_date"])
    return loan_id


@pytest.fixture
def unpaid_loan(app):
    """The same loan with nothing ever repaid: 140 days past due on 30/06/2025."""
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6))
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    return loan_id


ACTIONS = {"restructure": "officer", "checks/new": "officer", "write-off": "approver", "recall": "approver"}


def test_each_role_sees_only_the_decisions_it_may_take_and_is_refused_the_others(signed_in, loan_id):
    url = f"/loans/{loan_id}"
    for role in ("officer", "approver", "accountant", "auditor", "admin"):
        page = signed_in(role).get(url)
        assert page.status_code == 200, role
        for action, allowed in ACTIONS.items():
            shown = f'{url}/{action}"' in page.text
            may = role in (allowed, "admin")
            assert shown is may, (role, action)
            assert signed_in(role).get(f"{url}/{action}").status_code == (200 if may else 403), (role, action)
    assert f"{url}/recovery" not in signed_in("accountant").get(url).text  # only once written off


def test_a_restructuring_asked_by_one_officer_is_approved_by_an_approver_through_the_pages(
        app, signed_in, as_role, loan_id):
    officer, approver = signed_in("officer"), signed_in("approver")
    asked = officer.post(f"/loans/{loan_id}/restructure", {
        "kind": "reschedule", "effective_date": "20/06/2025", "defer_months": "3",
        "reason": "Mất mùa cà phê do hạn hán"})
    assert asked.status_code == 303, asked.text
    request_url = asked.headers["Location"]
    request_page = officer.get(request_url)
    assert "Chờ duyệt" in request_page.text and 'data-testid="new-plan"' in request_page.text
    assert "/approve" not in request_page.text  # the officer who asked never sees the decision
    assert officer.post(f"{request_url}/approve", {"decision_no": "12/QĐ-HĐRR"}).status_code == 403
    loan_page = officer.get(f"/loans/{loan_id}")
    assert 'data-testid="pending-restructuring"' in loan_page.text
    assert f"/loans/{loan_id}/restructure\"" not in loan_page.text  # one request at a time

    shown = approver.get(request_url)
    assert f'{request_url}/approve' in shown.text and f'{request_url}/reject' in shown.text
    approved = approver.post(f"{request_url}/approve", {"decision_no": "12/QĐ-HĐRR", "notes": ""})
    assert approved.status_code == 303 and approved.headers["Location"] == f"/loans/{loan_id}"

    api = as_role("auditor")
    schedule = api.get(f"/api/v1/loans/{loan_id}/schedule").json["installments"]
    assert [(r["due_date"], r["principal"]) for r in schedule[5:]] == [
        ("2025-10-10", 17_500_000), ("2025-11-10", 17_500_000), ("2025-12-10", 17_500_000), ("2026-01-12", 17_500_000)]
    assert api.get(f"/api/v1/loans/{loan_id}/balance").json["debt_group"] == 2
    decided = approver.get(request_url).text
    assert "Đã phê duyệt" in decided and "12/QĐ-HĐRR" in decided and "/approve" not in decided
    assert "Các phiên bản lịch trả nợ" in approver.get(f"/loans/{loan_id}").text


def test_an_admin_who_asked_is_not_offered_the_decision_and_an_approver_may_reject(signed_in, loan_id, row_counts):
    admin = signed_in("admin")
    asked = admin.post(f"/loans/{loan_id}/restructure", {
        "kind": "extend", "effective_date": "20/06/2025", "new_maturity": "10/07/2026", "reason": "Mở rộng sản xuất"})
    assert asked.status_code == 303
    url = asked.headers["Location"]
    assert "/approve" not in admin.get(url).text and "Bạn là người đề nghị" in admin.get(url).text
    before = row_counts()
    refused = admin.post(f"{url}/approve", {"decision_no": "13/QĐ"})
    assert refused.status_code == 403 and "khác người đề nghị" in refused.text
    assert row_counts() == before
    rejected = signed_in("approver").post(f"{url}/reject", {"reason": "Chưa đủ hồ sơ"})
    assert rejected.status_code == 303
    assert "Bị từ chối" in signed_in("approver").get(url).text


@pytest.mark.parametrize("changes, field, message", [
    ({"installments": "10/09/2025 20.000.000\nmười hai tháng một"}, "installments", "Dòng 2 không đọc được"),
    ({"effective_date": "01/07/2025"}, "effective_date", "Ngày hiệu lực ở tương lai"),
    ({"effective_date": "31/02/2025"}, "effective_date", "Ngày không hợp lệ"),
    ({"defer_months": ""}, "defer_months", "Nhập lịch trả nợ mới hoặc số tháng lùi"),
    ({"kind": "extend"}, "defer_months", "Gia hạn nợ cần ngày đáo hạn mới"),
    ({"reason": ""}, "reason", "Cần nhập mục này"),
])
def test_a_bad_restructuring_request_shows_the_error_next_to_its_field_and_saves_nothing(
        signed_in, loan_id, row_counts, changes, field, message):
    officer = signed_in("officer")
    before = row_counts()
    response = officer.post(f"/loans/{loan_id}/restructure", {
        "kind": "reschedule", "effective_date": "20/06/2025", "defer_months": "3", "reason": "Hạn hán", **changes})
    assert response.status_code == 422
    assert message in field_error(response.text, field)
    assert row_counts() == before


def test_a_write_off_by_an_approver_then_a_recovery_by_an_accountant(app, signed_in, as_role, unpaid_loan,
                                                                      row_counts):
    url = f"/loans/{unpaid_loan}"
    approver, accountant = signed_in("approver"), signed_in("accountant")
    form = approver.get(f"{url}/write-off")
    assert form.status_code == 200 and "Dự phòng cụ thể đã trích" in form.text
    before = row_counts()
    bad = approver.post(f"{url}/write-off", {"decision_no": "03/QĐ-HĐXLRR", "decided_on": "01/07/2025",
                                            "reason": "Giải thể"})
    assert bad.status_code == 422 and "Ngày quyết định ở tương lai" in field_error(bad.text, "decided_on")
    assert row_counts() == before
    done = approver.post(f"{url}/write-off", {"decision_no": "03/QĐ-HĐXLRR", "decided_on": "25/06/2025",
                                             "reason": "Hợp tác xã giải thể, không còn tài sản"})
    assert done.status_code == 303
    assert as_role("auditor").get(f"/api/v1{url}").json["status"] == "written_off"
    page = accountant.get(url)
    assert f"{url}/recovery" in page.text and f"{url}/repay\"" not in page.text
    assert f"{url}/write-off\"" not in approver.get(url).text

    before = row_counts()
    bad = accountant.post(f"{url}/recovery", {"amount": "năm triệu", "value_date": "30/06/2025"})
    assert bad.status_code == 422 and "Số tiền không hợp lệ" in field_error(bad.text, "amount")
    early = accountant.post(f"{url}/recovery", {"amount": "5.000.000", "value_date": "25/06/2025"})
    assert early.status_code == 422 and "sau ngày xử lý rủi ro" in field_error(early.text, "value_date")
    assert row_counts() == before
    recovered = accountant.post(f"{url}/recovery", {"amount": "5.000.000", "value_date": "30/06/2025",
                                                    "reference": "PT-THN-01"})
    assert recovered.status_code == 303
    assert as_role("auditor").get(f"/api/v1{url}/recoveries").json[0]["amount"] == 5_000_000
    shown = accountant.get(url).text
    assert 'data-testid="recoveries"' in shown and "PT-THN-01" in shown
    assert signed_in("officer").get(f"{url}/recovery").status_code == 403


def test_an_officer_records_a_check_and_an_approver_recalls_the_loan_with_a_notice(app, signed_in, as_role, loan_id,
                                                                                   row_counts):
    url = f"/loans/{loan_id}"
    officer, approver = signed_in("officer"), signed_in("approver")
    before = row_counts()
    bad = officer.post(f"{url}/checks/new", {"checked_on": "09/01/2025", "finding": "misuse"})
    assert bad.status_code == 422 and "trước ngày giải ngân" in field_error(bad.text, "checked_on")
    assert row_counts() == before
    assert officer.post(f"{url}/checks/new", {"checked_on": "18/06/2025", "finding": "misuse",
                                              "notes": "Một phần vốn vay dùng mua ô tô cá nhân"}).status_code == 303
    check_id = as_role("auditor").get(f"/api/v1{url}/monitoring-checks").json[0]["id"]
    assert "Sử dụng vốn sai mục đích" in officer.get(url).text

    form = approver.get(f"{url}/recall")
    assert f'<option value="{check_id}">' in form.text
    before = row_counts()
    bad = approver.post(f"{url}/recall", {"decision_no": "27/QĐ", "value_date": "10/01/2025", "reason": "Sai mục đích"})
    assert bad.status_code == 422 and "sau ngày giải ngân" in field_error(bad.text, "value_date")
    assert row_counts() == before
    done = approver.post(f"{url}/recall", {"decision_no": "27/QĐ-QHTX", "value_date": "20/06/2025",
                                           "monitoring_check_id": str(check_id), "reason": "Sử dụng vốn sai mục đích"})
    assert done.status_code == 303
    page = approver.get(url).text
    assert "Thông báo thu hồi nợ trước hạn" in page and 'data-testid="recalled"' in page
    assert f'{url}/recall"' not in page
    notice_id = as_role("auditor").get(f"/api/v1/notices?loan_id={loan_id}").json["items"][0]["id"]
    assert f"/notices/{notice_id}/letter.pdf" in page


def test_the_papers_of_a_loan_download_as_pdf_and_a_statement_takes_a_range(app, signed_in, as_role, loan_id,
                                                                             row_counts):
    url = f"/loans/{loan_id}"
    auditor = signed_in("auditor")
    page = auditor.get(url).text
    repayment = as_role("auditor").get(f"/api/v1{url}/repayments").json[0]["id"]
    disbursement = as_role("auditor").get(f"/api/v1{url}/disbursements").json[0]["id"]
    for paper in (f"{url}/contract.pdf", f"{url}/disbursements/{disbursement}/debt-receipt.pdf",
                  f"/repayments/{repayment}/receipt.pdf"):
        assert paper in page, paper
        response = auditor.get(paper)
        assert response.status_code == 200 and response.content_type == "application/pdf", paper
        assert response.data.startswith(b"%PDF")
    statement = auditor.get(f"{url}/statement?start=01/03/2025&end=31/03/2025")
    assert statement.status_code == 200 and "Sao kê từ 01/03/2025 đến 31/03/2025" in statement.text
    assert f'formaction="{url}/statement.pdf"' in statement.text
    pdf = auditor.get(f"{url}/statement.pdf?start=01/03/2025&end=31/03/2025")
    assert pdf.status_code == 200 and pdf.content_type == "application/pdf"
    assert "sao-ke-" in pdf.headers["Content-Disposition"] and "20250301-20250331" in pdf.headers["Content-Disposition"]
    before = row_counts()
    for bad, field, message in (("start=31/03/2025&end=01/03/2025", "start", "Khoảng ngày không hợp lệ"),
                                ("end=01/07/2025", "end", "Khoảng ngày không hợp lệ"),
                                ("start=3/2025", "start", "Ngày không hợp lệ")):
        for suffix in ("statement", "statement.pdf"):
            response = auditor.get(f"{url}/{suffix}?{bad}")
            assert response.status_code == 422 and response.content_type.startswith("text/html"), (bad, suffix)
            assert message in field_error(response.text, field), (bad, suffix)
    assert row_counts() == before


def test_a_cooperative_downloads_its_own_papers_and_gets_404_for_anothers(app, signed_in, as_role, loan_id):
    other = approved_loan_on(app, date(2025, 1, 6))
    disburse(app, other, 120_000_000, EXAMPLE_DISBURSED_ON)
    cooperative = signed_in("borrower", borrower_id=loan_row(app, loan_id).borrower_id)
    page = cooperative.get(f"/portal/loans/{loan_id}").text
    assert f"/portal/loans/{loan_id}/contract.pdf" in page and f"/portal/loans/{loan_id}/statement" in page
    receipt = re.search(r'/portal/repayments/(\d+)/receipt\.pdf', page)
    assert receipt and cooperative.get(receipt.group(0)).content_type == "application/pdf"
    statement = cooperative.get(f"/portal/loans/{loan_id}/statement.pdf?start=10/01/2025&end=30/06/2025")
    assert statement.status_code == 200 and statement.content_type == "application/pdf"
    for url in (f"/portal/loans/{other}/contract.pdf", f"/portal/loans/{other}/statement",
                f"/portal/loans/{other}/statement.pdf"):
        assert cooperative.get(url).status_code == 404, url
    their_payment = as_role("auditor").get(f"/api/v1/loans/{loan_id}/repayments").json[0]["id"]
    assert signed_in("borrower", borrower_id=loan_row(app, other).borrower_id).get(
        f"/portal/repayments/{their_payment}/receipt.pdf").status_code == 404
    assert cooperative.get(f"/loans/{loan_id}/contract.pdf").status_code == 403


def test_a_decision_without_its_number_or_reason_shows_the_error_next_to_it_and_saves_nothing(signed_in, loan_id,
                                                                                             row_counts):
    asked = signed_in("officer").post(f"/loans/{loan_id}/restructure", {
        "kind": "reschedule", "effective_date": "20/06/2025", "defer_months": "2", "reason": "Hạn hán"})
    url = asked.headers["Location"]
    approver = signed_in("approver")
    before = row_counts()
    approve = approver.post(f"{url}/approve", {"decision_no": "  ", "notes": "Đồng ý"})
    assert approve.status_code == 422 and "Cần nhập mục này" in field_error(approve.text, "decision_no")
    reject = approver.post(f"{url}/reject", {"reason": ""})
    assert reject.status_code == 422 and "Cần nhập mục này" in field_error(reject.text, "reason")
    assert row_counts() == before
    assert "Chờ duyệt" in approver.get(url).text
