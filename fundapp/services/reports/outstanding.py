"""The monthly outstanding-loan report (báo cáo dư nợ cho vay, domain.md §7; api.md
``GET /reports/outstanding``): per loan rows, totals, the six groupings, bad debt, provisions, the
largest exposures against the 15% / 25% limits, and a 12-month trend.

A closed month is read from its snapshot by SQL (``closed_month``) and never changes; the month not
yet closed is computed as of today (``open_month``) and says so (``closed: false``, ``as_of``).
Every row, group and the totals are reconciled; a report that does not reconcile is refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import MonthClose
from ...domain import classification, provisioning, reporting
from .. import fund as fund_service, fund_rules
from . import closed_month, months, open_month
from .rows import GROUPINGS, ReportDoesNotReconcile, check, summed, zero

LARGEST_EXPOSURES = 10
TREND_MONTHS = 12
RULE = "dư đầu kỳ + giải ngân − thu gốc − xử lý rủi ro = dư cuối kỳ = trong hạn + quá hạn / " \
       "opening + disbursed − principal collected − written off = closing = in term + overdue"


@dataclass
class MonthFigures:
    """A month's totals and groups, reconciled; for the open month also its rows (computed anyway)."""

    month: months.ReportMonth
    totals: dict
    groups: dict
    general_provision: int
    rows_checked: int
    rows: list[dict] | None = None

    @property
    def bad_debt(self) -> int:
        return sum(g["closing_balance"] for g in self.groups["debt_group"] if classification.is_bad_debt(g["key"]))


def figures(session: Session, month: months.ReportMonth) -> MonthFigures:
    if month.closed:
        totals, groups, broken = closed_month.aggregates(session, month.month_end)
        if broken:
            raise ReportDoesNotReconcile(f"báo cáo tháng {month.key} không khớp ở {broken} khoản vay / "
                                         f"{broken} rows of {month.key} do not reconcile",
                                         loans=closed_month.unreconciled_loans(session, month.month_end), count=broken)
        general = session.get(MonthClose, month.month_end).general_provision
        result = MonthFigures(month, totals, groups, general, totals["loans"])
    else:
        rows = open_month.rows(session, month_start=month.first_day, as_of=month.as_of)
        checked = check(rows, what=f"tháng {month.key}")
        base = provisioning.general_provision_base((r["debt_group"], r["closing_balance"], r["fund_bears_risk"])
                                                   for r in rows)
        general = provisioning.general_provision(base, rate=fund_rules.rules_on(session, month.as_of).general_rate)
        result = MonthFigures(month, summed(rows), open_month.groups(rows), general, checked, rows)
    _order_groups(result.groups)
    check([result.totals], what="tổng cộng / totals")
    for name in GROUPINGS:
        check(result.groups[name], what=f"nhóm {name}")
        if summed(result.groups[name]) != result.totals:
            raise ReportDoesNotReconcile(f"tổng theo {name} khác tổng cộng / the {name} groups do not add up to the totals")
    return result


TERM_ORDER = [term.value for term in reporting.TermClass]


def _order_groups(groups: dict) -> None:
    """Groups 1–5 always appear (a chart of the five groups), empty ones with zeros; term classes
    short → long; the others by their key, the same whichever database sorted them."""
    present = {g["key"]: g for g in groups["debt_group"]}
    groups["debt_group"] = [present.get(group) or {"key": group, **zero()} for group in classification.GROUPS]
    groups["term_class"].sort(key=lambda g: TERM_ORDER.index(g["key"]))
    for name in ("commune", "sector", "capital_source", "borrower_kind"):
        groups[name].sort(key=lambda g: str(g["key"]))


def outstanding_report(session: Session, *, month: str | date, today: date, settings: dict,
                       page: int | None = None, per_page: int | None = None) -> dict:
    """The report as plain values (api.md shape). ``per_page`` pages the rows; the totals, groups and
    every other figure always cover the whole book."""
    report_month = months.resolve(session, month, today=today)
    result = figures(session, report_month)
    offset = ((page or 1) - 1) * per_page if per_page else 0
    if result.rows is not None:
        rows = result.rows[offset:offset + per_page] if per_page else result.rows
    else:
        rows = closed_month.rows(session, report_month.month_end, limit=per_page, offset=offset)
    totals = {**result.totals, "reconciled": True}
    specific = totals["provision"]
    return {
        "month": report_month.key, "closed": report_month.closed, "as_of": report_month.as_of,
        "closed_at": report_month.closed_at,
        "rows": rows, "rows_total": result.totals["loans"], "page": page or 1,
        "per_page": per_page or result.totals["loans"],
        "totals": totals, "groups": result.groups,
        "bad_debt": {"amount": result.bad_debt, "ratio": reporting.ratio(result.bad_debt, totals["closing_balance"])},
        "provisions": {"specific": specific, "general": result.general_provision,
                       "total": specific + result.general_provision},
        "exposures": exposures(session, result, settings=settings),
        "trend": trend(session, result),
        "reconciliation": {"reconciled": True, "rows_checked": result.rows_checked, "rule": RULE},
    }


def exposures(session: Session, result: MonthFigures, *, settings: dict) -> dict:
    """The largest exposures at the month's end as a share of actual charter capital at that date,
    against the 15% (one borrower) and 25% (a related group) limits (Decree 45 Art. 23)."""
    month = result.month
    if result.rows is not None:
        by_borrower, by_group = open_month.exposures(session, result.rows, limit=LARGEST_EXPOSURES)
    else:
        by_borrower, by_group = closed_month.exposures(session, month.month_end, limit=LARGEST_EXPOSURES)
    fund = fund_service.position(session, settings=settings, as_of=month.as_of)
    capital = fund.actual_charter_capital

    def judged(entries: list[dict], limit: int) -> list[dict]:
        return [{**e, "share": reporting.ratio(e["outstanding"], capital), "over_limit": e["outstanding"] > limit}
                for e in entries]

    return {"actual_charter_capital": capital,
            "single_borrower_limit_pct": Decimal(settings["SINGLE_BORROWER_LIMIT"]),
            "related_group_limit_pct": Decimal(settings["RELATED_GROUP_LIMIT"]),
            "single_borrower_limit": fund.single_borrower_limit, "related_group_limit": fund.related_group_limit,
            "by_borrower": judged(by_borrower, fund.single_borrower_limit),
            "by_related_group": judged(by_group, fund.related_group_limit)}


def trend(session: Session, result: MonthFigures) -> list[dict]:
    """Outstanding and bad debt at each of the 12 month ends up to this month: closed months from
    their MonthClose, this month if open from its figures; a month neither closed nor this one has
    no figures (null)."""
    month = result.month
    wanted = reporting.months_back(month.first_day, TREND_MONTHS)
    ends = [reporting.month_end(first) for first in wanted]
    closes = {c.month_end: c for c in session.scalars(select(MonthClose).where(MonthClose.month_end.in_(ends)))}
    points = []
    for first, end in zip(wanted, ends):
        close = closes.get(end)
        if close is not None:
            outstanding, bad = close.principal_outstanding, close.bad_debt
        elif end == month.month_end:
            outstanding, bad = result.totals["closing_balance"], result.bad_debt
        else:
            outstanding = bad = None
        points.append({"month": f"{first:%Y-%m}", "closed": close is not None, "principal_outstanding": outstanding,
                       "bad_debt": bad, "bad_debt_ratio": reporting.ratio(bad, outstanding) if outstanding else None})
    return points
