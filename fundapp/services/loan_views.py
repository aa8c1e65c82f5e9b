"""What a loan shows: its balance as of a date, its schedule, its statement, a payoff quote.

All are views of one replay (``loans.state_of``), so they can never disagree with each other or
with the ledger. Dates are checked here: a balance exists from the first disbursement to today.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy.orm import Session

from ..db.models import EventKind, Loan
from ..domain.errors import DomainError
from ..domain.loan_state import InstallmentStatus, MovementKind
from ..domain.schedule import build_schedule
from ..domain.words import dong_in_words
from . import loans
from .holidays import working_calendar


class DateOutOfRange(DomainError):
    rule = "date_out_of_range"


def _require_disbursed(loan: Loan, field: str) -> None:
    if loan.disbursed_on is None:
        raise DateOutOfRange("Khoản vay chưa giải ngân / nothing has been disbursed on this loan", field=field)


def balance_view(session: Session, loan: Loan, *, as_of: date, today: date) -> dict:
    """api.md ``balance``: what the borrower owes as of ``as_of``, after that day's payments."""
    _require_disbursed(loan, "as_of")
    if not loan.disbursed_on <= as_of <= today:
        raise DateOutOfRange(f"Chọn ngày từ {loan.disbursed_on:%d/%m/%Y} đến {today:%d/%m/%Y} / as_of must be "
                             f"between the first disbursement and today", field="as_of",
                             disbursed_on=loan.disbursed_on, today=today)
    state = loans.state_of(session, loan, as_of=as_of, resume=True)
    own, group = loans.debt_group(session, loan, state)
    return {"loan_id": loan.id, **asdict(state.balance), "debt_group": group, "loan_group": own}


def _installment(row) -> dict:
    unpaid_principal, unpaid_interest = row.principal - row.paid_principal, row.interest - row.paid_interest
    return {"seq": row.seq, "due_date": row.due_date, "nominal_date": row.nominal_date, "principal": row.principal,
            "interest": row.interest, "total": row.principal + row.interest, "paid_principal": row.paid_principal,
            "paid_interest": row.paid_interest, "paid": row.paid_principal + row.paid_interest,
            "unpaid_principal": unpaid_principal, "unpaid_interest": unpaid_interest,
            "unpaid": unpaid_principal + unpaid_interest, "status": row.status.value,
            "overdue_since": row.overdue_since}


def schedule_view(session: Session, loan: Loan, *, today: date) -> dict:
    """The schedule with each instalment's paid and unpaid parts and status, as of today. Before the
    first disbursement, the schedule it would have if disbursed today (domain.md §4)."""
    if loan.disbursed_on is None:
        schedule = build_schedule(loans.terms_of(loan), disbursed_on=today, calendar=working_calendar(session),
                                  manual_principal=loans.manual_principal(loan))
        rows = [{"seq": r.seq, "due_date": r.due_date, "nominal_date": r.nominal_date, "principal": r.principal,
                 "interest": r.interest, "total": r.total, "paid_principal": 0, "paid_interest": 0, "paid": 0,
                 "unpaid_principal": r.principal, "unpaid_interest": r.interest, "unpaid": r.total,
                 "status": InstallmentStatus.UPCOMING.value, "overdue_since": None} for r in schedule.installments]
        disbursed = False
    else:
        state = loans.state_of(session, loan, as_of=max(today, loan.disbursed_on), resume=True)
        rows = [_installment(row) for row in state.installments]
        disbursed = True
    return {"loan_id": loan.id, "as_of": today, "disbursed": disbursed, "installments": rows,
            "total_principal": sum(r["principal"] for r in rows), "total_interest": sum(r["interest"] for r in rows),
            "total": sum(r["total"] for r in rows), "total_paid": sum(r["paid"] for r in rows)}


DESCRIPTIONS = {
    MovementKind.DISBURSEMENT: "Giải ngân / disbursement",
    MovementKind.FALLS_DUE: "Đến hạn trả nợ / instalment falls due",
    MovementKind.ADVANCE_APPLIED: "Tiền trả trước được phân bổ / advance applied to the instalment",
    MovementKind.PAYMENT: "Trả nợ / repayment",
    MovementKind.TRANSFER_TO_OVERDUE: "Chuyển nợ quá hạn / transferred to overdue",
    MovementKind.RESTRUCTURE: "Cơ cấu lại thời hạn trả nợ / repayment term restructured",
    MovementKind.RECALL: "Thu hồi nợ trước hạn / recalled early",
    MovementKind.WRITE_OFF: "Xử lý rủi ro / written off",
}


def statement_view(session: Session, loan: Loan, *, start: date | None, end: date | None, today: date) -> dict:
    """Every movement from ``start`` to ``end`` with the principal outstanding after it, and the
    full balance at both ends (sao kê tài khoản vay)."""
    _require_disbursed(loan, "from")
    start, end = start or loan.disbursed_on, end or today
    if end > today or start > end:
        raise DateOutOfRange("Khoảng ngày không hợp lệ (từ ≤ đến ≤ hôm nay) / the range must be from ≤ to ≤ today",
                             field="to" if end > today else "from", today=today)
    state = loans.state_of(session, loan, as_of=end)
    references = {row.id: row.reference for row in loans.event_rows(session, loan.id)
                  if row.kind is EventKind.REPAYMENT}
    opening = 0
    lines = []
    for m in state.movements:
        if m.value_date < start:
            opening = m.principal_outstanding
            continue
        parts = state.allocations.get(m.reference) if m.kind is MovementKind.PAYMENT else None
        lines.append({
            "value_date": m.value_date, "kind": m.kind.value, "description": DESCRIPTIONS[m.kind], "amount": m.amount,
            "repayment_id": m.reference if m.kind is MovementKind.PAYMENT else None,
            "installment_seq": m.reference if m.kind is MovementKind.FALLS_DUE else None,
            "reference": references.get(m.reference, "") if m.kind is MovementKind.PAYMENT else "",
            "principal_paid": parts.principal_overdue + parts.principal_due_today + parts.principal_prepaid
            if parts else None,
            "interest_paid": parts.interest_overdue + parts.interest_due_today + parts.interest_accrued
            if parts else None,
            "penalty_paid": parts.penalty_interest + parts.late_interest if parts else None,
            "advance": parts.advance if parts else None,
            "principal_outstanding": m.principal_outstanding,
        })
    return {"loan_id": loan.id, "contract_no": loan.contract_no, "from": start, "to": end,
            "opening_principal": opening, "lines": lines,
            "closing": asdict(state.balance)}


def payoff_view(session: Session, loan: Loan, *, on: date) -> dict:
    """The amount that closes the loan on ``on`` (after that day's recorded payments), by part."""
    _require_disbursed(loan, "on")
    if on < loan.disbursed_on:
        raise DateOutOfRange("Ngày trước ngày giải ngân / the date is before the first disbursement", field="on",
                             disbursed_on=loan.disbursed_on)
    balance = loans.state_of(session, loan, as_of=on, resume=True).balance
    return {"loan_id": loan.id, "on": on, **asdict(balance),
            "payoff_amount_in_words": dong_in_words(balance.payoff_amount)}
