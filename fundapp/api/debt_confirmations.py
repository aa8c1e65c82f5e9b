"""The yearly debt confirmation (biên bản đối chiếu công nợ) of one borrower at a date: JSON, or
the PDF both sides sign. Staff for any borrower; a borrower user for its own (others are 404)."""
from __future__ import annotations

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import EVERYONE, current_user, roles
from ..clock import today
from ..exports import debt_confirmation_pdf
from ..services.reports.debt_confirmation import debt_confirmation
from ..unit_of_work import db
from .report_schemas import AsOfArgs, DebtConfirmationOut

PREFIX = "/borrowers"
blp = Blueprint("debt_confirmations", __name__, description="Đối chiếu công nợ / debt confirmation")


def _confirmation(borrower_id: int, args: dict) -> dict:
    now = today()
    return debt_confirmation(db(), borrower_id=borrower_id, as_of=args.get("as_of") or now, today=now,
                             viewer=current_user())


@blp.route("/<id:borrower_id>/debt-confirmation")
class DebtConfirmation(MethodView):
    @roles(*EVERYONE)
    @blp.arguments(AsOfArgs, location="query")
    @blp.response(200, DebtConfirmationOut)
    def get(self, args, borrower_id):
        """What the borrower owes on ``as_of`` (default today), loan by loan: principal, interest,
        penalties."""
        return _confirmation(borrower_id, args)


@blp.route("/<id:borrower_id>/debt-confirmation.pdf")
class DebtConfirmationPdf(MethodView):
    @roles(*EVERYONE)
    @blp.arguments(AsOfArgs, location="query")
    @blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf")
    def get(self, args, borrower_id):
        """Biên bản đối chiếu công nợ as a PDF (A4), figures and words, signature blocks for both sides."""
        confirmation = _confirmation(borrower_id, args)
        pdf = debt_confirmation_pdf.render(confirmation, fund_name=current_app.config["FUND_NAME"])
        return Response(pdf, mimetype="application/pdf", headers={
            "Content-Disposition": f'inline; filename="doi-chieu-cong-no-{borrower_id}-{confirmation["as_of"]}.pdf"'})
