"""The write-off, recoveries and the recall through the services and the end-of-day run: the
ledger follows the loan's derived state day by day and ``ledger verify`` stays clean."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from fundapp.db.models import Loan, LoanStatus, MonthEndSnapshot, Notice
from fundapp.domain.errors import StateConflict
from fundapp.domain.events import RestructureKind
from fundapp.jobs import end_of_day
from fundapp.services import ledger, monitoring, restructuring, write_off
from fundapp.services.loans import state_of

from ..builders import staff_user
from ..money_builders import EXAMPLE_DISBURSED_ON, approved_loan_on, capital, disburse, pay, session_for


@pytest.fixture
def loan_id(app):
    capital(app)
    loan_id = approved_loan_on(app, date(2025, 1, 6))
    disburse(app, loan_id, 120_000_000, EXAMPLE_DISBURSED_ON)
    return loan_id


def user(app, role: str, who: str = "services") -> int:
    with session_for(app) as session:
        return staff_user(session, role, who).id


def eod(app, through: date) -> None:
    end_of_day.run(app.extensions["fundapp.session_factory"], through=through, today=through + timedelta(days=1),
                   trigger="test", settings=app.config)


def written_off(app, loan_id: int, on: date) -> dict:
    with session_for(app) as session:
        return write_off.write_off(session, loan_id=loan_id, decision_no="05/QĐ-HĐXLRR", decided_on=on,
                                   reason="Bên vay mất khả năng trả nợ", recorded_by=user(app, "approver"), today=on)


def test_end_of_day_keeps_a_written_off_loan_off_balance_sheet_and_out_of_the_provisions(app, loan_id):
    eod(app, date(2025, 3, 30))
    written_off(app, loan_id, date(2025, 3, 31))

    eod(app, date(2025, 4, 30))

    with session_for(app) as session:
        loan = session.get(Loan, loan_id)
        books = ledger.balances(session)
        assert loan.status is LoanStatus.WRITTEN_OFF and loan.cached_as_of == date(2025, 4, 30)
        assert books["loans_in_term"] == books["loans_overdue"] == 0
        assert books["memo_written_off_principal"] == 120_000_000
        owed = state_of(session, loan, as_of=date(2025, 4, 30)).balance
        assert books["memo_written_off_interest"] == (owed.interest_overdue + owed.interest_due_today
                                                     + owed.interest_accrued + owed.penalty_interest + owed.late_interest)
        april = session.scalar(select(MonthEndSnapshot).where(MonthEndSnapshot.month_end == date(2025, 4, 30)))
        assert (april.principal_outstanding, april.specific_provision) == (0, 0)
        assert ledger.verify(session) == []


def test_recoveries_that_pay_everything_empty_the_memo_and_all_of_it_is_income(app, loan_id):
    written_off(app, loan_id, date(2025, 3, 31))
    with session_for(app) as session:
        payoff = state_of(session, session.get(Loan, loan_id), as_of=date(2025, 4, 15)).balance.payoff_amount
    with session_for(app) as session:
        result = write_off.record_recovery(session, loan_id=loan_id, amount=payoff, value_date=date(2025, 4, 15),
                                           reference="Phát mại tài sản", recorded_by=user(app, "accountant"),
                                           today=date(2025, 4, 15))
    assert result["pays_off"] and result["recovery_income"] == payoff
    with session_for(app) as session:
        books = ledger.balances(session)
        assert books["memo_written_off_principal"] == books["memo_written_off_interest"] == 0
        assert books["memo_contra"] == 0 and books["recovery_income"] == payoff
        assert session.get(Loan, loan_id).status is LoanStatus.WRITTEN_OFF  # its history stays a write-off
        assert ledger.verify(session) == []


def test_a_written_off_or_recalled_loan_cannot_be_restructured(app, loan_id):
    pay(app, loan_id, 10_713_425, date(2025, 2, 10))
    with session_for(app) as session:
        monitoring.recall(session, loan_id=loan_id, decision_no="31/QĐ", value_date=date(2025, 2, 20),
                          reason="Sai mục đích", recorded_by=user(app, "approver"), today=date(2025, 2, 20))
    with session_for(app) as session, pytest.raises(StateConflict):
        restructuring.request_restructuring(session, loan_id=loan_id, kind=RestructureKind.RESCHEDULE,
                                            effective_date=date(2025, 2, 25), reason="x", defer_months=1,
                                            requested_by=user(app, "officer"), today=date(2025, 2, 25))
    with session_for(app) as session:
        notice = session.scalar(select(Notice).where(Notice.kind == "recall"))
        assert notice.event_key == f"recall:{loan_id}:2025-02-20" and notice.figures["principal_recalled"] == 110_000_000
    written_off(app, loan_id, date(2025, 3, 31))
    with session_for(app) as session, pytest.raises(StateConflict):
        monitoring.recall(session, loan_id=loan_id, decision_no="32/QĐ", value_date=date(2025, 3, 31),
                          reason="x", recorded_by=user(app, "approver"), today=date(2025, 3, 31))


def test_a_restructuring_approved_after_end_of_day_rebooks_the_loan_into_its_floor_group(app, loan_id):
    for day, amount in ((date(2025, 2, 10), 10_713_425), (date(2025, 3, 10), 10_590_685)):
        pay(app, loan_id, amount, day)
    eod(app, date(2025, 3, 19))
    with session_for(app) as session:
        asked = restructuring.request_restructuring(
            session, loan_id=loan_id, kind=RestructureKind.EXTEND, effective_date=date(2025, 3, 20),
            new_maturity=date(2026, 6, 10), reason="Thiên tai", requested_by=user(app, "officer"),
            today=date(2025, 3, 20))
    with session_for(app) as session:
        restructuring.approve(session, asked["id"], decision_no="40/QĐ", approved_by=user(app, "approver"),
                              today=date(2025, 3, 20))
    eod(app, date(2025, 3, 31))
    with session_for(app) as session:
        loan = session.get(Loan, loan_id)
        assert (loan.cached_own_group, loan.cached_debt_group, loan.maturity_date) == (3, 3, date(2026, 6, 10))
        books = ledger.balances(session)
        assert books["interest_receivable"] == 0 and books["memo_interest"] > 0  # group 3: off balance sheet
        assert ledger.verify(session) == []
