"""The borrower's papers as PDF (domain.md §8): the contract with its schedule, a debt receipt per
disbursement, a receipt per repayment with how it was applied, the statement of account; every
amount in figures (dot thousands) and in Vietnamese words. A borrower user gets its own only."""
from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from ..money_builders import EXAMPLE_DISBURSED_ON, approved_loan_on, capital, disburse, loan_row, pay

API = "/api/v1"


def text_of(response) -> str:
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/pdf"
    # pypdf may break a long line where the PDF wraps it: compare on single spaces.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages).split())


@pytest.fixture
def loan(app):
    """§5: 120,000,000 đ disbursed 10/01/2025, nothing paid on 10/02, 20,000,000 đ paid 20/02."""
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6))
    disbursement = disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    payment = pay(app, loan_id, 20_000_000, date(2025, 2, 20))
    return {"id": loan_id, "disbursement": disbursement["id"], "payment": payment["id"],
            "contract_no": loan_row(app, loan_id).contract_no}


def test_the_contract_shows_the_amount_in_figures_and_words_and_the_schedule(auditor, loan):
    text = text_of(auditor.get(f"{API}/loans/{loan['id']}/contract.pdf"))
    assert "HỢP ĐỒNG TÍN DỤNG" in text and loan["contract_no"] in text
    assert "120.000.000 đ" in text and "Một trăm hai mươi triệu đồng" in text
    assert "7%/năm" in text and "10,5%/năm" in text and "Hợp tác xã Nông nghiệp Tân Phú" in text
    # §3 example 2, with the working-day roll: 713,425 then 590,685 …, total interest 4,541,371.
    assert "713.425" in text and "590.685" in text and "552.329" in text and "12/05/2025" in text
    assert "4.541.371" in text and "124.541.371" in text
    assert "ĐẠI DIỆN BÊN VAY" in text and "ĐẠI DIỆN BÊN CHO VAY" in text


def test_the_debt_receipt_of_a_disbursement_shows_the_amount_received_in_figures_and_words(auditor, loan):
    text = text_of(auditor.get(f"{API}/loans/{loan['id']}/disbursements/{loan['disbursement']}/debt-receipt.pdf"))
    assert "KHẾ ƯỚC NHẬN NỢ" in text and f"{loan['contract_no']}/KU-01" in text
    assert "Số tiền nhận nợ: 120.000.000 đ" in text and "Một trăm hai mươi triệu đồng" in text
    assert "Ngày nhận nợ: 10/01/2025" in text and "10/02/2025" in text and "713.425" in text


def test_the_receipt_of_a_repayment_shows_each_part_it_paid(auditor, loan):
    text = text_of(auditor.get(f"{API}/repayments/{loan['payment']}/receipt.pdf"))
    assert "PHIẾU THU" in text and "Số tiền: 20.000.000 đ" in text and "Hai mươi triệu đồng" in text
    # §5: overdue principal 10,000,000, overdue interest 713,425, penalty 28,767, late 1,955; the
    # remaining 9,255,853 is held for the next instalment.
    for part, amount in (("Nợ gốc quá hạn", "10.000.000"), ("Lãi quá hạn chưa trả", "713.425"),
                         ("Lãi trên nợ gốc quá hạn", "28.767"), ("Lãi chậm trả", "1.955"),
                         ("Tiền trả trước chờ phân bổ kỳ sau", "9.255.853")):
        assert f"{part} {amount}" in text, part
    assert "Tổng cộng 20.000.000" in text and "110.000.000 đ" in text


def test_the_statement_lists_the_transactions_and_the_balances_in_figures_and_words(auditor, loan):
    text = text_of(auditor.get(f"{API}/loans/{loan['id']}/statement.pdf",
                               query_string={"from": "2025-01-10", "to": "2025-02-20"}))
    assert "SAO KÊ TÀI KHOẢN VAY" in text and "từ ngày 10/01/2025 đến ngày 20/02/2025" in text
    assert "Giải ngân / disbursement" in text and "Trả nợ / repayment" in text and "20.000.000" in text
    # After the payment: 110,000,000 of principal; the payoff is §5's 100,955,106.
    assert "110.000.000 đ" in text and "Một trăm mười triệu đồng" in text
    assert "100.955.106 đ" in text and "Một trăm triệu chín trăm năm mươi lăm nghìn một trăm linh sáu đồng" in text


def test_a_bad_statement_range_is_problem_json_naming_the_field(auditor, loan):
    response = auditor.get(f"{API}/loans/{loan['id']}/statement.pdf", query_string={"to": "2025-07-01"})
    assert response.status_code == 422 and "to" in response.json["errors"]
    assert auditor.get(f"{API}/loans/{loan['id']}/statement.pdf",
                       query_string={"from": "hôm qua"}).json["errors"].keys() == {"from"}


def test_a_borrower_user_downloads_its_own_papers_and_gets_404_for_anothers(app, as_role, loan):
    other = approved_loan_on(app, date(2025, 1, 6))
    other_disbursement = disburse(app, other, 50_000_000, date(2025, 1, 15))
    other_payment = pay(app, other, 1_000_000, date(2025, 1, 20))
    portal = as_role("borrower", borrower_id=loan_row(app, loan["id"]).borrower_id)
    own = [f"/loans/{loan['id']}/contract.pdf", f"/loans/{loan['id']}/statement.pdf",
           f"/loans/{loan['id']}/disbursements/{loan['disbursement']}/debt-receipt.pdf",
           f"/repayments/{loan['payment']}/receipt.pdf"]
    others = [f"/loans/{other}/contract.pdf", f"/loans/{other}/statement.pdf",
              f"/loans/{other}/disbursements/{other_disbursement['id']}/debt-receipt.pdf",
              f"/loans/{loan['id']}/disbursements/{other_disbursement['id']}/debt-receipt.pdf",
              f"/repayments/{other_payment['id']}/receipt.pdf", "/repayments/999999/receipt.pdf"]
    for url in own:
        assert portal.get(API + url).mimetype == "application/pdf", url
    for url in others:
        response = portal.get(API + url)
        assert response.status_code == 404 and response.content_type == "application/problem+json", url


def test_before_disbursement_the_contract_carries_the_schedule_it_would_have_if_disbursed_today(app, auditor):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 6, 2), amount=60_000_000)
    text = text_of(auditor.get(f"{API}/loans/{loan_id}/contract.pdf"))
    assert "Lịch trả nợ dự kiến" in text and "60.000.000 đ" in text and "Sáu mươi triệu đồng" in text
    assert "30/07/2025" in text  # a month after today, 30/06/2025
