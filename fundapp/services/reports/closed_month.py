"""A closed month, read from ``month_end_snapshots`` by SQL: rows, totals and groups are each one
query with the sums done by the database (GROUP BY), never a loop over loan objects, so a book of
100,000 loans is reported in about a second. A snapshot never changes, so neither does the report.

The borrower's and loan's descriptive fields (name, commune, sector, maturity, ...) are read from
their tables as they are now; the money figures and groups are the snapshot's.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, String, case, func, or_, select, tuple_, type_coerce
from sqlalchemy.orm import Session

from ...db.models import Borrower, Collateral, Loan, MonthEndSnapshot, RelatedGroup
from ...domain import reporting
from .rows import GROUPINGS, MONEY

S, L, B = MonthEndSnapshot, Loan, Borrower

TERM_CLASS = case((L.term_months <= reporting.SHORT_TERM_MAX_MONTHS, reporting.TermClass.SHORT.value),
                  (L.term_months <= reporting.MEDIUM_TERM_MAX_MONTHS, reporting.TermClass.MEDIUM.value),
                  else_=reporting.TermClass.LONG.value)
MONEY_SQL = {
    "opening_balance": S.opening_balance, "disbursed": S.disbursed, "principal_collected": S.principal_collected,
    "written_off": S.written_off, "closing_balance": S.principal_outstanding,
    "closing_in_term": S.principal_outstanding - S.principal_overdue, "closing_overdue": S.principal_overdue,
    "interest_due": S.interest_due, "interest_accrued": S.interest_accrued, "interest_overdue": S.interest_overdue,
    "interest_collected": S.interest_collected, "penalty_interest": S.penalty_interest,
    "late_interest": S.late_interest, "penalty_collected": S.penalty_collected, "provision": S.specific_provision,
}
assert tuple(MONEY_SQL) == MONEY
GROUP_SQL = {"debt_group": S.debt_group, "commune": B.commune, "sector": B.sector, "term_class": TERM_CLASS,
             "capital_source": L.capital_source, "borrower_kind": B.kind}
assert tuple(GROUP_SQL) == GROUPINGS
# A loan is shown in a month when it has anything in it: a balance, a flow or interest owed.
# (Month close keeps a zero snapshot of every loan it ever saw, so back-dated events can show.)
SHOWN = or_(*(column != 0 for column in (
    S.opening_balance, S.principal_outstanding, S.disbursed, S.principal_collected, S.written_off,
    S.interest_collected, S.penalty_collected, S.interest_due, S.interest_accrued, S.interest_overdue,
    S.penalty_interest, S.late_interest)))
NOT_RECONCILED = or_(S.opening_balance + S.disbursed - S.principal_collected - S.written_off != S.principal_outstanding,
                     S.principal_overdue > S.principal_outstanding, S.principal_overdue < 0)


def _from(query: Select, month_end: date) -> Select:
    return (query.select_from(S).join(L, L.id == S.loan_id).join(B, B.id == S.borrower_id)
            .where(S.month_end == month_end, SHOWN))


def _month_rows(month_end: date):
    """The month's shown snapshots with their grouping keys, one row a loan (a subquery)."""
    return _from(select(*[key.label(name) for name, key in GROUP_SQL.items()],
                        *[expr.label(name) for name, expr in MONEY_SQL.items()],
                        case((NOT_RECONCILED, 1), else_=0).label("unreconciled")), month_end).subquery()


def _sums(rows) -> list:
    return [func.count().label("loans"), *[func.coalesce(func.sum(rows.c[key]), 0).label(key) for key in MONEY],
            func.coalesce(func.sum(rows.c.unreconciled), 0).label("unreconciled")]


def _plain(value):
    return getattr(value, "value", value)  # enums (sector, kind) as their codes


def _figures(data) -> dict:
    return {"loans": int(data["loans"]), **{key: int(data[key]) for key in MONEY}}


