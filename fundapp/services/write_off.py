"""Write-off (xử lý rủi ro) on the Risk Council's decision, and recoveries afterwards (domain.md §6;
Decree 45/2021 Art. 29; Circular 52/2022).

The write-off is an event like any other: the loan is booked to its state, and from its value
date on ``domain.booking`` keeps it off the balance sheet (loans and interest receivable to 0, the
debt tracked in the write-off memo accounts, the principal charged to provision expense). Then
the specific provision held for the loan at the last month close is used: a fund-level entry
Dr specific provision / Cr provision expense, so the loss is met by the provision first and only
the rest is an expense of the period. The debt is still owed; what is collected later
(``record_recovery``) is applied by the same rule as any payment (domain.md §5), reduces the
memo and is recovery income.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import EventKind, Loan, LoanEvent, LoanStatus, MonthEndSnapshot
from ..domain.errors import DomainError, StateConflict
from ..domain.events import Paid
from ..domain.position import replay
from . import ledger, loans
from .booking import book
from .repayments import as_item as repayment_item

NEW = "new"


class InvalidWriteOff(DomainError):
    rule = "write_off_invalid"


class InvalidRecovery(DomainError):
    rule = "recovery_invalid"


def provision_held(session: Session, loan: Loan, *, today: date) -> int:
    """The specific provision set aside for the loan at the last month close (0 if none)."""
    snapshot = session.scalar(select(MonthEndSnapshot).where(MonthEndSnapshot.loan_id == loan.id,
                                                             MonthEndSnapshot.month_end <= today)
                              .order_by(MonthEndSnapshot.month_end.desc()).limit(1))
    return snapshot.specific_provision if snapshot is not None else 0


def write_off(session: Session, *, loan_id: int, decision_no: str, decided_on: date, reason: str, recorded_by: int,
              today: date) -> dict:
    loan = loans.lock_loan(session, loan_id)
    if loan.status is not LoanStatus.ACTIVE:
        raise StateConflict(f"Khoản vay đang ở trạng thái {loan.status.value}, không xử lý rủi ro được / a loan "
                            f"that is {loan.status.value} cannot be written off", status=loan.status.value)
    if decided_on > today:
        raise InvalidWriteOff("Ngày quyết định ở tương lai / the decision date is in the future", field="decided_on",
                              today=today)
    rows = loans.event_rows(session, loan.id)
    latest = max(row.value_date for row in rows if row.kind is not EventKind.REVERSAL)
    if decided_on < latest:
        raise InvalidWriteOff(f"Ngày quyết định trước giao dịch đã ghi ngày {latest:%d/%m/%Y} / the decision date is "
                              "before a transaction already recorded", field="decided_on", latest_event=latest)
    before = loans.state_of(session, loan, as_of=decided_on).balance
    event = LoanEvent(loan_id=loan.id, kind=EventKind.WRITE_OFF, value_date=decided_on,
                      amount=before.principal_outstanding, reference=decision_no, recorded_by=recorded_by,
                      recorded_at=now_utc(), details={"decision_no": decision_no, "decided_on": decided_on.isoformat(),
                                                      "reason": reason})
    session.add(event)
    session.flush()
    loan.status = LoanStatus.WRITTEN_OFF
    loan.version += 1
    booked = book(session, loan, as_of=today, recorded_by=recorded_by, kind="write_off", source=f"write_off:{event.id}")
    principal = booked.state.write_off.principal
    used = min(provision_held(session, loan, today=today), max(0, ledger.balances(session)["specific_provision"]),
               principal)
    if used:  # the fund's provision, not the loan's own books: lines name no loan
        ledger.post(session, business_date=today, kind="provision_used", recorded_by=recorded_by,
                    description=f"Sử dụng dự phòng cụ thể để xử lý rủi ro — {loan.contract_no} / specific provision "
                                "used for the write-off",
                    source=f"write_off:{event.id}", lines=[ledger.debit("specific_provision", used),
                                                           ledger.credit("provision_expense", used)])
    event.details = {**event.details, "principal": principal, "provision_used": used}
    session.flush()
    return {"id": event.id, "loan_id": loan.id, "status": loan.status.value, "decision_no": decision_no,
            "decided_on": decided_on, "reason": reason, "principal_written_off": principal,
            "interest_written_off": loan.booked_memo_written_off_interest, "provision_used": used,
            "charged_to_expense": principal - used,
            "journal_entry_id": booked.entry.id if booked.entry is not None else None,
            "recorded_by": recorded_by, "recorded_at": event.recorded_at}


def record_recovery(session: Session, *, loan_id: int, amount: int, value_date: date, reference: str = "",
                    recorded_by: int, today: date) -> dict:
    """Money collected on a written-off loan: applied like a repayment, income as recovery."""
    loan = loans.lock_loan(session, loan_id)
    if loan.status is not LoanStatus.WRITTEN_OFF:
        raise StateConflict("Chỉ thu hồi nợ của khoản vay đã xử lý rủi ro; khoản khác hãy ghi thu nợ / only a "
                            "written-off loan takes recoveries; record a repayment instead", status=loan.status.value)
    rows = loans.event_rows(session, loan.id)
    written_on = next(row.value_date for row in rows if row.kind is EventKind.WRITE_OFF)
    if value_date > today:
        raise InvalidRecovery("Ngày thu ở tương lai / the value date is in the future", field="value_date", today=today)
    if value_date <= written_on:  # a payment on the write-off day itself is applied before it
        raise InvalidRecovery(f"Ngày thu phải sau ngày xử lý rủi ro {written_on:%d/%m/%Y} / the value date must be "
                              "after the write-off", field="value_date", written_off_on=written_on)
    events = loans.domain_events(rows)
    seq = max((row.id for row in rows), default=0) + 1
    trial = [*events, Paid(payment_id=NEW, value_date=value_date, amount=amount, seq=seq)]
    state = replay(terms=loans.terms_of(loan), plan=loans.stored_plan(session, loan), events=trial,
                   as_of=max([today, *(e.value_date for e in trial)]))
    allocation = state.allocations[NEW]
    event = LoanEvent(loan_id=loan.id, kind=EventKind.RECOVERY, value_date=value_date, amount=amount,
                      reference=reference, recorded_by=recorded_by, recorded_at=now_utc())
    session.add(event)
    session.flush()
    loan.version += 1
    book(session, loan, as_of=today, recorded_by=recorded_by, kind="recovery", source=f"recovery:{event.id}")
    # What the recovery paid of the debt is income; what it adds to the advance is held until applied.
    return {**recovery_item(event, allocation), "recovery_income": amount - allocation.advance,
            "memo_principal_after": loan.booked_memo_written_off_principal,
            "memo_interest_after": loan.booked_memo_written_off_interest}


def recovery_item(event: LoanEvent, allocation) -> dict:
    return {key: value for key, value in repayment_item(event, allocation).items()
            if not key.startswith("reversal") and key != "reversed"}


def recoveries_of(session: Session, loan: Loan, *, today: date) -> list[dict]:
    rows = [row for row in loans.event_rows(session, loan.id) if row.kind is EventKind.RECOVERY]
    if not rows:
        return []
    as_of = max([today, *(row.value_date for row in rows)])
    allocations = loans.state_of(session, loan, as_of=as_of).allocations
    return [recovery_item(row, allocations.get(row.id)) for row in rows]
