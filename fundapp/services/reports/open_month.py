"""The month not yet closed, computed loan by loan as of a day (today for the current month).

Each loan's state comes from the fold (``loans.state_of``) and its reported group from
``loans.debt_group``, exactly as month close will compute them; the month's flows are the
cumulative figures now less those of the previous month-end snapshot (or, if that month is not
closed either or the loan was imported since, of the loan replayed as of the previous month's last
day). So events back-dated into a closed month appear here, and the rows reconcile by construction.

This replays every loan (about a millisecond each): fine for the open month of a provincial fund,
but it is the closed month (``closed_month``) that is built for 100,000 loans.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import Borrower, Collateral, Loan, LoanStatus, MonthClose, MonthEndSnapshot, RelatedGroup
from ...domain import provisioning, reporting
from .. import fund_rules
from ..loans import debt_group, state_of
from ..month_close import brought_in_before
from .rows import GROUPINGS, MONEY, add_into, zero

CUMULATIVE = ("disbursed", "principal_collected", "interest_collected", "penalty_collected", "written_off")


def _cumulative(state, loan: Loan) -> dict:
    """The loan's running totals as of the state's day (what month close stores as ``cum_*``)."""
    balance = state.balance
    written_off = balance.principal_outstanding if loan.status is LoanStatus.WRITTEN_OFF and balance.written_off else 0
    return {"disbursed": state.disbursed, "principal_collected": state.disbursed - balance.principal_outstanding,
            "interest_collected": state.interest_collected, "penalty_collected": state.penalty_collected,
            "written_off": written_off}


def _previous(session: Session, month_start: date, loans: list[Loan]) -> dict[int, dict]:
    """Per loan: the closing balance and cumulative figures at the previous month end: its snapshot
    if that month is closed, else (or if imported since, ``brought_in_before``) replayed."""
    before = month_start - timedelta(days=1)
    closed = session.get(MonthClose, before) is not None
    previous = {}
    if closed:
        for s in session.scalars(select(MonthEndSnapshot).where(MonthEndSnapshot.month_end == before)):
            previous[s.loan_id] = {"closing": s.principal_outstanding,
                                   **{key: getattr(s, f"cum_{key}") for key in CUMULATIVE}}
    for loan in loans:
        if loan.id in previous or (closed and not brought_in_before(loan, month_start)):
            continue
        if loan.disbursed_on is not None and loan.disbursed_on <= before:
            state = state_of(session, loan, as_of=before)
            cum = _cumulative(state, loan)
            previous[loan.id] = {"closing": state.balance.principal_outstanding - cum["written_off"], **cum}
    return previous


def _collateral(session: Session, loans: list[Loan]) -> dict[int, list[Collateral]]:
    items = defaultdict(list)
    ids = [loan.application_id for loan in loans]
    for chunk in range(0, len(ids), 500):
        for item in session.scalars(select(Collateral).where(Collateral.application_id.in_(ids[chunk:chunk + 500]))
                                    .order_by(Collateral.id)):
            items[item.application_id].append(item)
    return items


def rows(session: Session, *, month_start: date, as_of: date) -> list[dict]:
    """Every loan with anything in the month, as of ``as_of``, in loan order (``rows.ROW_FIELDS``)."""
    before = month_start - timedelta(days=1)
    snapshot_ids = select(MonthEndSnapshot.loan_id).where(MonthEndSnapshot.month_end == before)
    loans = list(session.scalars(select(Loan).where(
        Loan.disbursed_on.is_not(None), Loan.disbursed_on <= as_of,
        Loan.closed_on.is_(None) | (Loan.closed_on >= month_start) | Loan.id.in_(snapshot_ids)).order_by(Loan.id)))
    previous = _previous(session, month_start, loans)
    collateral = _collateral(session, loans)
    borrower_ids = sorted({loan.borrower_id for loan in loans})
    borrowers = {b.id: b for start in range(0, len(borrower_ids), 1000)  # a statement's parameters are limited
                 for b in session.scalars(select(Borrower).where(Borrower.id.in_(borrower_ids[start:start + 1000])))}
    out = []
    for loan in loans:
        row = _row(session, loan, borrowers[loan.borrower_id], collateral.get(loan.application_id, []),
                   previous.get(loan.id), as_of=as_of)
        if any(row[key] for key in MONEY if key != "provision"):
            out.append(row)
    return out


def _row(session: Session, loan: Loan, borrower: Borrower, items: list[Collateral], prior: dict | None, *,
         as_of: date) -> dict:
    state = state_of(session, loan, as_of=as_of)
    balance = state.balance
    _, group = debt_group(session, loan, state)
    cum = _cumulative(state, loan)
    closing = balance.principal_outstanding - cum["written_off"]
    overdue = min(balance.principal_overdue, closing)
    rules = fund_rules.rules_on(session, as_of)
    deductible = provisioning.deductible_collateral(
        [provisioning.Collateral(kind=c.kind, appraised_value=c.value) for c in items], rules.deductible_rates)
    flows = {key: cum[key] - (prior[key] if prior else 0) for key in CUMULATIVE}
    return {
        "loan_id": loan.id, "contract_no": loan.contract_no, "borrower_id": loan.borrower_id,
        "borrower_name": borrower.name, "borrower_kind": borrower.kind.value, "commune": borrower.commune,
        "district": borrower.district, "sector": borrower.sector.value, "related_group_id": borrower.related_group_id,
        "disbursed_on": loan.disbursed_on, "amount": loan.amount, "term_months": loan.term_months,
        "term_class": reporting.term_class(loan.term_months).value, "maturity_date": loan.maturity_date,
        "annual_rate": str(loan.annual_rate), "purpose": loan.purpose,
        "collateral": "; ".join(c.description for c in items), "collateral_value": sum(c.value for c in items),
        "capital_source": loan.capital_source, "fund_bears_risk": loan.fund_bears_risk, "status": loan.status.value,
        "opening_balance": prior["closing"] if prior else 0, "disbursed": flows["disbursed"],
        "principal_collected": flows["principal_collected"], "written_off": flows["written_off"],
        "closing_balance": closing, "closing_in_term": closing - overdue, "closing_overdue": overdue,
        "interest_due": balance.interest_due_today, "interest_accrued": balance.interest_accrued,
        "interest_overdue": balance.interest_overdue, "interest_collected": flows["interest_collected"],
        "penalty_interest": balance.penalty_interest, "late_interest": balance.late_interest,
        "penalty_collected": flows["penalty_collected"],
        "provision": provisioning.specific_provision(principal=closing, deductible=deductible, group=group,
                                                     rates=rules.specific_rates, fund_bears_risk=loan.fund_bears_risk),
        "days_past_due": balance.days_past_due, "debt_group": group,
    }


def groups(rows: list[dict]) -> dict[str, list[dict]]:
    """The same groupings as the closed month's GROUP BY, folded in Python over the computed rows."""
    result = {}
    for name in GROUPINGS:
        folded: dict = {}
        for row in rows:
            add_into(folded.setdefault(row[name], zero()), row)
        result[name] = [{"key": key, **figures} for key, figures in sorted(folded.items(), key=lambda kv: str(kv[0]))]
    return result


