"""The debt confirmation (biên bản đối chiếu công nợ): what one borrower owes the fund on a date,
loan by loan (principal, interest, penalties), for both sides to sign; yearly at 31 December, or
on any date. Each loan's figures are its balance as of that date (after that day's payments), the
same as ``GET /loans/{id}/balance``; written-off loans are listed too, since they are still owed."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import Borrower, Loan, LoanStatus, User
from ...domain.errors import DomainError
from .. import reach
from ..loans import state_of

OWED = (LoanStatus.ACTIVE, LoanStatus.CLOSED, LoanStatus.WRITTEN_OFF)


class InvalidDate(DomainError):
    rule = "debt_confirmation_date"


def debt_confirmation(session: Session, *, borrower_id: int, as_of: date, today: date, viewer: User | None) -> dict:
    borrower = reach.find(session, Borrower, borrower_id, what="khách hàng / borrower")
    reach.check_borrower_reach(viewer, borrower.id, what="khách hàng / borrower", ident=borrower_id)
    if as_of > today:
        raise InvalidDate(f"ngày đối chiếu {as_of:%d/%m/%Y} ở tương lai / {as_of} is in the future", field="as_of",
                          today=today.isoformat())
    loans = session.scalars(select(Loan).where(Loan.borrower_id == borrower.id, Loan.status.in_(OWED),
                                               Loan.disbursed_on <= as_of).order_by(Loan.disbursed_on, Loan.id))
    lines = []
    for loan in loans:
        balance = state_of(session, loan, as_of=as_of).balance
        if balance.closed and not balance.payoff_amount:
            continue
        interest = balance.interest_overdue + balance.interest_due_today + balance.interest_accrued
        penalties = balance.penalty_interest + balance.late_interest
        lines.append({
            "loan_id": loan.id, "contract_no": loan.contract_no, "disbursed_on": loan.disbursed_on,
            "amount": loan.amount, "maturity_date": loan.maturity_date, "annual_rate": loan.annual_rate,
            "written_off": loan.status is LoanStatus.WRITTEN_OFF,
            "principal": balance.principal_outstanding, "principal_overdue": balance.principal_overdue,
            "interest": interest, "interest_overdue": balance.interest_overdue, "penalties": penalties,
            "advance": balance.advance, "total": balance.principal_outstanding + interest + penalties - balance.advance,
            "days_past_due": balance.days_past_due,
        })
    totals = {key: sum(line[key] for line in lines) for key in ("principal", "interest", "penalties", "advance", "total")}
    return {"borrower_id": borrower.id, "borrower_name": borrower.name, "borrower_kind": borrower.kind.value,
            "address": borrower.address or borrower.commune, "commune": borrower.commune,
            "representative": borrower.legal_representative, "registration_no": borrower.registration_no,
            "tax_code": borrower.tax_code, "citizen_id": borrower.citizen_id, "as_of": as_of, "loans": lines,
            "totals": totals}
