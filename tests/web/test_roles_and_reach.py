"""What a role may not do is neither shown to it nor allowed; a cooperative sees only its own
loans and applications (404 for anyone else's, as in the API); the API keeps its problem+json."""
from __future__ import annotations

import pytest

from tests.builders import fund_with_capital, make_application, make_borrower, make_product
from tests.web.conftest import active_loan


@pytest.fixture
def two_cooperatives(app):
    fund_with_capital(app)
    product = make_product(app)
    di_linh = make_borrower(app)
    bao_loc = make_borrower(app, name="Hợp tác xã Chè Bảo Lộc", commune="phường Bảo Lộc")
    return {"product": product, "ours": di_linh, "theirs": bao_loc,
            "our_loan": active_loan(app, borrower_id=di_linh, product_id=product),
            "their_loan": active_loan(app, borrower_id=bao_loc, product_id=product),
            "their_application": make_application(app, borrower_id=bao_loc, product_id=product)}


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_sign_in_page(browser):
    response = browser().get("/borrowers?name=Di+Linh")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login?next=") and "borrowers" in response.headers["Location"]


def test_an_auditor_sees_no_button_to_add_a_borrower_and_is_refused_the_form(app, signed_in, row_counts):
    auditor = signed_in("auditor")
    listing = auditor.get("/borrowers")
    assert listing.status_code == 200 and "/borrowers/new" not in listing.text
    before = row_counts()
    assert auditor.get("/borrowers/new").status_code == 403
    refused = auditor.post("/borrowers/new", {"kind": "cooperative", "name": "HTX Thử", "commune": "xã Di Linh",
                                              "sector": "agriculture"})
    assert refused.status_code == 403
    assert row_counts() == before


def test_each_role_sees_only_the_actions_it_may_take_on_a_loan(app, signed_in, two_cooperatives):
    url = f"/loans/{two_cooperatives['our_loan']}"
    officer, accountant = signed_in("officer").get(url).text, signed_in("accountant").get(url).text
    assert "/repay" not in officer and "/reverse" not in officer
    assert f"/loans/{two_cooperatives['our_loan']}/repay" in accountant
    assert signed_in("officer").get(f"/loans/{two_cooperatives['our_loan']}/repay").status_code == 403
    assert "/applications/new" not in signed_in("accountant").get("/applications").text


def test_a_cooperative_is_refused_the_console_and_staff_the_portal(app, signed_in, two_cooperatives):
    cooperative = signed_in("borrower", borrower_id=two_cooperatives["ours"])
    assert cooperative.get("/dashboard").status_code == 403
    assert cooperative.get(f"/loans/{two_cooperatives['our_loan']}").status_code == 403
    assert signed_in("officer").get("/portal").status_code == 403


def test_another_cooperatives_loan_or_application_is_not_found(app, signed_in, two_cooperatives, row_counts):
    cooperative = signed_in("borrower", borrower_id=two_cooperatives["ours"])
    assert cooperative.get(f"/portal/loans/{two_cooperatives['our_loan']}").status_code == 200
    theirs = cooperative.get(f"/portal/loans/{two_cooperatives['their_loan']}")
    missing = cooperative.get("/portal/loans/999999")
    assert theirs.status_code == missing.status_code == 404
    assert "Hợp tác xã Chè Bảo Lộc" not in theirs.text
    assert cooperative.get(f"/portal/applications/{two_cooperatives['their_application']}").status_code == 404
    before = row_counts()
    submit = cooperative.post(f"/portal/applications/{two_cooperatives['their_application']}/submit")
    assert submit.status_code == 404
    assert row_counts() == before


def test_a_cooperative_applies_only_in_its_own_name(app, signed_in, two_cooperatives):
    cooperative = signed_in("borrower", borrower_id=two_cooperatives["ours"])
    form = cooperative.get("/portal/applications/new").text
    assert "Hợp tác xã Chè Bảo Lộc" not in form
    response = cooperative.post("/portal/applications/new", {
        "borrower_id": two_cooperatives["theirs"], "product_id": two_cooperatives["product"], "amount": "100.000.000",
        "term_months": "12", "grace_months": "0", "purpose": "Mua giống chè", "total_investment": "200.000.000",
        "own_capital": "100.000.000"})
    assert response.status_code == 303
    page = cooperative.get(response.headers["Location"])
    assert "Hợp tác xã Nông nghiệp Cà phê Di Linh" in page.text and "Bảo Lộc" not in page.text


def test_pages_answer_errors_in_html_and_the_api_keeps_problem_json(app, signed_in, anonymous):
    page = signed_in("officer").get("/no-such-page")
    assert page.status_code == 404 and page.content_type.startswith("text/html")
    api = anonymous.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.content_type == "application/problem+json"
    assert anonymous.get("/api/v1/fund").content_type == "application/problem+json"
