"""Disbursements: tranches up to the approved amount, dated sensibly, after the bad-debt check, never
beyond the capital the fund has not lent out (Decree 45 Art. 22; domain.md §1, §4)."""
from __future__ import annotations

from datetime import date

import pytest

from fundapp.db.models import Loan, LoanPlan, LoanStatus
from fundapp.domain.errors import StateConflict
from fundapp.services import fund, loans
from fundapp.services.disbursements import BadDebtCheckMissing, CapitalInsufficient, InvalidDisbursement

from ..money_builders import approved_loan_on, capital, disburse, enlarge, pay, session_for

APPROVED_ON = date(2025, 1, 6)


@pytest.fixture
def loan_id(app):
    capital(app)
    return approved_loan_on(app, APPROVED_ON)


def test_the_first_disbursement_fixes_the_plan_and_makes_the_loan_active(app, loan_id):
    result = disburse(app, loan_id, 120_000_000, date(2025, 1, 10))
    assert (result["status"], result["tranche"], result["undisbursed"]) == ("active", 1, 0)
    with session_for(app) as session:
        loan = session.get(Loan, loan_id)
        plan = session.query(LoanPlan).filter_by(loan_id=loan_id).one()
        assert (loan.disbursed_on, loan.maturity_date) == (date(2025, 1, 10), date(2026, 1, 12))
        assert plan.version == 1 and sum(row["principal"] for row in plan.rows) == 120_000_000
        assert fund.position(session, settings=app.config).outstanding_principal == 120_000_000


def test_tranches_add_up_to_the_approved_amount_and_the_later_one_is_re_spread(app, loan_id):
    disburse(app, loan_id, 60_000_000, date(2025, 1, 10))
    pay(app, loan_id, 5_356_712, date(2025, 2, 10))  # 5,000,000 + 356,712 (60 m for 31 days)
    pay(app, loan_id, 5_295_342, date(2025, 3, 10))
    second = disburse(app, loan_id, 60_000_000, date(2025, 4, 10))
    assert (second["tranche"], second["disbursed_amount"], second["undisbursed"]) == (2, 120_000_000, 0)
    with pytest.raises(InvalidDisbursement) as above:
        disburse(app, loan_id, 1, date(2025, 4, 11))
    assert above.value.field == "amount" and above.value.figures["undisbursed"] == 0
    with session_for(app) as session:
        state = loans.state_of(session, session.get(Loan, loan_id), as_of=date(2025, 4, 10))
        assert [p.principal for p in state.plan][3:] == [11_666_666] * 8 + [11_666_672]  # 105 m over 9 dates


@pytest.mark.parametrize("value_date, today, field", [
    (date(2025, 1, 11), date(2025, 1, 10), "value_date"),  # in the future
    (date(2025, 1, 5), date(2025, 1, 10), "value_date"),  # before the approval
])
def test_a_disbursement_is_dated_between_the_approval_and_today(app, loan_id, value_date, today, field):
    with pytest.raises(InvalidDisbursement) as refused:
        disburse(app, loan_id, 120_000_000, value_date, today=today)
    assert refused.value.field == field


def test_a_tranche_cannot_be_dated_before_the_first_disbursement(app, loan_id):
    disburse(app, loan_id, 60_000_000, date(2025, 1, 10))
    with pytest.raises(InvalidDisbursement):
        disburse(app, loan_id, 60_000_000, date(2025, 1, 8), today=date(2025, 1, 20))


@pytest.mark.parametrize("has_bad_debt, checked_on", [(None, None), (True, APPROVED_ON)])
def test_the_first_disbursement_needs_a_recorded_check_that_there_is_no_bad_debt(app, has_bad_debt, checked_on):
    capital(app)
    with session_for(app) as session:  # an appraisal can leave the check unrecorded; approval copies it
        loan_id = approved_loan_on(app, APPROVED_ON)
        loan = session.get(Loan, loan_id)
        loan.has_bad_debt, loan.bad_debt_checked_on = has_bad_debt, checked_on
    with pytest.raises(BadDebtCheckMissing):
        disburse(app, loan_id, 120_000_000, date(2025, 1, 10))


def test_a_disbursement_the_capital_not_yet_lent_cannot_cover_is_refused(app):
    capital(app, 1_000_000_000)
    # Approval keeps commitments within the capital; loans approved past it (imported, or approved
    # before a capital decision was corrected) are made here by enlarging approved loans.
    ids = [enlarge(app, approved_loan_on(app, APPROVED_ON, amount=100_000_000), amount)
           for amount in (600_000_000, 150_000_000, 300_000_000)]
    disburse(app, ids[0], 600_000_000, date(2025, 1, 10))
    disburse(app, ids[1], 150_000_000, date(2025, 1, 10))  # 250 m is still there
    with pytest.raises(CapitalInsufficient) as refused:
        disburse(app, ids[2], 300_000_000, date(2025, 1, 10))
    assert refused.value.figures["capital_not_lent"] == 250_000_000
    disburse(app, ids[2], 250_000_000, date(2025, 1, 10))  # a first tranche of what is there


def test_a_closed_loan_is_not_disbursed_again(app, loan_id):
    disburse(app, loan_id, 100_000_000, date(2025, 1, 10))
    pay(app, loan_id, 100_000_000 + 191_781, date(2025, 1, 20))  # payoff: 100 m × 7% × 10/365
    with session_for(app) as session:
        assert session.get(Loan, loan_id).status is LoanStatus.CLOSED
    with pytest.raises(StateConflict):
        disburse(app, loan_id, 20_000_000, date(2025, 1, 21))
