"""``POST /schedule-preview``: the repayment schedule (lịch trả nợ) of any terms, before any
application exists (domain.md §3–§4), on the fund's working calendar."""
from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import roles
from ..clock import today
from ..db.models import Role
from ..domain.schedule import FREQUENCIES
from ..domain.terms import LoanTerms, Method
from ..services import schedules as service
from ..unit_of_work import db
from .common import Day, Dong, RateField, Strict

PREFIX = "/schedule-preview"
blp = Blueprint("schedule_preview", __name__, description="Xem trước lịch trả nợ / schedule preview")

MAX_TERM_MONTHS = 360
Frequency = ma.validate.OneOf(FREQUENCIES, error="0 (cuối kỳ / at maturity), 1, 3, 6 hoặc / or 12")


class ManualRow(Strict):
    due_date = Day(required=True)
    principal = Dong(required=True, positive=False)


class PreviewIn(Strict):
    amount = Dong(required=True)
    annual_rate = RateField(required=True)
    term_months = ma.fields.Integer(required=True, strict=True,
                                    validate=ma.validate.Range(min=1, max=MAX_TERM_MONTHS))
    grace_months = ma.fields.Integer(load_default=0, strict=True, validate=ma.validate.Range(min=0, max=MAX_TERM_MONTHS))
    method = ma.fields.Enum(Method, by_value=True, load_default=Method.EQUAL_PRINCIPAL)
    principal_every = ma.fields.Integer(load_default=1, strict=True, validate=Frequency)
    interest_every = ma.fields.Integer(load_default=1, strict=True, validate=Frequency)
    disbursed_on = Day(metadata={"description": "default: today"})
    working_day_roll = ma.fields.Boolean(load_default=True)
    manual_principal = ma.fields.List(ma.fields.Nested(ManualRow), validate=ma.validate.Length(max=MAX_TERM_MONTHS),
                                      metadata={"description": "method manual only: the principal of each date"})


class InstallmentOut(ma.Schema):
    seq = ma.fields.Integer()
    due_date = ma.fields.Date()
    nominal_date = ma.fields.Date(metadata={"description": "the date before the working-day roll"})
    principal = ma.fields.Integer()
    interest = ma.fields.Integer()
    total = ma.fields.Integer()
    balance_after = ma.fields.Integer()


class ScheduleOut(ma.Schema):
    disbursed_on = ma.fields.Date()
    installments = ma.fields.List(ma.fields.Nested(InstallmentOut))
    total_principal = ma.fields.Integer()
    total_interest = ma.fields.Integer()
    total = ma.fields.Integer()
    maturity_date = ma.fields.Date(metadata={"description": "the last due date, after the working-day roll"})
    contractual_maturity = ma.fields.Date(metadata={"description": "disbursement + term, before the roll"})
    term_class = ma.fields.String(metadata={"description": "short ≤ 12 months, medium ≤ 60, long"})


@blp.route("")
class Preview(MethodView):
    @roles(Role.OFFICER, Role.BORROWER)
    @blp.arguments(PreviewIn)
    @blp.response(200, ScheduleOut)
    def post(self, data):
        """The schedule for these terms if disbursed on ``disbursed_on`` (default today): every date,
        its principal and the interest projected on the scheduled balance, actual days / 365."""
        manual = data.pop("manual_principal", None)
        disbursed_on = data.pop("disbursed_on", None) or today()
        terms = LoanTerms(**data)
        rows = [(row["due_date"], row["principal"]) for row in manual] if manual is not None else None
        return service.preview(db(), terms=terms, disbursed_on=disbursed_on, manual_principal=rows)
