"""Exposure (Decree 45 Art. 23): what is outstanding plus what is approved and not yet disbursed,
over approved and active loans, for one borrower, its related group and the whole fund."""
from __future__ import annotations

import pytest

from fundapp.db.models import Loan, LoanStatus
from fundapp.db.session import transaction
from fundapp.services import exposure
from tests.builders import approved_loan, fund_with_capital, make_borrower, make_group, make_product


# The loans' money columns are set by hand here (as the money engine would after a disbursement
# and a repayment) without posting to the ledger, so the after-test ledger check is skipped.
@pytest.mark.corrupts_ledger
def test_exposure_counts_the_outstanding_and_the_undisbursed_of_approved_and_active_loans_only(app):
    fund_with_capital(app, 20_000_000_000)
    group, product = make_group(app), make_product(app)
    coop = make_borrower(app, related_group_id=group)
    relative = make_borrower(app, name="Hợp tác xã Chè Cầu Đất", related_group_id=group)
    stranger = make_borrower(app, name="Hợp tác xã Thủy sản Mũi Né")
    active = approved_loan(app, borrower_id=coop, product_id=product, amount=1_000_000_000)
    closed = approved_loan(app, borrower_id=coop, product_id=product, amount=300_000_000)
    approved_loan(app, borrower_id=relative, product_id=product, amount=200_000_000)
    approved_loan(app, borrower_id=stranger, product_id=product, amount=500_000_000)

    with transaction(app.extensions["fundapp.session_factory"]) as session:
        loan = session.get(Loan, active)
        loan.status, loan.disbursed_amount, loan.cached_principal_outstanding = LoanStatus.ACTIVE, 400_000_000, 250_000_000
        done = session.get(Loan, closed)
        done.status, done.disbursed_amount = LoanStatus.CLOSED, 300_000_000

    with app.extensions["fundapp.session_factory"]() as session:
        own = exposure.borrower_exposure(session, coop)
        together = exposure.group_exposure(session, group)
        assert (own.outstanding, own.approved_undisbursed, own.total) == (250_000_000, 600_000_000, 850_000_000)
        assert (together.outstanding, together.approved_undisbursed) == (250_000_000, 800_000_000)
        assert exposure.approved_undisbursed(session) == 600_000_000 + 200_000_000 + 500_000_000
        assert exposure.borrower_exposure(session, 999_999).total == 0  # no loans: nothing