def aggregates(session: Session, month_end: date) -> tuple[dict, dict[str, list[dict]], int]:
    """(totals, groups, rows that do not reconcile) of the month, summed by the database.

    On PostgreSQL one query (GROUP BY GROUPING SETS: one scan for the totals and all six
    groupings); elsewhere (SQLite, for small funds) one GROUP BY query per grouping."""
    rows = _month_rows(month_end)
    keys = [rows.c[name] for name in GROUPINGS]
    groups: dict[str, list[dict]] = {name: [] for name in GROUPINGS}
    if session.get_bind().dialect.name == "postgresql":
        query = (select(*keys, *[func.grouping(key).label(f"g_{key.name}") for key in keys], *_sums(rows))
                 .group_by(func.grouping_sets(*keys, tuple_())))
        totals = None
        for row in session.execute(query).mappings():
            grouped = [name for name in GROUPINGS if row[f"g_{name}"] == 0]
            if not grouped:
                totals = row
            else:
                groups[grouped[0]].append({"key": _plain(row[grouped[0]]), **_figures(row)})
    else:
        totals = session.execute(select(*_sums(rows))).mappings().one()
        for name, key in zip(GROUPINGS, keys):
            query = select(key.label("key"), *_sums(rows)).group_by(key).order_by(key)
            groups[name] = [{"key": _plain(row["key"]), **_figures(row)} for row in session.execute(query).mappings()]
    if totals is None:  # no rows at all: PostgreSQL returns the empty grouping set anyway, SQLite too
        return {"loans": 0, **{key: 0 for key in MONEY}}, groups, 0
    return _figures(totals), groups, int(totals["unreconciled"])


def unreconciled_loans(session: Session, month_end: date) -> list[int]:
    """The first twenty loans whose row breaks the reconciliation."""
    return list(session.scalars(_from(select(S.loan_id), month_end).where(NOT_RECONCILED).order_by(S.loan_id)
                                .limit(20)))


def _collateral():
    return (select(Collateral.application_id.label("application_id"),
                   func.aggregate_strings(Collateral.description, "; ").label("text"),
                   func.sum(Collateral.value).label("value"))
            .group_by(Collateral.application_id).subquery())


def rows(session: Session, month_end: date, *, limit: int | None = None, offset: int = 0) -> list[dict]:
    """The loans shown in the month, in loan order, as plain dicts (``rows.ROW_FIELDS``). Read through
    the connection (no ORM) with codes and rates as the strings stored: 100,000 rows in about a second."""
    collateral = _collateral()
    raw = {"borrower_kind": B.kind, "sector": B.sector, "annual_rate": L.annual_rate}
    columns = [L.id.label("loan_id"), L.contract_no, S.borrower_id, B.name.label("borrower_name"),
               *[type_coerce(column, String).label(name) for name, column in raw.items() if name != "annual_rate"],
               B.commune, B.district, B.related_group_id, L.disbursed_on, L.amount, L.term_months,
               TERM_CLASS.label("term_class"), L.maturity_date, type_coerce(L.annual_rate, String).label("annual_rate"),
               L.purpose, func.coalesce(collateral.c.text, "").label("collateral"),
               func.coalesce(collateral.c.value, 0).label("collateral_value"), L.capital_source, S.fund_bears_risk,
               S.status, *[expr.label(key) for key, expr in MONEY_SQL.items()], S.days_past_due, S.debt_group]
    query = (_from(select(*columns), month_end).outerjoin(collateral, collateral.c.application_id == L.application_id)
             .order_by(S.loan_id).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    result = session.connection().execute(query)
    keys = list(result.keys())
    return [dict(zip(keys, values)) for values in result]


def exposures(session: Session, month_end: date, *, limit: int) -> tuple[list[dict], list[dict]]:
    """The largest closing balances by borrower and by related group (summed in the database)."""
    outstanding = func.sum(S.principal_outstanding)
    top = session.execute(select(S.borrower_id, outstanding).where(S.month_end == month_end).group_by(S.borrower_id)
                          .having(outstanding > 0).order_by(outstanding.desc(), S.borrower_id).limit(limit)).all()
    names = dict(session.execute(select(B.id, B.name).where(B.id.in_([b for b, _ in top]))).all()) if top else {}
    by_group = (select(RelatedGroup.id.label("related_group_id"), RelatedGroup.name.label("name"),
                       outstanding.label("outstanding"), func.count(func.distinct(S.borrower_id)).label("borrowers"))
                .select_from(S).join(B, B.id == S.borrower_id).join(RelatedGroup, RelatedGroup.id == B.related_group_id)
                .where(S.month_end == month_end).group_by(RelatedGroup.id, RelatedGroup.name).having(outstanding > 0)
                .order_by(outstanding.desc(), RelatedGroup.id).limit(limit))
    borrowers = [{"borrower_id": borrower, "name": names[borrower], "outstanding": int(amount)} for borrower, amount in top]
    related = [{"related_group_id": r.related_group_id, "name": r.name, "outstanding": int(r.outstanding),
                "borrowers": int(r.borrowers)} for r in session.execute(by_group)]
    return borrowers, related
