"""Writing a checked workbook: every row in bulk, in the caller's one transaction.

What a loan created here holds is what the API would have left after approving it and recording
the same disbursements and repayments with today's date (``approval``, ``disbursements``,
``repayments``, ``booking``): the terms copied from the row and the product, the plan fixed at the
first disbursement, the events in recording order, the caches and ``booked_*`` amounts of its
state as of today with the borrower's worst debt group, and a journal entry dated today taking the
ledger from nothing to its ``domain.booking.targets`` (worked out by ``checking``; the API posts the
same total in one entry per event). Closed months are not touched: month-end snapshots are written
by month close only.

Rows go in with ``session.execute(insert(Model.__table__), [...])`` (Core ``executemany``, with the
ids the next rows point at reserved beforehand), so the audit trail records the ``ImportBatch`` row
(who, when, which file), not each of the thousands of rows it names.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from ...clock import now_utc
from ...db.models import (ApplicationEvent, ApplicationStatus, Borrower, Collateral, EventKind, ImportBatch,
                          JournalEntry, JournalLine, Loan, LoanApplication, LoanEvent, LoanPlan, LoanStatus,
                          Recommendation)
from ...domain.booking import POSTED_ACCOUNTS, adjustment
from .. import ledger
from ..borrowers import fold
from ..loans import plan_rows
from .checking import Checked
from .history import PreparedLoan

CHUNK = 5_000
PLAN_REASON = "Lịch trả nợ khi giải ngân lần đầu / schedule fixed at first disbursement"  # as services.disbursements


class Writer:
    """Inserts in chunks (Core ``executemany``: no ORM bookkeeping per row), counting rows for the
    progress bar. Ids needed next are reserved first and written explicitly: ``RETURNING`` in
    parameter order would make SQLite insert one row at a time."""

    def __init__(self, session: Session, progress: Callable[[str, int, int], None] | None, total: int):
        self.session, self.progress, self.total, self.done = session, progress, total, 0
        # PostgreSQL: COPY (psycopg's executemany sends one INSERT a row); SQLite's executemany is fast.
        self.copy = session.get_bind().dialect.name == "postgresql"

    def reserve(self, table, count: int) -> list[int]:
        """``count`` new ids for ``table``: from its sequence on PostgreSQL; on SQLite after the
        largest id, which is safe because the transaction holds the database's write lock."""
        if not count:
            return []
        if self.session.get_bind().dialect.name == "postgresql":
            return list(self.session.scalars(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) "
                                                  "FROM generate_series(1, :n)"), {"t": table.name, "n": count}))
        last = self.session.scalar(select(func.coalesce(func.max(table.c.id), 0)))
        return list(range(last + 1, last + count + 1))

    def _copy(self, table, rows: list[dict]) -> None:
        """``COPY … FROM STDIN`` in the session's transaction, each value made what SQLAlchemy would
        send (the columns' bind processors: rates as text, enums as their values, JSON), and the
        columns' Python defaults filled in as an INSERT would."""
        dialect = self.session.get_bind().dialect
        defaults = {c.key: c.default.arg for c in table.columns
                    if c.key not in rows[0] and c.default is not None and c.default.is_scalar}
        names = [*rows[0], *defaults]
        processors = [table.c[name].type._cached_bind_processor(dialect) for name in names]
        raw = self.session.connection().connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                values = [row[name] if name in row else defaults[name] for name in names]
                copy.write_row([value if p is None or value is None else p(value)
                                for p, value in zip(processors, values)])

    def __call__(self, model, rows: list[dict], *, ids: bool = False) -> list[int]:
        table = model.__table__
        created = self.reserve(table, len(rows)) if ids else []
        for row, new_id in zip(rows, created):
            row["id"] = new_id
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            if self.copy:
                self._copy(table, chunk)
            else:
                self.session.execute(insert(table), chunk)
            self.done += len(chunk)
            if self.progress:
                self.progress("write", min(self.done, self.total), self.total)
        return created


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
    state, balance = loan.state, loan.state.balance
    return {"status": LoanStatus.CLOSED if state.closed_on else LoanStatus.ACTIVE, "closed_on": state.closed_on,
            "disbursed_on": loan.first_disbursed_on, "maturity_date": loan.plan[-1].due_date,
            "cached_as_of": state.as_of, "cached_principal_outstanding": balance.principal_outstanding,
            "cached_principal_overdue": balance.principal_overdue, "cached_days_past_due": balance.days_past_due,
            "cached_own_group": loan.own_group, "cached_debt_group": loan.debt_group,
            **{f"booked_{a}": loan.target.get(a, 0) for a in POSTED_ACCOUNTS}}


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
