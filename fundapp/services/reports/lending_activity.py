"""The half-yearly and annual lending activity report (báo cáo tình hình hoạt động cho vay,
Decree 45 Art. 44; due by 31 July for the first half and within 90 days of the year's end).

For a period of whole months: loans disbursed (how many first disbursements, and the amount of
every disbursement), principal, interest and penalties collected, written off; outstanding at the
start (the previous month end) and at the end, each by debt group; bad-debt ratios; disbursed,
collected and outstanding by sector and by borrower kind. Flows are the sum of the months'
reconciled flows, so start + disbursed − collected − written off = end. A period that is not over
ends with the open month, computed as of today (``closed: false``).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...db.models import Loan
from ...domain import reporting
from ...domain.errors import DomainError
from . import months
from .outstanding import figures
from .rows import ReportDoesNotReconcile

FLOWS = ("disbursed", "principal_collected", "interest_collected", "penalty_collected", "written_off")
BY = ("sector", "borrower_kind")


class InvalidPeriod(DomainError):
    rule = "report_period"


def period_of(*, year: int, half: int | None, today: date) -> reporting.Period:
    if not months.FIRST_YEAR <= year <= months.LAST_YEAR:
        raise InvalidPeriod(f"năm phải từ {months.FIRST_YEAR} đến {months.LAST_YEAR} / the year must be "
                            f"{months.FIRST_YEAR}–{months.LAST_YEAR}", field="year")
    if half not in (None, 1, 2):
        raise InvalidPeriod("kỳ phải là 1 (6 tháng đầu) hoặc 2 (6 tháng cuối) / half must be 1 or 2", field="half")
    period = reporting.Period(year, half)
    if period.start > today:
        raise InvalidPeriod(f"kỳ báo cáo {period.label} chưa bắt đầu / the period has not begun",
                            field="half" if half == 2 and year == today.year else "year", today=today.isoformat())
    return period


def _by_group(result) -> list[dict]:
    return [{"debt_group": g["key"], "loans": g["loans"], "outstanding": g["closing_balance"]}
            for g in result.groups["debt_group"]]


def lending_activity(session: Session, *, year: int, half: int | None, today: date) -> dict:
    period = period_of(year=year, half=half, today=today)
    wanted = [m for m in period.months() if m <= today]
    start = figures(session, months.resolve(session, reporting.previous_month(period.first_month), today=today))
    flows = {key: 0 for key in FLOWS}
    by = {name: {} for name in BY}
    result = start
    for first_day in wanted:
        result = figures(session, months.resolve(session, first_day, today=today))
        for key in FLOWS:
            flows[key] += result.totals[key]
        for name in BY:
            for group in result.groups[name]:
                entry = by[name].setdefault(group["key"], {"key": group["key"], **{k: 0 for k in FLOWS},
                                                           "outstanding_end": 0, "loans_end": 0})
                for key in FLOWS:
                    entry[key] += group[key]
    for name in BY:  # the end of the period's outstanding, per sector and kind
        for group in result.groups[name]:
            entry = by[name].setdefault(group["key"], {"key": group["key"], **{k: 0 for k in FLOWS}})
            entry["outstanding_end"], entry["loans_end"] = group["closing_balance"], group["loans"]
    start_total, end_total = start.totals["closing_balance"], result.totals["closing_balance"]
    if start_total + flows["disbursed"] - flows["principal_collected"] - flows["written_off"] != end_total:
        raise ReportDoesNotReconcile(f"kỳ {period.label}: dư đầu kỳ + giải ngân − thu gốc − xử lý rủi ro ≠ dư cuối kỳ"
                                     f" / the period does not reconcile")
    end_day = min(period.end, today)
    first_disbursed = session.execute(
        select(func.count()).where(Loan.disbursed_on >= period.start, Loan.disbursed_on <= end_day)).scalar_one()
    return {
        "year": year, "half": half, "label": period.label, "start": period.start, "end": period.end,
        "as_of": result.month.as_of, "closed": all(months.resolve(session, m, today=today).closed for m in wanted),
        "loans_disbursed": int(first_disbursed),
        **flows,
        "outstanding_start": start_total, "outstanding_end": end_total,
        "outstanding_start_by_group": _by_group(start), "outstanding_end_by_group": _by_group(result),
        "bad_debt_start": start.bad_debt, "bad_debt_end": result.bad_debt,
        "bad_debt_ratio_start": reporting.ratio(start.bad_debt, start_total),
        "bad_debt_ratio_end": reporting.ratio(result.bad_debt, end_total),
        "loans_end": result.totals["loans"],
        "provision_end": result.totals["provision"] + result.general_provision,
        "by_sector": sorted(by["sector"].values(), key=lambda e: str(e["key"])),
        "by_borrower_kind": sorted(by["borrower_kind"].values(), key=lambda e: str(e["key"])),
    }
