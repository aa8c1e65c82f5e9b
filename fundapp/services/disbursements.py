"""Disbursement (giải ngân) of an approved loan, whole or in tranches up to the approved amount.

Decree 45/2021 Art. 22: no bad debt at credit institutions at the first disbursement (the check and
its date are recorded at appraisal); domain.md §1: the fund cannot lend capital it does not have;
domain.md §4: the first disbursement fixes the plan, a later tranche is re-spread over the
principal dates still ahead.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import EventKind, Loan, LoanEvent, LoanPlan, LoanStatus
from ..domain.errors import DomainError, StateConflict
from ..domain.events import Disbursed
from ..domain.position import replay
from . import fund, loans
from .booking import book

# pg_advisory_xact_lock key for "the fund's capital": every disbursement takes it before reading
# what is available, so two disbursements can never both spend the same money.
FUND_CAPITAL_LOCK = 0x46554E44  # "FUND"


class InvalidDisbursement(DomainError):
    rule = "disbursement_invalid"


class BadDebtCheckMissing(DomainError):
    rule = "bad_debt_check"


class CapitalInsufficient(DomainError):
    rule = "capital_insufficient"


def lock_fund_capital(session: Session) -> None:
    """On PostgreSQL, serialise everyone who spends capital; SQLite's BEGIN IMMEDIATE already does."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FUND_CAPITAL_LOCK})


def _check(loan: Loan, *, amount: int, value_date: date, today: date) -> None:
    if loan.status not in (LoanStatus.APPROVED, LoanStatus.ACTIVE):
        raise StateConflict(f"Khoản vay đang ở trạng thái {loan.status.value}, không giải ngân được / "
                            f"a loan that is {loan.status.value} cannot be disbursed", status=loan.status.value)
    undisbursed = loan.amount - loan.disbursed_amount
    if amount > undisbursed:
        raise InvalidDisbursement(f"Chỉ còn {undisbursed:,} đ chưa giải ngân / only {undisbursed:,} đ of the "
                                  "approved amount is left to disburse", field="amount", undisbursed=undisbursed)
    if value_date > today:
        raise InvalidDisbursement("Ngày giải ngân ở tương lai / the value date is in the future",
                                  field="value_date", today=today)
    if value_date < loan.approved_on:
        raise InvalidDisbursement("Ngày giải ngân trước ngày phê duyệt / the value date is before the approval",
                                  field="value_date", approved_on=loan.approved_on)
    if loan.disbursed_on and value_date < loan.disbursed_on:
        raise InvalidDisbursement("Đợt giải ngân sau không thể trước đợt đầu / a tranche cannot be dated before "
                                  "the first disbursement", field="value_date", disbursed_on=loan.disbursed_on)
    if loan.disbursed_on is None and (loan.has_bad_debt is not False or loan.bad_debt_checked_on is None
                                      or loan.bad_debt_checked_on > value_date):
        raise BadDebtCheckMissing(
            "Lần giải ngân đầu cần kết quả kiểm tra nợ xấu (không có nợ xấu) ghi nhận trước đó / the first "
            "disbursement needs a recorded check, on or before it, that the borrower has no bad debt",
            bad_debt_checked_on=loan.bad_debt_checked_on, has_bad_debt=loan.has_bad_debt)


def _check_capital(session: Session, *, amount: int, settings: dict) -> None:
    """The capital not yet lent out must cover the amount. ``available_to_lend`` also deducts
    approved-but-undisbursed amounts, this loan's own among them; that reservation is what this
    disbursement uses, so we add the reservations back and compare the money actually there."""
    lock_fund_capital(session)
    position = fund.position(session, settings=settings)
    unlent = position.available_to_lend + position.approved_undisbursed
    if unlent < amount:
        raise CapitalInsufficient(
            f"Quỹ chỉ còn {unlent:,} đ vốn chưa cho vay / the fund has only {unlent:,} đ of capital not lent out",
            field="amount", capital_not_lent=unlent, available_to_lend=position.available_to_lend, amount=amount)


def disburse(session: Session, *, loan_id: int, amount: int, value_date: date, reference: str = "",
             recorded_by: int, today: date, settings: dict) -> dict:
    """Pay out ``amount`` of an approved loan with value date ``value_date``."""
    loan = loans.lock_loan(session, loan_id)
    _check(loan, amount=amount, value_date=value_date, today=today)
    _check_capital(session, amount=amount, settings=settings)
    first = loan.disbursed_on is None
    rows = loans.event_rows(session, loan.id)
    events = loans.domain_events(rows)
    plan = loans.build_loan_plan(session, loan, disbursed_on=value_date) if first else loans.stored_plan(session, loan)
    # Replay with the new tranche to the last date: a tranche with no principal date left to
    # spread over is refused here, before anything is written.
    trial = [*events, Disbursed(value_date=value_date, amount=amount, seq=max((r.id for r in rows), default=0) + 1)]
    replay(terms=loans.terms_of(loan), plan=plan, events=trial,
           as_of=max([today, *(e.value_date for e in trial)]))

    event = LoanEvent(loan_id=loan.id, kind=EventKind.DISBURSEMENT, value_date=value_date, amount=amount,
                      reference=reference, recorded_by=recorded_by, recorded_at=now_utc())
    session.add(event)
    session.flush()
    if first:
        session.add(LoanPlan(loan_id=loan.id, version=1, effective_date=value_date, event_id=event.id,
                             reason="Lịch trả nợ khi giải ngân lần đầu / schedule fixed at first disbursement",
                             rows=loans.plan_rows(plan), created_at=now_utc()))
        loan.disbursed_on = value_date
        loan.maturity_date = plan[-1].due_date
        loan.status = LoanStatus.ACTIVE
    loan.disbursed_amount += amount
    loan.version += 1
    session.flush()
    result = book(session, loan, as_of=today, recorded_by=recorded_by, kind="disbursement",
                  source=f"disbursement:{event.id}")
    return as_item(event, loan, tranche=_tranche_count(rows) + 1,
                   journal_entry_id=result.entry.id if result.entry else None)


def _tranche_count(rows: list[LoanEvent]) -> int:
    return sum(1 for row in rows if row.kind is EventKind.DISBURSEMENT)


def as_item(event: LoanEvent, loan: Loan, *, tranche: int | None = None, journal_entry_id: int | None = None) -> dict:
    return {"id": event.id, "loan_id": loan.id, "amount": event.amount, "value_date": event.value_date,
            "reference": event.reference, "recorded_by": event.recorded_by, "recorded_at": event.recorded_at,
            "tranche": tranche, "journal_entry_id": journal_entry_id, "status": loan.status.value,
            "disbursed_amount": loan.disbursed_amount, "undisbursed": loan.amount - loan.disbursed_amount,
            "disbursed_on": loan.disbursed_on, "maturity_date": loan.maturity_date}


def list_disbursements(session: Session, loan: Loan) -> list[dict]:
    rows = [row for row in loans.event_rows(session, loan.id) if row.kind is EventKind.DISBURSEMENT]
    return [as_item(row, loan, tranche=n) for n, row in enumerate(rows, start=1)]
