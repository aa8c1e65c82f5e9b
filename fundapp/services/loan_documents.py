"""The borrower's papers as PDF: each gathers its figures from the one replay (``loans.state_of``)
and the views built on it, then hands them to ``exports.loan_documents``. Reach is checked first:
a borrower user asking for another borrower's paper gets the same 404 as for nothing."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Borrower, EventKind, LoanEvent, LoanPlan, User
from ..domain.errors import NotFound
from ..domain.schedule import project
from ..exports import loan_documents as papers
from . import loan_views, loans
from .repayments import as_item as payment_item

# The file names say what each paper is; the numbers are the fund's own.
Paper = tuple[bytes, str]


def _event(session: Session, event_id: int, kinds: tuple[EventKind, ...], *, what: str) -> LoanEvent:
    event = session.get(LoanEvent, event_id) if 1 <= event_id <= 2**31 - 1 else None
    if event is None or event.kind not in kinds:
        raise NotFound(f"Không tìm thấy {what} số {event_id} / no {what.split(' / ')[-1]} with id {event_id}")
    return event


def contract(session: Session, loan_id: int, *, viewer: User | None, today: date, fund_name: str) -> Paper:
    """Hợp đồng tín dụng with the schedule fixed at the first disbursement (before it: the schedule it
    would have if disbursed today, marked as indicative)."""
    loan = loans.get_loan(session, loan_id, viewer=viewer)
    first = session.scalar(select(LoanPlan).where(LoanPlan.loan_id == loan.id, LoanPlan.version == 1))
    if first is None:
        schedule, indicative = loan_views.schedule_view(session, loan, today=today)["installments"], True
    else:
        plan = loans.plan_from_rows(first.rows)
        projected = project(plan, balance=sum(p.principal for p in plan), start=first.effective_date,
                            annual_rate=loan.annual_rate)
        schedule = [{"seq": r.seq, "due_date": r.due_date, "principal": r.principal, "interest": r.interest}
                    for r in projected.installments]
        indicative = False
    pdf = papers.loan_contract(fund_name=fund_name, loan=loan, borrower=session.get(Borrower, loan.borrower_id),
                               schedule=schedule, indicative=indicative)
    return pdf, f"hop-dong-tin-dung-{loan.contract_no}.pdf"


def debt_receipt(session: Session, loan_id: int, disbursement_id: int, *, viewer: User | None,
                 fund_name: str) -> Paper:
    """Khế ước nhận nợ of one disbursement, with the schedule as it stood after it."""
    loan = loans.get_loan(session, loan_id, viewer=viewer)
    event = _event(session, disbursement_id, (EventKind.DISBURSEMENT,), what="lần giải ngân / disbursement")
    if event.loan_id != loan.id:
        raise NotFound(f"Không tìm thấy lần giải ngân số {disbursement_id} / no disbursement with id {disbursement_id}")
    tranches = [row for row in loans.event_rows(session, loan.id) if row.kind is EventKind.DISBURSEMENT]
    number = next(n for n, row in enumerate(tranches, start=1) if row.id == event.id)
    state = loans.state_of(session, loan, as_of=event.value_date)
    schedule = [{"seq": r.seq, "due_date": r.due_date, "principal": r.principal, "interest": r.interest}
                for r in state.installments if r.due_date > event.value_date]
    disbursement = {"tranche": number, "amount": event.amount, "value_date": event.value_date,
                    "reference": event.reference, "disbursed_total": sum(row.amount for row in tranches[:number])}
    pdf = papers.debt_receipt(fund_name=fund_name, loan=loan, borrower=session.get(Borrower, loan.borrower_id),
                              disbursement=disbursement, schedule=schedule)
    return pdf, f"khe-uoc-nhan-no-{loan.contract_no}-{number:02d}.pdf"


def receipt(session: Session, payment_id: int, *, viewer: User | None, today: date, fund_name: str) -> Paper:
    """Phiếu thu of one repayment (or recovery), with the amount applied to each part as the loan
    now stands; a reversed one is marked as cancelled."""
    event = _event(session, payment_id, (EventKind.REPAYMENT, EventKind.RECOVERY), what="khoản thu / payment")
    loan = loans.get_loan(session, event.loan_id, viewer=viewer)
    rows = loans.event_rows(session, loan.id)
    reversal = next((row for row in rows if row.reverses_id == event.id), None)
    allocation = loans.state_of(session, loan, as_of=max([today, *(row.value_date for row in rows)])
                                ).allocations.get(event.id)
    after = loans.state_of(session, loan, as_of=event.value_date).balance.principal_outstanding
    pdf = papers.repayment_receipt(fund_name=fund_name, loan=loan, borrower=session.get(Borrower, loan.borrower_id),
                                   payment=payment_item(event, allocation, reversal),
                                   recovery=event.kind is EventKind.RECOVERY, principal_after=after)
    return pdf, f"phieu-thu-{event.id}.pdf"


def statement(session: Session, loan_id: int, *, viewer: User | None, start: date | None, end: date | None,
              today: date, fund_name: str) -> Paper:
    """Sao kê: the JSON statement's lines, with the balances at the end in figures and words."""
    loan = loans.get_loan(session, loan_id, viewer=viewer)
    view = loan_views.statement_view(session, loan, start=start, end=end, today=today)
    pdf = papers.account_statement(fund_name=fund_name, loan=loan, borrower=session.get(Borrower, loan.borrower_id),
                                   statement=view, today=today)
    return pdf, f"sao-ke-{loan.contract_no}-{view['from']:%Y%m%d}-{view['to']:%Y%m%d}.pdf"
