"""Repayments (thu nợ) with a value date, and their reversal (hủy giao dịch).

How a payment is applied is one rule (``domain.allocation``, domain.md §5); this module records it.
A payment is validated by replaying every event, the new one included, to the last value date: a
back-dated payment gives exactly the on-time result, and one that would make a later, already
recorded payment exceed its payoff is refused, naming that payment. A reversal removes the payment
from the fold, so the result is as if it had never been recorded.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import date
from types import SimpleNamespace

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import EventKind, Loan, LoanEvent, LoanStatus
from ..domain.allocation import Allocation
from ..domain.checkpoint import Checkpoint
from ..domain.errors import DomainError, NotAllowed, NotFound, StateConflict
from ..domain.events import Event, Paid
from ..domain.loan_state import LoanState
from ..domain.position import replay
from . import checkpoints, loans
from .booking import book

NEW = "new"  # the payment being recorded, before it has an id
PARTS = ("principal_overdue", "interest_overdue", "penalty_interest", "late_interest", "interest_due_today",
         "principal_due_today", "interest_accrued", "advance", "principal_prepaid")


class InvalidRepayment(DomainError):
    rule = "repayment_invalid"


class LaterPaymentRefused(DomainError):
    """Recording (or reversing) this would leave a later recorded payment that cannot be applied."""

    rule = "later_payment_refused"


def _validated(loan: Loan, session: Session, events: list[Event], *, today: date, new_id=None,
               start: Checkpoint | None = None) -> LoanState:
    """Replay to the last value date (or today); a refusal caused by another payment names it.
    The state carries a checkpoint (``checkpoints.day_for``) for ``checkpoints.save``;
    ``start``: resume from a stored one (``events`` are then those dated on or after its day)."""
    plan = () if start is not None else loans.stored_plan(session, loan)
    latest = max(([start.day] if start else []) + [e.value_date for e in events])
    as_of = max(today, latest)
    try:
        return replay(terms=loans.terms_of(loan), plan=plan, events=events, as_of=as_of, start=start,
                      checkpoint_on=checkpoints.day_for(latest_value_date=latest, today=today),
                      installments=False)  # booking shows no schedule
    except DomainError as error:
        payment_id = error.figures.get("payment_id")
        if payment_id is None or payment_id == new_id:
            figures = {k: v for k, v in error.figures.items() if k != "payment_id"}
            raise type(error)(error.message, field=error.field, rule=error.rule, **figures) from None
        later = session.get(LoanEvent, payment_id)
        raise LaterPaymentRefused(
            f"Khoản trả nợ số {payment_id} ngày {later.value_date:%d/%m/%Y} đã ghi sẽ không còn hợp lệ: "
            f"{error.message} / the payment no. {payment_id} of {later.value_date.isoformat()} already recorded "
            f"could no longer be applied: {error.message}",
            field="value_date", later_payment_id=payment_id, later_payment_value_date=later.value_date,
            later_payment_amount=later.amount, cause=error.rule,
            **{f"later_{k}": v for k, v in error.figures.items() if k in ("payoff_amount", "max_payable")},
        ) from None


def _checkpointed(session: Session, loan: Loan, event: LoanEvent, state: LoanState) -> None:
    """Store the replay's checkpoint: it folded every event of the loan up to ``event``."""
    if state.checkpoint is not None:
        checkpoints.save(session, loan.id, state.checkpoint, through_event_id=event.id, terms=loans.terms_of(loan))


def record_repayment(session: Session, *, loan_id: int, amount: int, value_date: date, reference: str = "",
                     recorded_by: int, today: date) -> dict:
    """Record a payment of ``amount`` with value date ``value_date``; returns its id and its parts."""
    loan, borrower_loans = loans.lock_borrower(session, loan_id)
    if loan.status in (LoanStatus.APPROVED, LoanStatus.WRITTEN_OFF) or loan.disbursed_on is None:
        raise StateConflict(f"Khoản vay đang ở trạng thái {loan.status.value}, không thu nợ được / "
                            f"a loan that is {loan.status.value} takes no repayments", status=loan.status.value)
    if value_date > today:
        raise InvalidRepayment("Ngày trả nợ ở tương lai / the value date is in the future",
                               field="value_date", today=today)
    if value_date < loan.disbursed_on:
        raise InvalidRepayment("Ngày trả nợ trước ngày giải ngân / the value date is before the first disbursement",
                               field="value_date", disbursed_on=loan.disbursed_on)
    # From the stored checkpoint when the payment is dated on or after it, else from the first event.
    start, rows = checkpoints.resumable(session, loan.id, loans.terms_of(loan), as_of=value_date) or (None, None)
    if rows is None:
        rows = loans.event_facts(session, loan.id)
    seq = max((row.id for row in rows), default=0) + 1  # ids only grow: the new row sorts last
    new = Paid(payment_id=NEW, value_date=value_date, amount=amount, seq=seq)
    state = _validated(loan, session, [*loans.domain_events(rows), new], today=today, new_id=NEW, start=start)
    allocation = state.allocations[NEW]

    # A plain INSERT … RETURNING id: the row is append-only and carries its own who and when (the
    # ORM's unit of work around it was a tenth of a repayment). Its id names the journal entry's source.
    row = {"loan_id": loan.id, "kind": EventKind.REPAYMENT, "value_date": value_date, "amount": amount,
           "reference": reference, "recorded_by": recorded_by, "recorded_at": now_utc()}
    event = SimpleNamespace(id=session.execute(insert(LoanEvent).returning(LoanEvent.id), row).scalar_one(), **row)
    loan.version += 1  # written with the booked amounts: one UPDATE of the loan
    book(session, loan, as_of=today, recorded_by=recorded_by, kind="repayment", source=f"repayment:{event.id}",
         state=state if state.as_of == today else None,
         siblings=loans.classified_among(borrower_loans, as_of=today))
    _checkpointed(session, loan, event, state)
    return as_item(event, allocation)


