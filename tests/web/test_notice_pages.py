"""Notices through the pages: a cooperative sees only its own, each with its printable letter, and
gets 404 for another's letter; officers see every notice; each list is refused to the other side."""
from __future__ import annotations

from datetime import date

import pytest

from fundapp.clock import now_utc
from fundapp.db.models import Notice
from tests.builders import fund_with_capital, make_borrower, make_product
from tests.money_builders import session_for
from tests.web.conftest import active_loan


def notice(app, *, loan_id: int, borrower_id: int, subject: str, kind: str = "overdue", total: int = 10_713_425) -> int:
    with session_for(app) as session:
        row = Notice(event_key=f"test:{loan_id}:{subject}", kind=kind, borrower_id=borrower_id, loan_id=loan_id,
                     business_date=date(2025, 2, 11), subject=subject,
                     body=f"Kính gửi Quý khách,\nKhoản vay có {total:,} đ quá hạn.".replace(",", "."),
                     figures={"total": total}, email_to=None, created_at=now_utc())
        session.add(row)
        session.flush()
        return row.id


@pytest.fixture
def two_cooperatives(app):
    fund_with_capital(app)
    product = make_product(app)
    ours = make_borrower(app)
    theirs = make_borrower(app, name="Hợp tác xã Chè Bảo Lộc", commune="phường Bảo Lộc")
    our_loan = active_loan(app, borrower_id=ours, product_id=product)
    their_loan = active_loan(app, borrower_id=theirs, product_id=product)
    return {"ours": ours, "theirs": theirs, "our_loan": our_loan,
            "our_notice": notice(app, loan_id=our_loan, borrower_id=ours, subject="Thông báo nợ quá hạn – Di Linh"),
            "their_notice": notice(app, loan_id=their_loan, borrower_id=theirs,
                                   subject="Thông báo nợ quá hạn – Bảo Lộc")}


def test_a_cooperative_sees_only_its_own_notices_and_prints_their_letters(signed_in, two_cooperatives):
    cooperative = signed_in("borrower", borrower_id=two_cooperatives["ours"])
    page = cooperative.get("/portal/notices")
    assert page.status_code == 200
    assert "Thông báo nợ quá hạn – Di Linh" in page.text and "Bảo Lộc" not in page.text
    letter = f"/portal/notices/{two_cooperatives['our_notice']}/letter.pdf"
    assert letter in page.text
    response = cooperative.get(letter)
    assert response.status_code == 200 and response.content_type == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "Thông báo nợ quá hạn – Di Linh" in cooperative.get(f"/portal/loans/{two_cooperatives['our_loan']}").text
    assert "/portal/notices" in cooperative.get("/portal").text  # in the portal's menu


def test_another_cooperatives_letter_is_not_found(signed_in, two_cooperatives):
    cooperative = signed_in("borrower", borrower_id=two_cooperatives["ours"])
    theirs = cooperative.get(f"/portal/notices/{two_cooperatives['their_notice']}/letter.pdf")
    missing = cooperative.get("/portal/notices/999999/letter.pdf")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.content_type.startswith("text/html") and "Bảo Lộc" not in theirs.text


def test_officers_see_every_notice_filtered_by_kind_and_the_lists_are_refused_across(signed_in, two_cooperatives):
    officer = signed_in("officer")
    page = officer.get("/notices")
    assert page.status_code == 200
    assert "Di Linh" in page.text and "Bảo Lộc" in page.text
    assert f"/notices/{two_cooperatives['their_notice']}/letter.pdf" in page.text
    assert officer.get(f"/notices/{two_cooperatives['their_notice']}/letter.pdf").content_type == "application/pdf"
    assert "Bảo Lộc" not in officer.get("/notices?kind=reminder").text
    assert "Bảo Lộc" not in officer.get(f"/notices?loan_id={two_cooperatives['our_loan']}").text
    cooperative = signed_in("borrower", borrower_id=two_cooperatives["ours"])
    assert cooperative.get("/notices").status_code == 403
    assert cooperative.get(f"/notices/{two_cooperatives['our_notice']}/letter.pdf").status_code == 403
    assert officer.get("/portal/notices").status_code == 403
    assert 'href="/notices"' in signed_in("auditor").get("/dashboard").text
