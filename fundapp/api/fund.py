"""The fund: its capital figures and limits, and capital contributions."""
from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import STAFF, current_user, roles
from ..clock import today
from ..db.models import Role
from ..domain.fund import CapitalSource
from ..domain.provisioning import CollateralKind
from ..services import fund as fund_service
from ..services import fund_rules
from ..unit_of_work import db
from .common import Day, Dong, RateField, Strict, Text, idempotent

PREFIX = "/fund"
blp = Blueprint("fund", __name__, description="Quỹ: vốn và hạn mức / the fund's capital and limits")


class FundSchema(ma.Schema):
    name = ma.fields.String()
    as_of = ma.fields.Date()
    charter_capital = ma.fields.Integer()
    other_equity = ma.fields.Integer()
    entrusted_capital = ma.fields.Integer()
    accumulated_result = ma.fields.Integer()
    actual_charter_capital = ma.fields.Integer()
    outstanding_principal = ma.fields.Integer()
    approved_undisbursed = ma.fields.Integer()
    available_to_lend = ma.fields.Integer()
    single_borrower_limit = ma.fields.Integer()
    related_group_limit = ma.fields.Integer()
    warnings = ma.fields.List(ma.fields.String())


class ContributionIn(Strict):
    amount = Dong(required=True)
    value_date = Day(required=True)
    decision_no = Text(required=True, min_length=1, max_length=100)
    source = ma.fields.Enum(CapitalSource, by_value=True, required=True)
    note = Text(load_default="", max_length=500, multiline=True)


class ContributionOut(ma.Schema):
    id = ma.fields.Integer()
    amount = ma.fields.Integer()
    value_date = ma.fields.Date()
    decision_no = ma.fields.String()
    source = ma.fields.Enum(CapitalSource, by_value=True)
    note = ma.fields.String()
    journal_entry_id = ma.fields.Integer()


@blp.route("")
class Fund(MethodView):
    @roles(*STAFF)
    @blp.response(200, FundSchema)
    def get(self):
        """The fund's capital, what it may still lend and the 15% / 25% limits (domain.md §1–§2)."""
        figures = fund_service.position(db(), settings=current_app.config)
        return {**figures.__dict__, "name": current_app.config["FUND_NAME"], "as_of": today()}


@blp.route("/capital-contributions")
class Contributions(MethodView):
    @roles(*STAFF)
    @blp.response(200, ContributionOut(many=True))
    def get(self):
        """Every contribution, oldest first."""
        from sqlalchemy import select

        from ..db.models import CapitalContribution

        return db().scalars(select(CapitalContribution).order_by(CapitalContribution.value_date,
                                                                 CapitalContribution.id)).all()

    @roles(Role.ACCOUNTANT)
    @idempotent
    @blp.arguments(ContributionIn)
    @blp.response(201, ContributionOut)
    def post(self, data):
        """Record a capital contribution or top-up by its decision (charter, grant or entrusted)."""
        return fund_service.record_contribution(db(), **data, recorded_by=current_user().id, today=today())


# --- the fund's rule tables (domain.md: settings with defaults) ---------------------------------------
class SpecificRatesIn(Strict):
    class Meta(Strict.Meta):
        include = {str(group): RateField(required=True) for group in (1, 2, 3, 4, 5)}


class DeductibleRatesIn(Strict):
    class Meta(Strict.Meta):
        include = {kind.value: RateField(required=True) for kind in CollateralKind}


class RulesIn(Strict):
    effective_from = Day(required=True)
    decision_no = Text(required=True, min_length=1, max_length=100)
    debt_group_from = ma.fields.List(ma.fields.Integer(strict=True), required=True,
                                     validate=ma.validate.Length(equal=4))
    cure_months_long = ma.fields.Integer(strict=True, required=True)
    cure_months_short = ma.fields.Integer(strict=True, required=True)
    short_term_max_months = ma.fields.Integer(strict=True, required=True)
    specific_rates = ma.fields.Nested(SpecificRatesIn, required=True)
    general_rate = RateField(required=True)
    deductible_rates = ma.fields.Nested(DeductibleRatesIn, required=True)


class RulesOut(ma.Schema):
    id = ma.fields.Integer(allow_none=True)
    effective_from = ma.fields.Date(allow_none=True)
    decision_no = ma.fields.String(allow_none=True)
    recorded_by = ma.fields.Integer(allow_none=True)
    recorded_at = ma.fields.DateTime(allow_none=True)
    debt_group_from = ma.fields.List(ma.fields.Integer())
    cure_months_long = ma.fields.Integer()
    cure_months_short = ma.fields.Integer()
    short_term_max_months = ma.fields.Integer()
    specific_rates = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    general_rate = ma.fields.String()
    deductible_rates = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())


class RulesOverview(ma.Schema):
    as_of = ma.fields.Date()
    in_force = ma.fields.Nested(RulesOut)
    versions = ma.fields.Nested(RulesOut, many=True)


@blp.route("/rules")
class Rules(MethodView):
    @roles(*STAFF)
    @blp.response(200, RulesOverview)
    def get(self):
        """The debt-group thresholds, cure months and provisioning rates in force today, and every set
        adopted (newest first). Before the first, domain.md's defaults apply."""
        return fund_rules.overview(db(), today=today())

    @roles(Role.ADMIN)
    @idempotent
    @blp.arguments(RulesIn)
    @blp.response(201, RulesOut)
    def post(self, data):
        """Adopt a new set from a day after today (by a decision); earlier days keep the set then in force."""
        return fund_rules.adopt(db(), **data, recorded_by=current_user().id, today=today())


@blp.route("/rules/<id:version_id>")
class RulesVersion(MethodView):
    @roles(Role.ADMIN)
    @blp.response(204)
    def delete(self, version_id: int):
        """Withdraw a set that has not yet taken effect (409 once it has)."""
        fund_rules.withdraw(db(), version_id=version_id, today=today())
