"""Writing a checked workbook: every row in bulk, in the caller's one transaction.

What a loan created here holds is what the API would have left after approving it and recording
the same disbursements and repayments with today's date (``approval``, ``disbursements``,
``repayments``, ``booking``): the terms copied from the row and the product, the plan fixed at the
first disbursement, the events in recording order, the caches and ``booked_*`` amounts of its
state as of today with the borrower's worst debt group, and a journal entry dated today taking the
ledger from nothing to its ``domain.booking.targets`` (worked out by ``checking``; the API posts the
same total in one entry per event). Closed months are not touched: month-end snapshots are written
by month close only.

Rows go in through ``db.bulk.Writer`` (Core ``executemany`` on SQLite, ``COPY`` on PostgreSQL, with
the ids the next rows point at reserved beforehand), so the audit trail records the ``ImportBatch``
row (who, when, which file), not each of the thousands of rows it names.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from ...clock import now_utc
from ...db.bulk import Writer
from ...db.models import (ApplicationEvent, ApplicationStatus, Borrower, Collateral, EventKind, ImportBatch,
                          JournalEntry, JournalLine, Loan, LoanApplication, LoanEvent, LoanPlan, LoanStatus,
                          Recommendation)
from ...domain.booking import POSTED_ACCOUNTS, adjustment
from .. import ledger
from ..booking import cache_columns
from ..borrowers import fold
from ..loans import plan_rows
from .checking import Checked
from .history import PreparedLoan

PLAN_REASON = "Lịch trả nợ khi giải ngân lần đầu / schedule fixed at first disbursement"  # as services.disbursements


def _borrowers(write: Writer, checked: Checked, now) -> dict[str, int]:
    ids: dict[str, int] = {}
    for members in (False, True):  # organisations first: members point at them
        batch = [b for b in checked.borrowers if (b.member_of_ref is not None) is members]
        rows = [{**b.values, "member_of_id": ids.get(b.member_of_ref), "name_folded": fold(b.values["name"]),
                 "commune_folded": fold(b.values["commune"]), "related_group_id": None, "created_at": now}
                for b in batch]
        ids.update(zip((b.ref for b in batch), write(Borrower, rows, ids=True)))
    return ids


def _application(loan: PreparedLoan, borrower_id: int, user_id: int, checked: Checked, now) -> dict:
    values, terms = loan.values, loan.terms
    checked_on = values["bad_debt_checked_on"]
    return {"borrower_id": borrower_id, "product_id": loan.product.id, "status": ApplicationStatus.APPROVED,
            "amount": terms.amount, "term_months": terms.term_months, "grace_months": terms.grace_months,
            "purpose": values["purpose"], "total_investment": values["total_investment"],
            "own_capital": values["own_capital"], "created_by": user_id, "created_at": now, "appraised_by": user_id,
            "recommendation": Recommendation.APPROVE, "appraised_amount": terms.amount,
            "appraised_term_months": terms.term_months, "appraised_grace_months": terms.grace_months,
            "bad_debt_checked_on": checked_on, "has_bad_debt": False if checked_on else None,
            "appraisal_notes": f"Nhập từ tệp {checked.filename}", "decided_by": user_id,
            "decision_no": values["decision_no"], "decision_notes": f"Nhập từ tệp {checked.filename}"}


def _position(loan: PreparedLoan) -> dict:
    """The loan's status, caches and booked amounts, as ``services.booking`` leaves them."""
    if loan.state is None:  # approved, nothing disbursed: as approval leaves it
        return {"status": LoanStatus.APPROVED, "cached_as_of": None, "cached_principal_outstanding": 0,
                "cached_principal_overdue": 0, "cached_days_past_due": 0, "cached_own_group": 1,
                "cached_debt_group": 1, **{f"booked_{a}": 0 for a in POSTED_ACCOUNTS}}
    state = loan.state
    return {"status": LoanStatus.CLOSED if state.closed_on else LoanStatus.ACTIVE, "closed_on": state.closed_on,
            "disbursed_on": loan.first_disbursed_on, "maturity_date": loan.plan[-1].due_date,
            **cache_columns(state=state, own=loan.own_group, group=loan.debt_group, target=loan.target,
                            as_of=state.as_of, terms=loan.terms)}


def _loan_row(loan: PreparedLoan, *, application_id: int, borrower_id: int, user_id: int, batch_id: int,
              position: dict) -> dict:
    terms, values, product = loan.terms, loan.values, loan.product
    return {"contract_no": loan.contract_no, "application_id": application_id, "borrower_id": borrower_id,
            "product_id": product.id, "amount": terms.amount, "annual_rate": terms.annual_rate,
            "overdue_rate_factor": terms.overdue_rate_factor, "late_interest_rate": terms.late_interest_rate,
            "method": terms.method, "principal_every": terms.principal_every, "interest_every": terms.interest_every,
            "term_months": terms.term_months, "grace_months": terms.grace_months, "prepayment": terms.prepayment,
            "current_order": terms.current_order, "working_day_roll": terms.working_day_roll, "manual_principal": None,
            "purpose": values["purpose"], "capital_source": values["capital_source"],
            "fund_bears_risk": values["fund_bears_risk"], "approved_on": values["approved_on"], "approved_by": user_id,
            "decision_no": values["decision_no"], "bad_debt_checked_on": values["bad_debt_checked_on"],
            "has_bad_debt": False if values["bad_debt_checked_on"] else None, "disbursed_on": None,
            "disbursed_amount": loan.disbursed_amount, "maturity_date": None, "closed_on": None,
            "import_batch_id": batch_id, "version": len(loan.disbursements) + len(loan.repayments), **position}


