"""What the fund has committed: to everyone, to one borrower, to one related group.

Exposure (Decree 45 Art. 23) counts what is outstanding and what is approved but not yet
disbursed, over loans that are approved or active. ``cached_principal_outstanding`` is kept
current by the money engine; ``amount − disbursed_amount`` is the part not yet paid out.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import Borrower, Loan, LoanStatus

COMMITTED = (LoanStatus.APPROVED, LoanStatus.ACTIVE)


@dataclass(frozen=True)
class Exposure:
    outstanding: int
    approved_undisbursed: int

    @property
    def total(self) -> int:
        return self.outstanding + self.approved_undisbursed


def _sums(session: Session, *conditions) -> Exposure:
    outstanding, undisbursed = session.execute(
        select(func.coalesce(func.sum(Loan.cached_principal_outstanding), 0),
               func.coalesce(func.sum(Loan.amount - Loan.disbursed_amount), 0))
        .where(Loan.status.in_(COMMITTED), *conditions)
    ).one()
    return Exposure(int(outstanding), int(undisbursed))


def approved_undisbursed(session: Session) -> int:
    """Σ (amount − disbursed) over approved and active loans: committed, not yet paid out."""
    return _sums(session).approved_undisbursed


def borrower_exposure(session: Session, borrower_id: int) -> Exposure:
    return _sums(session, Loan.borrower_id == borrower_id)


def group_exposure(session: Session, related_group_id: int) -> Exposure:
    """The related group's total: every borrower in the group, the customer included."""
    members = select(Borrower.id).where(Borrower.related_group_id == related_group_id)
    return _sums(session, Loan.borrower_id.in_(members))
