"""The dashboard: the fund's position, the applications waiting at each stage, the loan book by
debt group, and the outstanding at each closed month end by debt group (both charts drawn
server-side as SVG: no JavaScript)."""
from __future__ import annotations

from flask import current_app, render_template

from ...auth import STAFF
from ...db.models import ApplicationStatus, LoanStatus
from ...domain.classification import is_bad_debt
from ...services import applications, book_history, fund, loans
from ...unit_of_work import db
from ..guard import current_user, page
from . import blp, count

WAITING = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.APPRAISED)
GROUPS = (1, 2, 3, 4, 5)


def loan_book(viewer) -> dict:
    """Outstanding and overdue principal of active loans by reported debt group, as last booked
    (``cached_*``, kept by the money engine and end of day)."""
    rows = db().scalars(loans.loan_query(viewer=viewer, status=LoanStatus.ACTIVE)).all()
    by_group = {group: 0 for group in GROUPS}
    overdue = 0
    for loan in rows:
        by_group[loan.cached_debt_group] = by_group.get(loan.cached_debt_group, 0) + loan.cached_principal_outstanding
        overdue += loan.cached_principal_overdue
    outstanding = sum(by_group.values())
    bad = sum(amount for group, amount in by_group.items() if is_bad_debt(group))
    return {"count": len(rows), "outstanding": outstanding, "overdue": overdue, "bad_debt": bad,
            "bad_debt_ratio": (bad / outstanding) if outstanding else 0.0, "by_group": by_group,
            "as_of": max((loan.cached_as_of for loan in rows if loan.cached_as_of), default=None)}


def bar_chart(by_group: dict[int, int]) -> dict:
    """Bar geometry for the SVG (widths in a 0–100 scale)."""
    top = max(by_group.values(), default=0) or 1
    return {"bars": [{"group": group, "amount": amount, "width": round(amount * 100 / top, 2)}
                     for group, amount in by_group.items()]}


MONTH_CHART = {"width": 640, "height": 270, "left": 64, "right": 8, "top": 24, "bottom": 34}


def month_chart(history: list[dict]) -> dict | None:
    """Stacked columns, one per closed month, a segment per debt group (geometry in SVG units);
    the axis in millions of đồng with three gridlines."""
    if not history:
        return None
    box = MONTH_CHART
    plot_w = box["width"] - box["left"] - box["right"]
    plot_h = box["height"] - box["top"] - box["bottom"]
    top = max(point["total"] for point in history) or 1
    slot = plot_w / len(history)
    bar = min(44.0, slot * 0.6)
    columns = []
    for index, point in enumerate(history):
        x = box["left"] + slot * index + (slot - bar) / 2
        y = box["top"] + plot_h
        segments = []
        for group in GROUPS:
            amount = point["by_group"].get(group, 0)
            height = amount * plot_h / top
            y -= height
            if amount:
                segments.append({"group": group, "amount": amount, "y": round(y, 2), "height": round(height, 2)})
        columns.append({"month_end": point["month_end"], "x": round(x, 2), "width": round(bar, 2),
                        "label_x": round(x + bar / 2, 2), "total": point["total"], "segments": segments,
                        "by_group": point["by_group"], "bad_debt": point["bad_debt"]})
    ticks = [{"millions": round(top * share / 1_000_000), "y": round(box["top"] + plot_h * (1 - share), 2)}
             for share in (0, 0.5, 1)]
    return {**box, "plot_bottom": box["top"] + plot_h, "columns": columns, "ticks": ticks}


@blp.get("/dashboard")
@page(*STAFF)
def dashboard():
    viewer = current_user()
    position = fund.position(db(), settings=current_app.config)
    waiting = {status.value: count(applications.application_query(viewer=viewer, status=status))
               for status in WAITING}
    book = loan_book(viewer)
    approved = count(loans.loan_query(viewer=viewer, status=LoanStatus.APPROVED))
    return render_template("console/dashboard.html", position=position, waiting=waiting, book=book,
                           chart=bar_chart(book["by_group"]), approved_loans=approved,
                           months=month_chart(book_history.outstanding_by_month(db(), months=12)))
