"""Loans in the console: the list, and one loan with its balance on a chosen date, schedule with
paid status, statement, disbursements, repayments (with reversal) and history."""
from __future__ import annotations

from flask import render_template, request

from ...auth import STAFF
from ...clock import today
from ...db.models import Borrower, LoanStatus
from ...services import loans, monitoring, restructuring
from ...unit_of_work import db
from ..guard import current_user, page
from ..loan_pages import loan_context
from . import blp, page_of


@blp.get("/loans", endpoint="loans")
@page(*STAFF)
def loans_list():
    status = request.args.get("status")
    status = LoanStatus(status) if status in {s.value for s in LoanStatus} else None
    result = page_of(loans.loan_query(viewer=current_user(), status=status))
    names = {b.id: b.name for b in db().query(Borrower).filter(Borrower.id.in_({l.borrower_id for l in result["rows"]}))}
    return render_template("console/loans.html", result=result, names=names, statuses=list(LoanStatus))


@blp.get("/loans/<id:loan_id>")
@page(*STAFF)
def loan(loan_id: int):
    record = loans.get_loan(db(), loan_id, viewer=current_user())
    context = loan_context(record, as_of_text=request.args.get("as_of"), today=today(), viewer=current_user())
    borrower = db().get(Borrower, record.borrower_id)
    requests = restructuring.requests_of(db(), record.id, viewer=current_user(), today=today())
    return render_template("console/loan.html", borrower=borrower, **context, requests=requests,
                           pending=next((r for r in requests if r["status"] == "requested"), None),
                           checks=monitoring.checks_of(db(), record.id, viewer=current_user()),
                           plans=restructuring.plan_history(db(), record.id, viewer=current_user())), \
        422 if context["as_of_error"] else 200
