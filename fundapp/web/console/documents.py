"""Papers of a loan in the console (contract, debt receipts, receipts, the statement for a chosen
range) and the officers' list of notices with each printable letter (``web.papers``)."""
from __future__ import annotations

from flask import render_template, request

from ...auth import STAFF
from ...db.models import Borrower, Loan
from ...services import loans, notice_views
from ...unit_of_work import db
from .. import papers
from ..guard import current_user, page
from ..labels import NOTICE_KINDS
from . import blp, page_of


@blp.get("/loans/<id:loan_id>/contract.pdf")
@page(*STAFF)
def loan_contract(loan_id: int):
    return papers.contract(loan_id, current_user())


@blp.get("/loans/<id:loan_id>/disbursements/<id:disbursement_id>/debt-receipt.pdf")
@page(*STAFF)
def debt_receipt(loan_id: int, disbursement_id: int):
    return papers.debt_receipt(loan_id, disbursement_id, current_user())


@blp.get("/repayments/<id:repayment_id>/receipt.pdf")
@page(*STAFF)
def receipt(repayment_id: int):
    return papers.receipt(repayment_id, current_user())


def _statement(loan_id: int, *, as_pdf: bool):
    record = loans.get_loan(db(), loan_id, viewer=current_user())
    return papers.statement(record, current_user(), template="statement.html", as_pdf=as_pdf,
                            borrower=db().get(Borrower, record.borrower_id), back="console.loan",
                            here="console.loan_statement", download="console.loan_statement_pdf")


@blp.get("/loans/<id:loan_id>/statement")
@page(*STAFF)
def loan_statement(loan_id: int):
    return _statement(loan_id, as_pdf=False)


@blp.get("/loans/<id:loan_id>/statement.pdf")
@page(*STAFF)
def loan_statement_pdf(loan_id: int):
    return _statement(loan_id, as_pdf=True)


@blp.get("/notices", endpoint="notices")
@page(*STAFF)
def notices_list():
    args = request.args
    kind = args.get("kind") if args.get("kind") in NOTICE_KINDS else None
    loan_id = int(args["loan_id"]) if args.get("loan_id", "").isdigit() and len(args["loan_id"]) < 10 else None
    result = page_of(notice_views.notice_query(viewer=current_user(), kind=kind, loan_id=loan_id))
    borrower_ids = {n.borrower_id for n in result["rows"]}
    loan_ids = {n.loan_id for n in result["rows"]}
    names = {b.id: b.name for b in db().query(Borrower).filter(Borrower.id.in_(borrower_ids))} if borrower_ids else {}
    contracts = {l.id: l.contract_no for l in db().query(Loan).filter(Loan.id.in_(loan_ids))} if loan_ids else {}
    return render_template("console/notices.html", result=result, names=names, contracts=contracts,
                           kinds=NOTICE_KINDS, kind=kind, loan_id=loan_id,
                           letter="console.notice_letter")


@blp.get("/notices/<id:notice_id>/letter.pdf")
@page(*STAFF)
def notice_letter(notice_id: int):
    return papers.letter(notice_id, current_user())
