"""Approval (phê duyệt): an appraised application becomes a loan with a contract number.

In order: the state (409), separation of duties and approval authority (403), every eligibility
condition with today's figures (422 listing all failures), then the loan is created with the
product version, a copy of the approved terms, the bad-debt check and the collateral.
Approvals take turns (``take_turn``), so two at the same moment cannot both pass the fund's
capital or the 15% / 25% limits with the same room.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..db.models import ApplicationStatus, Borrower, Collateral, Loan, LoanProduct, LoanStatus, User
from ..domain.eligibility import require_eligible
from . import eligibility
from .applications import get_application, record_event, require_status

APPROVAL_LOCK = 0x48_44_0001  # "HĐ" 1: the advisory lock key approvals queue on


def take_turn(session: Session) -> None:
    """Approvals run one at a time: each sees every loan approved before it, so two at the same moment
    cannot both use the same room under the fund's capital or the 15% / 25% limits, nor take the same
    contract number. On PostgreSQL a transaction-scoped advisory lock (re-entrant, released at commit
    or rollback); SQLite's writers already queue one transaction at a time (BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPROVAL_LOCK})


def next_contract_no(session: Session, *, fmt: str, year: int) -> str:
    """``fmt`` with ``{year}`` and ``{seq}``, seq counting the year's loans from 1 (skipping any
    number already used, e.g. by an imported loan); the UNIQUE constraint backs it.

    Approvals take turns (``take_turn``), so simultaneous ones get consecutive numbers."""
    take_turn(session)
    seq = session.scalar(select(func.count()).select_from(Loan).where(
        Loan.approved_on >= date(year, 1, 1), Loan.approved_on <= date(year, 12, 31))) + 1
    while True:
        number = fmt.format(year=year, seq=seq)
        if session.scalar(select(Loan.id).where(Loan.contract_no == number)) is None:
            return number
        seq += 1


def approve(session: Session, application_id: int, *, viewer: User, today: date, settings, decision_no: str,
            notes: str = "") -> Loan:
    application = get_application(session, application_id, viewer=viewer, lock=True)
    require_status(application, (ApplicationStatus.APPRAISED,), "phê duyệt / approve")
    eligibility.require_separate_decider(application, viewer)
    amount, term, grace = eligibility.proposed_terms(application)
    eligibility.require_authority(amount, viewer, settings=settings)
    take_turn(session)
    borrower = session.get(Borrower, application.borrower_id)
    require_eligible(eligibility.check(session, application, today=today, settings=settings, stage="approval"))

    product = session.get(LoanProduct, application.product_id)
    loan = Loan(
        contract_no=next_contract_no(session, fmt=settings["CONTRACT_NUMBER_FORMAT"], year=today.year),
        application_id=application.id, borrower_id=borrower.id, product_id=product.id, status=LoanStatus.APPROVED,
        amount=amount, term_months=term, grace_months=grace,
        # The product version's terms are copied: a later version never changes this loan.
        annual_rate=product.annual_rate, overdue_rate_factor=product.overdue_rate_factor,
        late_interest_rate=product.late_interest_rate, method=product.method,
        principal_every=product.principal_every, interest_every=product.interest_every,
        prepayment=product.prepayment, current_order=product.current_order,
        working_day_roll=product.working_day_roll, purpose=application.purpose,
        approved_on=today, approved_by=viewer.id, decision_no=decision_no,
        bad_debt_checked_on=application.bad_debt_checked_on, has_bad_debt=application.has_bad_debt,
        disbursed_amount=0, version=0, cached_principal_outstanding=0, cached_principal_overdue=0,
        cached_days_past_due=0, cached_debt_group=1,
    )
    session.add(loan)
    session.flush()
    for item in session.scalars(select(Collateral).where(Collateral.application_id == application.id)):
        item.loan_id = loan.id
    application.decided_by = viewer.id
    application.decision_no = decision_no
    application.decision_notes = notes or ""
    record_event(session, application, ApplicationStatus.APPROVED, by=viewer,
                 note=f"Quyết định / decision {decision_no}: {loan.contract_no}" + (f". {notes}" if notes else ""))
    return loan
