"""The borrower's papers as PDF, amounts in figures and Vietnamese words: the loan contract, a debt
receipt per disbursement, a receipt per repayment, the statement of account. A borrower user gets
its own; anything else is 404."""
from __future__ import annotations

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import EVERYONE, current_user, roles
from ..clock import today
from ..services import loan_documents
from ..unit_of_work import db
from .loan_schemas import StatementArgs

PREFIX = ""
blp = Blueprint("loan_documents", __name__, description="Giấy tờ khoản vay (PDF) / loan documents")
PDF = {"type": "string", "format": "binary"}


def _pdf(paper) -> Response:
    content, filename = paper
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


def _fund() -> str:
    return current_app.config["FUND_NAME"]


@blp.route("/loans/<id:loan_id>/contract.pdf")
class Contract(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, PDF, content_type="application/pdf")
    def get(self, loan_id):
        """Hợp đồng tín dụng with the repayment schedule."""
        return _pdf(loan_documents.contract(db(), loan_id, viewer=current_user(), today=today(), fund_name=_fund()))


@blp.route("/loans/<id:loan_id>/disbursements/<id:disbursement_id>/debt-receipt.pdf")
class DebtReceipt(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, PDF, content_type="application/pdf")
    def get(self, loan_id, disbursement_id):
        """Khế ước nhận nợ for one disbursement."""
        return _pdf(loan_documents.debt_receipt(db(), loan_id, disbursement_id, viewer=current_user(),
                                                fund_name=_fund()))


@blp.route("/repayments/<id:repayment_id>/receipt.pdf")
class Receipt(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, PDF, content_type="application/pdf")
    def get(self, repayment_id):
        """Phiếu thu for one repayment (or recovery) with the amount applied to each part."""
        return _pdf(loan_documents.receipt(db(), repayment_id, viewer=current_user(), today=today(),
                                           fund_name=_fund()))


@blp.route("/loans/<id:loan_id>/statement.pdf")
class StatementPdf(MethodView):
    @roles(*EVERYONE)
    @blp.arguments(StatementArgs, location="query")
    @blp.response(200, PDF, content_type="application/pdf")
    def get(self, args, loan_id):
        """Sao kê tài khoản vay from ``from`` to ``to``, balances in figures and words."""
        return _pdf(loan_documents.statement(db(), loan_id, viewer=current_user(), start=args.get("start"),
                                             end=args.get("end"), today=today(), fund_name=_fund()))