def exposures(session: Session, rows: list[dict], *, limit: int) -> tuple[list[dict], list[dict]]:
    by_borrower: dict = {}
    by_group: dict = {}
    for row in rows:
        entry = by_borrower.setdefault(row["borrower_id"], {"borrower_id": row["borrower_id"],
                                                            "name": row["borrower_name"], "outstanding": 0})
        entry["outstanding"] += row["closing_balance"]
        if row["related_group_id"] is not None:
            group = by_group.setdefault(row["related_group_id"], {"related_group_id": row["related_group_id"],
                                                                  "outstanding": 0, "members": set()})
            group["outstanding"] += row["closing_balance"]
            group["members"].add(row["borrower_id"])
    names = dict(session.execute(select(RelatedGroup.id, RelatedGroup.name)
                                 .where(RelatedGroup.id.in_(by_group))).all()) if by_group else {}
    borrowers = sorted((e for e in by_borrower.values() if e["outstanding"] > 0),
                       key=lambda e: (-e["outstanding"], e["borrower_id"]))[:limit]
    related = sorted(({"related_group_id": g["related_group_id"], "name": names.get(g["related_group_id"], ""),
                       "outstanding": g["outstanding"], "borrowers": len(g["members"])}
                      for g in by_group.values() if g["outstanding"] > 0),
                     key=lambda e: (-e["outstanding"], e["related_group_id"]))[:limit]
    return borrowers, related
