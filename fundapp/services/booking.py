"""Posting a loan to the ledger: one entry taking what is booked to what its state says.

Every money event writes its event row and then calls ``book``: the loan is replayed as of the
recording date, ``domain.booking.targets`` says what each control account should hold for it, and
one balanced entry posts the difference (dated the recording date, so a back-dated event or a
reversal shows as an adjustment today, never as an edit of a past entry). The end-of-day job books
every loan the same way, so accrual and classification follow day by day. ``ledger verify`` checks
that the ledger, the ``booked_*`` columns and the events agree.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import Account, JournalEntry, JournalLine, Loan, LoanStatus
from ..domain.booking import CONTROL_ACCOUNTS, LOAN_ACCOUNTS, adjustment, balanced, targets
from ..domain.loan_state import LoanState
from . import ledger
from .loans import debt_group, state_of

BOOKED = {account: f"booked_{account}" for account in LOAN_ACCOUNTS}
DESCRIPTIONS = {
    "disbursement": "Giải ngân / disbursement",
    "repayment": "Thu nợ / repayment",
    "reversal": "Hủy giao dịch thu nợ / repayment reversed",
    "adjustment": "Điều chỉnh theo trạng thái khoản vay / loan position adjustment",
}


@dataclass(frozen=True)
class Booked:
    state: LoanState
    entry: JournalEntry | None
    debt_group: int


def booked(loan: Loan) -> dict[str, int]:
    return {account: getattr(loan, column) or 0 for account, column in BOOKED.items()}


def book(session: Session, loan: Loan, *, as_of: date, recorded_by: int | None, kind: str = "adjustment",
         source: str = "", state: LoanState | None = None, cascade: bool = True) -> Booked:
    """Bring the ledger, the caches and the status of ``loan`` to its state as of ``as_of``.

    The caller holds the loan's lock (``loans.lock_loan``). With ``cascade``, a change of the
    borrower's group rebooks its other active loans, which take the borrower's worst group.
    """
    state = state if state is not None else state_of(session, loan, as_of=as_of)
    own, group = debt_group(session, loan, state)
    target = targets(state, debt_group=group)
    if not balanced(target):  # cannot happen (domain.booking); never post half a loan
        raise AssertionError(f"loan {loan.id}: booking targets do not balance: {target}")
    lines = [ledger.Line(account, debit=debit, credit=credit, loan_id=loan.id)
             for account, debit, credit in adjustment(target, booked(loan))]
    entry = None
    if lines:
        entry = ledger.post(session, business_date=as_of, kind=kind, loan_id=loan.id, recorded_by=recorded_by,
                            description=f"{DESCRIPTIONS.get(kind, kind)} — {loan.contract_no}",
                            source=source or f"loan:{loan.id}", lines=lines)
    for account, column in BOOKED.items():
        setattr(loan, column, target[account])
    previous_group = loan.cached_debt_group
    balance = state.balance
    loan.cached_as_of = as_of
    loan.cached_principal_outstanding = balance.principal_outstanding
    loan.cached_principal_overdue = balance.principal_overdue
    loan.cached_days_past_due = balance.days_past_due
    loan.cached_own_group, loan.cached_debt_group = own, group
    # A loan closes by itself when fully repaid, and reopens if that payment is reversed.
    if loan.status in (LoanStatus.ACTIVE, LoanStatus.CLOSED) and state.disbursed:
        loan.status = LoanStatus.CLOSED if state.closed_on else LoanStatus.ACTIVE
        loan.closed_on = state.closed_on
    session.flush()
    if cascade and group != previous_group:
        siblings = session.scalars(select(Loan).where(Loan.borrower_id == loan.borrower_id, Loan.id != loan.id,
                                                      Loan.status == LoanStatus.ACTIVE).order_by(Loan.id))
        for sibling in siblings:
            if sibling.cached_debt_group != group or sibling.cached_as_of != as_of:
                book(session, sibling, as_of=as_of, recorded_by=recorded_by, source=f"loan:{loan.id}", cascade=False)
    return Booked(state, entry, group)


# --- ledger verify ---------------------------------------------------------------------------------
def check_loans_against_ledger(session: Session) -> list[str]:
    """The control accounts equal the sum of the loans' booked amounts; each loan's journal lines
    equal its booked amounts; and each loan's booked amounts are what its events give as of the
    date it was last booked (so a drifted cache or a lost entry is named)."""
    problems = []
    books = ledger.balances(session)
    sums = session.execute(select(*(func.coalesce(func.sum(getattr(Loan, BOOKED[a])), 0)
                                    for a in CONTROL_ACCOUNTS))).one()
    for account, total in zip(CONTROL_ACCOUNTS, sums):
        if books[account] != int(total):
            problems.append(f"control account {account}: ledger {books[account]:,} ≠ sum of loans {int(total):,}")

    kinds = dict(session.execute(select(Account.key, Account.kind)).all())
    posted: dict[int, dict[str, int]] = {}
    for loan_id, key, debit, credit in session.execute(
            select(JournalLine.loan_id, Account.key, func.sum(JournalLine.debit), func.sum(JournalLine.credit))
            .join(Account, Account.id == JournalLine.account_id)
            .where(JournalLine.loan_id.is_not(None), Account.key.in_(LOAN_ACCOUNTS))
            .group_by(JournalLine.loan_id, Account.key)):
        side = int(credit) - int(debit) if kinds[key] in ledger.NORMAL_CREDIT else int(debit) - int(credit)
        posted.setdefault(loan_id, {})[key] = side

    for loan in session.scalars(select(Loan).order_by(Loan.id)):
        mine = booked(loan)
        lines = {account: posted.get(loan.id, {}).get(account, 0) for account in LOAN_ACCOUNTS}
        if lines != mine:
            drift = {a: (lines[a], mine[a]) for a in LOAN_ACCOUNTS if lines[a] != mine[a]}
            problems.append(f"loan {loan.id}: journal lines ≠ booked amounts (lines, booked): {drift}")
        if loan.cached_as_of is None:
            continue
        state = state_of(session, loan, as_of=loan.cached_as_of)
        expected = targets(state, debt_group=loan.cached_debt_group)
        if expected != mine:
            drift = {a: (expected[a], mine[a]) for a in LOAN_ACCOUNTS if expected[a] != mine[a]}
            problems.append(f"loan {loan.id}: booked amounts ≠ its events as of {loan.cached_as_of} "
                            f"(expected, booked): {drift}")
        if (state.balance.principal_outstanding, state.balance.days_past_due) != (
                loan.cached_principal_outstanding, loan.cached_days_past_due):
            problems.append(f"loan {loan.id}: cached principal / days past due differ from its events")
    return problems


ledger.CONTROL_CHECKS.append(check_loans_against_ledger)
