"""The dashboard: the fund's position, the applications waiting at each stage, the loan book by
debt group (with a chart drawn server-side as SVG: no JavaScript)."""
from __future__ import annotations

from flask import current_app, render_template

from ...auth import STAFF
from ...db.models import ApplicationStatus, LoanStatus
from ...domain.classification import is_bad_debt
from ...services import applications, fund, loans
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
                           chart=bar_chart(book["by_group"]), approved_loans=approved)
