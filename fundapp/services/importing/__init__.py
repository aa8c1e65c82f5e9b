"""Bringing an existing loan book in from Excel (nhập sổ cho vay, issue 8): how a fund goes live.

- ``template``: the workbook to fill (``exports.import_template`` lays it out);
- ``reading``: its cells, parsed by column, each unreadable cell a ``Problem`` (sheet, row, column,
  Vietnamese reason);
- ``checking`` (with ``history`` and ``today_rules``): every row checked in one pass, every loan's
  history replayed by the API's own fold; today's eligibility rules as warnings;
- ``loading``: everything written in bulk, all or nothing, in the caller's transaction.

``import_workbook`` is the one use case the command line, the API and the page call. The same
workbook (by SHA-256) is imported once; a dry run or a workbook with errors writes nothing.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import ImportBatch, Loan
from ..approval import take_turn
from ..disbursements import lock_fund_capital
from . import checking, loading, reading
from .reading import NotAWorkbook, Problem, Progress

__all__ = ["NotAWorkbook", "Outcome", "Problem", "import_workbook"]

KINDS = {"borrowers": "khách hàng", "loans": "khoản vay", "disbursements": "lần giải ngân",
         "repayments": "lần trả nợ", "collateral": "tài sản bảo đảm"}
BALANCE = ("principal_outstanding", "principal_overdue", "interest_overdue", "penalty_interest", "late_interest",
           "principal_due_today", "interest_due_today", "interest_accrued", "advance", "payoff_amount",
           "days_past_due")


@dataclass
class Outcome:
    """What an import did or would do. ``status``: ``invalid`` (errors, nothing written), ``dry_run``
    (nothing written), ``imported``, or ``already_imported`` (this workbook was imported before)."""

    status: str
    filename: str
    sha256: str
    today: date
    batch_id: int | None = None
    imported_on: date | None = None
    counts: dict = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    loans: list[dict] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)  # read, check, write

    @property
    def message(self) -> str:
        counts = ", ".join(f"{self.counts[k]} {label}" for k, label in KINDS.items() if k in self.counts)
        return {
            "invalid": f"Tệp có {len(self.errors)} lỗi; không có gì được nhập",
            "dry_run": f"Kiểm tra thử: không có lỗi; sẽ tạo {counts}. Chưa có gì được ghi",
            "imported": f"Đã nhập {counts} (lần nhập số {self.batch_id})",
            "already_imported": (f"Tệp này đã được nhập ngày {self.imported_on:%d/%m/%Y} (lần nhập số {self.batch_id}); "
                                 "không nhập lại") if self.imported_on else "",
        }[self.status]

    def as_dict(self) -> dict:
        return {"status": self.status, "message": self.message, "filename": self.filename, "sha256": self.sha256,
                "as_of": self.today, "batch_id": self.batch_id, "imported_on": self.imported_on,
                "counts": self.counts, "errors": [p.as_dict() for p in self.errors],
                "warnings": [p.as_dict() for p in self.warnings], "loans": self.loans, "seconds": self.seconds}


def _summary(loan) -> dict:
    state = loan.state
    item = {"contract_no": loan.contract_no, "borrower_ref": loan.borrower_ref, "loan_id": None,
            "amount": loan.terms.amount, "disbursed": loan.disbursed_amount,
            "status": "approved" if state is None else "closed" if state.closed_on else "active",
            "debt_group": loan.debt_group if state is not None else None}
    item.update({key: getattr(state.balance, key) if state is not None else 0 for key in BALANCE})
    return item


def import_workbook(session: Session, *, content: bytes, filename: str, dry_run: bool, user_id: int, today: date,
                    settings, progress: Progress | None = None) -> Outcome:
    """Check the workbook and, unless ``dry_run`` or anything is wrong, create what it holds.

    The caller owns the transaction (one per command or request): the writes are flushed, never
    committed here, so an error anywhere leaves nothing behind."""
    sha256 = hashlib.sha256(content).hexdigest()
    name = PurePath(filename.replace("\\", "/")).name[:255] or "so-cho-vay.xlsx"
    earlier = session.scalar(select(ImportBatch).where(ImportBatch.sha256 == sha256))
    if earlier is not None:
        return Outcome("already_imported", name, sha256, today, batch_id=earlier.id,
                       imported_on=earlier.business_date, counts={k: 0 for k in earlier.counts})
    started = time.perf_counter()
    book = reading.read(content, filename=name, sha256=sha256, progress=progress)
    read_at = time.perf_counter()
    checked = checking.check(session, book, today=today, settings=settings, progress=progress)
    checked_at = time.perf_counter()
    outcome = Outcome("invalid" if checked.errors else "dry_run", name, sha256, today, counts=checked.counts,
                      errors=checked.errors, warnings=checked.warnings,
                      seconds={"read": round(read_at - started, 3), "check": round(checked_at - read_at, 3)})
    if checked.errors:
        return outcome
    outcome.loans = [_summary(loan) for loan in checked.loans]
    if dry_run:
        return outcome
    take_turn(session)  # contract numbers and the fund's capital: one writer at a time (PostgreSQL)
    lock_fund_capital(session)
    batch = loading.load(session, checked, user_id=user_id, today=today, progress=progress)
    outcome.seconds["write"] = round(time.perf_counter() - checked_at, 3)
    outcome.status, outcome.batch_id, outcome.imported_on = "imported", batch.id, batch.business_date
    ids = dict(session.execute(select(Loan.contract_no, Loan.id)
                               .where(Loan.import_batch_id == batch.id)).all())
    for item in outcome.loans:
        item["loan_id"] = ids[item["contract_no"]]
    return outcome