def load(session: Session, checked: Checked, *, user_id: int, today: date,
         progress: Callable[[str, int, int], None] | None = None) -> ImportBatch:
    """Create everything the checked workbook holds; returns the batch (its id names the loans)."""
    now = now_utc()
    counts = checked.counts
    batch = ImportBatch(filename=checked.filename, sha256=checked.sha256, business_date=today, imported_at=now,
                        imported_by=user_id, counts=counts)
    session.add(batch)
    session.flush()
    loans = checked.loans
    lines = sum(len(adjustment(loan.target, {})) for loan in loans if loan.target)
    total = (counts["borrowers"] + 3 * len(loans) + counts["collateral"] + counts["disbursements"]
             + counts["repayments"] + 2 * sum(1 for loan in loans if loan.state is not None) + lines)
    write = Writer(session, progress, total)
    borrower_ids = _borrowers(write, checked, now)
    owners = [borrower_ids[loan.borrower_ref] for loan in loans]
    application_ids = write(LoanApplication, [_application(loan, owner, user_id, checked, now)
                                              for loan, owner in zip(loans, owners)], ids=True)
    loan_ids = write(Loan, [_loan_row(loan, application_id=a, borrower_id=b, user_id=user_id, batch_id=batch.id,
                                      position=_position(loan)) for loan, a, b in zip(loans, application_ids, owners)],
                     ids=True)
    note = f"Nhập từ tệp {checked.filename} (SHA-256 {checked.sha256[:12]}…): "
    write(ApplicationEvent, [{"application_id": a, "from_status": None, "to_status": ApplicationStatus.APPROVED.value,
                              "by_user": user_id, "at": now, "note": note + loan.contract_no}
                             for loan, a in zip(loans, application_ids)])
    write(Collateral, [{"application_id": a, "loan_id": i, **loan.collateral}
                       for loan, a, i in zip(loans, application_ids, loan_ids) if loan.collateral])
    event = lambda loan_id, kind, row: {"loan_id": loan_id, "kind": kind, "value_date": row["value_date"],  # noqa: E731
                                        "amount": row["amount"], "reference": row["reference"] or "",
                                        "recorded_by": user_id, "recorded_at": now}
    # Disbursements first, then repayments, each in the order ``history.events_of`` numbered them:
    # ids grow in that order, so two payments of one day apply in the same order after the import.
    firsts = write(LoanEvent, [event(i, EventKind.DISBURSEMENT, row) for loan, i in zip(loans, loan_ids)
                               for row in loan.disbursements], ids=True)
    write(LoanEvent, [event(i, EventKind.REPAYMENT, row) for loan, i in zip(loans, loan_ids) for row in loan.repayments])
    first_event, position_in = {}, 0
    for loan, loan_id in zip(loans, loan_ids):
        if loan.disbursements:
            first_event[loan_id] = firsts[position_in]
        position_in += len(loan.disbursements)
    booked = [(loan, i, loan.target) for loan, i in zip(loans, loan_ids) if loan.state is not None]
    write(LoanPlan, [{"loan_id": i, "version": 1, "effective_date": loan.first_disbursed_on, "reason": PLAN_REASON,
                      "rows": plan_rows(loan.plan), "event_id": first_event[i], "created_at": now}
                     for loan, i, _ in booked])
    _journal(write, session, booked, batch=batch, user_id=user_id, today=today, now=now)
    session.flush()
    return batch


def _journal(write: Writer, session: Session, booked, *, batch: ImportBatch, user_id: int, today: date, now) -> None:
    """One entry per loan, dated the import date: from nothing to what its state says."""
    accounts = ledger.account_ids(session)
    booked = [(loan, i, target) for loan, i, target in booked if adjustment(target, {})]  # a loan netting to 0
    entries = [{"business_date": today, "kind": "import", "loan_id": i, "source": f"import:{batch.id}",
                "description": f"Nhập sổ cho vay từ tệp {batch.filename} — {loan.contract_no}"[:500],
                "reverses_id": None, "recorded_at": now, "recorded_by": user_id} for loan, i, _ in booked]
    entry_ids = write(JournalEntry, entries, ids=True)
    write(JournalLine, [{"entry_id": entry_id, "account_id": accounts[account], "debit": debit, "credit": credit,
                         "loan_id": loan_id}
                        for entry_id, (_, loan_id, target) in zip(entry_ids, booked)
                        for account, debit, credit in adjustment(target, {})])