def reverse_repayment(session: Session, *, repayment_id: int, reason: str, recorded_by: int, today: date) -> dict:
    """Reverse a repayment (by another user than the one who recorded it, once)."""
    original = session.get(LoanEvent, repayment_id) if 1 <= repayment_id <= 2**31 - 1 else None
    if original is None or original.kind is not EventKind.REPAYMENT:
        raise NotFound(f"Không tìm thấy khoản trả nợ số {repayment_id} / no repayment with id {repayment_id}")
    loan = loans.lock_loan(session, original.loan_id)
    if session.scalar(select(LoanEvent.id).where(LoanEvent.reverses_id == original.id)) is not None:
        raise StateConflict("Khoản trả nợ này đã bị hủy / this repayment was already reversed",
                            rule="already_reversed", repayment_id=original.id)
    if original.recorded_by == recorded_by:  # four eyes: the one who recorded it may not undo it
        raise NotAllowed("Người hủy phải khác người đã ghi khoản trả nợ / a reversal must be made by another "
                         "user than the one who recorded the repayment", repayment_id=original.id)
    if loan.status is LoanStatus.WRITTEN_OFF:
        raise StateConflict("Khoản vay đã xử lý rủi ro / the loan is written off", status=loan.status.value)
    if not reason.strip():
        raise InvalidRepayment("Cần lý do hủy / a reason is required", field="reason")
    rows = loans.event_facts(session, loan.id)
    remaining = [e for e in loans.domain_events(rows) if getattr(e, "payment_id", None) != original.id]
    state = _validated(loan, session, remaining, today=today)

    reversal = LoanEvent(loan_id=loan.id, kind=EventKind.REVERSAL, value_date=today, amount=original.amount,
                         reference=original.reference, reverses_id=original.id, details={"reason": reason.strip()},
                         recorded_by=recorded_by, recorded_at=now_utc())
    session.add(reversal)
    session.flush()
    _checkpointed(session, loan, reversal, state)
    loan.version += 1
    book(session, loan, as_of=today, recorded_by=recorded_by, kind="reversal", source=f"reversal:{original.id}",
         state=state if state.as_of == today else None)
    return {"id": reversal.id, "repayment_id": original.id, "loan_id": loan.id, "amount": original.amount,
            "repayment_value_date": original.value_date, "reason": reversal.details["reason"],
            "value_date": reversal.value_date, "recorded_by": recorded_by, "recorded_at": reversal.recorded_at}


def as_item(event: LoanEvent, allocation: Allocation | None, reversal: LoanEvent | None = None) -> dict:
    parts = asdict(allocation) if allocation is not None else {}
    return {"id": event.id, "loan_id": event.loan_id, "amount": event.amount, "value_date": event.value_date,
            "reference": event.reference, "recorded_by": event.recorded_by, "recorded_at": event.recorded_at,
            **{part: parts.get(part) for part in PARTS}, "pays_off": parts.get("pays_off", False),
            "reversed": reversal is not None, "reversal_id": reversal.id if reversal else None,
            "reversal_reason": (reversal.details or {}).get("reason") if reversal else None}


def list_repayments(session: Session, loan: Loan, *, today: date) -> list[dict]:
    """Every repayment of the loan in recording order, each with its parts as the loan now stands
    (a back-dated payment recorded later can change how a later one was applied)."""
    rows = loans.event_rows(session, loan.id)
    reversals = {row.reverses_id: row for row in rows if row.kind is EventKind.REVERSAL}
    payments = [row for row in rows if row.kind is EventKind.REPAYMENT]
    allocations = {}
    if payments:
        as_of = max([today, *(row.value_date for row in rows)])
        allocations = loans.state_of(session, loan, as_of=as_of).allocations
    return [as_item(row, allocations.get(row.id), reversals.get(row.id)) for row in payments]


def get_repayment(session: Session, repayment_id: int, *, viewer, today: date) -> dict:
    event = session.get(LoanEvent, repayment_id) if 1 <= repayment_id <= 2**31 - 1 else None
    if event is None or event.kind is not EventKind.REPAYMENT:
        raise NotFound(f"Không tìm thấy khoản trả nợ số {repayment_id} / no repayment with id {repayment_id}")
    loan = loans.get_loan(session, event.loan_id, viewer=viewer)
    return next(item for item in list_repayments(session, loan, today=today) if item["id"] == event.id)
