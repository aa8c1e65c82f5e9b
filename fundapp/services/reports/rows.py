"""What every row and total of the outstanding-loan report carries, and the reconciliation.

Every row, every group and the totals carry the ``MONEY`` figures; a row also names its loan and
borrower (``DESCRIPTIVE``) and its ``days_past_due`` and ``debt_group``. The reconciliation
(opening + disbursed − principal collected − written off = closing = in term + overdue) is checked
for every row and total; a report that does not reconcile is never handed out.
"""
from __future__ import annotations

from collections.abc import Iterable

from ...domain import reporting
from ...domain.errors import DomainError

# The flows and balances of a month, all in đồng, all summable.
MONEY = ("opening_balance", "disbursed", "principal_collected", "written_off", "closing_balance",
         "closing_in_term", "closing_overdue", "interest_due", "interest_accrued", "interest_overdue",
         "interest_collected", "penalty_interest", "late_interest", "penalty_collected", "provision")
DESCRIPTIVE = ("loan_id", "contract_no", "borrower_id", "borrower_name", "borrower_kind", "commune", "district",
               "sector", "related_group_id", "disbursed_on", "amount", "term_months", "term_class", "maturity_date",
               "annual_rate", "purpose", "collateral", "collateral_value", "capital_source", "fund_bears_risk",
               "status")
ROW_FIELDS = DESCRIPTIVE + MONEY + ("days_past_due", "debt_group")
# The groupings of the totals (domain.md §7), each a row field.
GROUPINGS = ("debt_group", "commune", "sector", "term_class", "capital_source", "borrower_kind")
RECONCILED = ("opening_balance", "disbursed", "principal_collected", "written_off", "closing_balance",
              "closing_in_term", "closing_overdue")


class ReportDoesNotReconcile(DomainError):
    """A row or total breaks opening + disbursed − collected − written off = closing: a broken
    snapshot or engine, never something to print. The API answers 500 naming the loans."""

    rule = "report_reconciliation"


def zero() -> dict:
    return {"loans": 0, **{key: 0 for key in MONEY}}


def add_into(total: dict, row: dict) -> dict:
    total["loans"] += row.get("loans", 1)
    for key in MONEY:
        total[key] += row[key]
    return total


def summed(rows: Iterable[dict]) -> dict:
    total = zero()
    for row in rows:
        add_into(total, row)
    return total


def reconciles(figures: dict) -> bool:
    return reporting.reconciles(**{key: figures[key] for key in RECONCILED})


def check(rows: Iterable[dict], *, what: str) -> int:
    """Raise naming the first rows that do not reconcile; the number checked otherwise."""
    broken, checked = [], 0
    for row in rows:
        checked += 1
        if not reconciles(row):
            broken.append(row.get("loan_id", row.get("key")))
    if broken:
        raise ReportDoesNotReconcile(
            f"báo cáo không khớp: dư đầu + giải ngân − thu gốc − xử lý rủi ro ≠ dư cuối ({what}) / "
            f"the report does not reconcile for {what}", loans=broken[:20], count=len(broken))
    return checked
