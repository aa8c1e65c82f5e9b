"""Forms: amounts typed as 1.500.000 or 1500000, each error next to its field in Vietnamese, and
nothing saved when a form has an error; CSRF on every form; the repayment preview saves nothing."""
from __future__ import annotations


import pytest

from tests.builders import fund_with_capital, make_borrower, make_product
from tests.web.conftest import active_loan


@pytest.fixture
def coop_and_product(app):
    fund_with_capital(app)
    return make_borrower(app), make_product(app)


def application(borrower, product, **changes):
    values = {"borrower_id": borrower, "product_id": product, "amount": "600.000.000", "term_months": "24",
              "grace_months": "0", "purpose": "Mua máy sấy cà phê", "total_investment": "1.200.000.000",
              "own_capital": "600000000"}
    values.update(changes)
    return values


def field_error(html: str, field: str) -> str:
    marker = f'data-field-error="{field}">'
    assert marker in html, f"no error shown next to {field}"
    return html.split(marker, 1)[1].split("</div>", 1)[0]


def test_a_bad_amount_is_shown_next_to_its_field_and_nothing_is_saved(signed_in, coop_and_product, row_counts):
    officer = signed_in("officer")
    before = row_counts()
    response = officer.post("/applications/new", application(*coop_and_product, amount="1,5 tỷ"))
    assert response.status_code == 422
    assert "Số tiền không hợp lệ" in field_error(response.text, "amount")
    assert 'value="1,5 tỷ"' in response.text  # what was typed is kept for correcting
    assert row_counts() == before


def test_amounts_with_and_without_thousands_dots_are_the_same(app, signed_in, coop_and_product, as_role):
    officer = signed_in("officer")
    dotted = officer.post("/applications/new", application(*coop_and_product, amount="600.000.000"))
    plain = officer.post("/applications/new", application(*coop_and_product, amount="600000000"))
    assert dotted.status_code == plain.status_code == 303
    ids = [int(r.headers["Location"].rsplit("/", 1)[1]) for r in (dotted, plain)]
    amounts = {as_role("auditor").get(f"/api/v1/loan-applications/{i}").json["amount"] for i in ids}
    assert amounts == {600_000_000}


def test_a_refusal_by_the_service_is_shown_next_to_the_field_it_names(signed_in, coop_and_product, row_counts):
    officer = signed_in("officer")
    before = row_counts()
    response = officer.post("/applications/new", application(*coop_and_product, own_capital="1.300.000.000"))
    assert response.status_code == 422
    assert "Vốn tự có không thể lớn hơn tổng mức đầu tư" in field_error(response.text, "own_capital")
    assert row_counts() == before


def test_a_console_form_sent_without_its_csrf_token_is_refused(signed_in, coop_and_product, row_counts):
    officer = signed_in("officer")
    before = row_counts()
    response = officer.post("/applications/new", application(*coop_and_product), token=False)
    assert response.status_code == 400
    assert row_counts() == before


def test_a_form_with_another_sessions_token_is_refused(signed_in, coop_and_product, row_counts):
    officer, other = signed_in("officer"), signed_in("officer", "2")
    before = row_counts()
    response = officer.post("/applications/new", {**application(*coop_and_product), "csrf_token": other.token})
    assert response.status_code == 400
    assert row_counts() == before


def test_the_repayment_preview_saves_nothing_and_confirming_records_what_it_showed(app, signed_in, row_counts,
                                                                                  coop_and_product, as_role):
    borrower, product = coop_and_product
    loan_id = active_loan(app, borrower_id=borrower, product_id=product)
    accountant = signed_in("accountant")
    before = row_counts()
    preview = accountant.post(f"/loans/{loan_id}/repay", {"amount": "20.000.000", "value_date": "20/02/2025",
                                                          "reference": "PT-07"})
    assert preview.status_code == 200 and 'data-testid="preview"' in preview.text
    assert row_counts() == before
    shown = {part: preview.text.split(f'data-part="{part}">', 1)[1].split("<", 1)[0]
             for part in ("principal_overdue", "interest_overdue", "penalty_interest", "late_interest", "advance")}
    # domain.md §5's worked example: nothing paid on 10/02, 20,000,000 đ paid on 20/02.
    assert shown == {"principal_overdue": "10.000.000 đ", "interest_overdue": "713.425 đ",
                     "penalty_interest": "28.767 đ", "late_interest": "1.955 đ", "advance": "9.255.853 đ"}
    confirmed = accountant.post(f"/loans/{loan_id}/repay", {"amount": "20.000.000", "value_date": "20/02/2025",
                                                            "reference": "PT-07", "confirm": "yes"})
    assert confirmed.status_code == 303
    recorded = as_role("auditor").get(f"/api/v1/loans/{loan_id}/repayments").json[-1]
    assert (recorded["principal_overdue"], recorded["advance"]) == (10_000_000, 9_255_853)


def test_a_repayment_above_the_payoff_is_refused_next_to_the_amount(app, signed_in, coop_and_product, row_counts):
    borrower, product = coop_and_product
    loan_id = active_loan(app, borrower_id=borrower, product_id=product)
    accountant = signed_in("accountant")
    before = row_counts()
    response = accountant.post(f"/loans/{loan_id}/repay", {"amount": "500.000.000", "value_date": "30/06/2025",
                                                           "confirm": "yes"})
    assert response.status_code == 422
    assert field_error(response.text, "amount")
    assert row_counts() == before


def test_the_language_switch_shows_the_pages_in_english(signed_in):
    officer = signed_in("officer")
    assert "Đăng xuất" in officer.get("/dashboard").text
    officer.post("/language", {"lang": "en", "next": "/dashboard"})
    page = officer.get("/dashboard").text
    assert "Sign out" in page and "Available to lend" in page and 'lang="en"' in page


def test_every_text_of_the_pages_has_an_english_translation():
    from pathlib import Path

    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    import fundapp.web as web

    root = Path(web.__file__).parent
    with (root / "translations/en/LC_MESSAGES/messages.po").open("rb") as source:
        english = {m.id: m.string for m in read_po(source) if m.id}
    texts = {message for _f, _l, message, _c, _ctx in extract_from_dir(
        str(root), [("templates/**.html", "jinja2"), ("**.py", "python")],
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}},
        keywords={"_": None, "_l": None})}
    assert sorted(t for t in texts if not english.get(t)) == []
