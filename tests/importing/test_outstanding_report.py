"""An imported book in the monthly outstanding-loan report: a loan disbursed years ago enters the
month it is imported in with what it owed at the previous month end, not as money lent this month,
and the month reads the same once closed."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from fundapp.db.models import Loan
from fundapp.services import month_close
from fundapp.services.loans import state_of
from fundapp.services.reports.rows import MONEY
from tests import builders, money_builders
from tests.importing.book import PRODUCTS, TODAY
from tests.importing.conftest import CODES, book, upload
from tests.reports.test_outstanding import assert_adds_up, report

MAY_END = date(2025, 5, 31)


@pytest.mark.parametrize("may_closed", [True, False], ids=["may-closed-before-the-import", "going-live-in-june"])
def test_an_imported_loan_opens_its_first_month_with_its_balance_at_the_previous_month_end(
        app, admin, officer, may_closed):
    money_builders.capital(app, value_date=date(2024, 12, 2))
    for key, spec in PRODUCTS.items():
        builders.make_product(app, code=CODES[key], **spec)
    if may_closed:  # the fund already runs on the system; the book of a merged fund comes in later
        with money_builders.session_for(app) as session:
            month_close.close(session, month_end=MAY_END)
    assert upload(admin, book(8, 10, 14).xlsx(CODES)).status_code == 201

    june = report(officer, "2025-06")

    assert june["closed"] is False and june["as_of"] == TODAY.isoformat()
    assert_adds_up(june)
    with money_builders.session_for(app) as session:
        imported = {loan.id: loan for loan in session.scalars(select(Loan).where(Loan.import_batch_id.is_not(None)))}
        at_may_end = {row["loan_id"]: state_of(session, imported[row["loan_id"]], as_of=MAY_END)
                      for row in june["rows"]}
    assert june["rows"] and all(imported[row["loan_id"]].disbursed_on <= MAY_END for row in june["rows"])
    for row in june["rows"]:
        assert row["opening_balance"] == at_may_end[row["loan_id"]].balance.principal_outstanding, row
        assert row["disbursed"] == 0, row  # lent in 2023–2024, not in June
    assert june["totals"]["opening_balance"] > 0

    with money_builders.session_for(app) as session:
        month_close.close(session, month_end=TODAY)
    closed = report(officer, "2025-06")

    assert closed["closed"] is True
    assert_adds_up(closed)
    assert [{key: row[key] for key in MONEY} for row in closed["rows"]] == \
           [{key: row[key] for key in MONEY} for row in june["rows"]]
