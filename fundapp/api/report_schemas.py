"""Schemas of the reports: the query arguments, and the answers as documented in OpenAPI (the
outstanding report is serialised straight to JSON for speed; these describe the same fields)."""
from __future__ import annotations

import marshmallow as ma

from ..services.reports.rows import GROUPINGS, MONEY
from .common import MAX_DONG, RateField, Strict, Text

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
YEAR = ma.validate.Range(min=1900, max=2100)
I, S, D = ma.fields.Integer, ma.fields.String, ma.fields.Date


class OutstandingArgs(Strict):
    month = S(required=True, validate=ma.validate.Regexp(MONTH, error="phải có dạng YYYY-MM (tháng 01–12) / "
                                                                      "must be YYYY-MM with a month 01–12"),
              metadata={"example": "2025-06"})
    format = S(load_default="json", validate=ma.validate.OneOf(["json", "csv", "xlsx", "pdf"]))
    page = I(validate=ma.validate.Range(min=1, max=100_000), metadata={"description": "JSON rows: default 1"})
    per_page = I(validate=ma.validate.Range(min=1, max=100_000),
                 metadata={"description": "JSON rows per page (default 1,000); totals and groups cover every loan"})


class PeriodArgs(Strict):
    year = I(required=True, validate=YEAR)
    half = I(validate=ma.validate.OneOf([1, 2]), metadata={"description": "1: January–June, 2: July–December"})
    format = S(load_default="json", validate=ma.validate.OneOf(["json", "pdf"]))


class YearArgs(Strict):
    year = I(required=True, validate=YEAR)


class AsOfArgs(Strict):
    as_of = ma.fields.Date(metadata={"description": "default: today"})


def _money_fields() -> dict:
    return {key: I() for key in MONEY}


Figures = ma.Schema.from_dict({"loans": I(), **_money_fields()}, name="ReportFigures")
Totals = ma.Schema.from_dict({"loans": I(), **_money_fields(), "reconciled": ma.fields.Boolean()},
                             name="ReportTotals")
Group = ma.Schema.from_dict({"key": ma.fields.Raw(), "loans": I(), **_money_fields()}, name="ReportGroup")
Row = ma.Schema.from_dict({
    "loan_id": I(), "contract_no": S(), "borrower_id": I(), "borrower_name": S(), "borrower_kind": S(),
    "commune": S(), "district": S(allow_none=True), "sector": S(), "related_group_id": I(allow_none=True),
    "disbursed_on": D(), "amount": I(), "term_months": I(), "term_class": S(), "maturity_date": D(allow_none=True),
    "annual_rate": S(), "purpose": S(), "collateral": S(), "collateral_value": I(), "capital_source": S(),
    "fund_bears_risk": ma.fields.Boolean(), "status": S(), **_money_fields(), "days_past_due": I(), "debt_group": I(),
}, name="OutstandingRow")
Exposure = ma.Schema.from_dict({"borrower_id": I(), "related_group_id": I(), "name": S(), "outstanding": I(),
                                "borrowers": I(), "share": S(allow_none=True), "over_limit": ma.fields.Boolean()},
                               name="ReportExposure")
TrendPoint = ma.Schema.from_dict({"month": S(), "closed": ma.fields.Boolean(), "principal_outstanding": I(allow_none=True),
                                  "bad_debt": I(allow_none=True), "bad_debt_ratio": S(allow_none=True)},
                                 name="ReportTrendPoint")


class OutstandingOut(ma.Schema):
    month = S()
    closed = ma.fields.Boolean()
    as_of = D()
    closed_at = ma.fields.DateTime(allow_none=True)
    rows = ma.fields.List(ma.fields.Nested(Row))
    rows_total = I()
    page = I()
    per_page = I()
    totals = ma.fields.Nested(Totals)
    groups = ma.fields.Dict(keys=S(validate=ma.validate.OneOf(GROUPINGS)), values=ma.fields.List(ma.fields.Nested(Group)))
    bad_debt = ma.fields.Dict(metadata={"description": "{amount, ratio}: groups 3–5"})
    provisions = ma.fields.Dict(metadata={"description": "{specific, general, total}"})
    exposures = ma.fields.Dict(metadata={"description": "actual charter capital, limits, by_borrower, by_related_group"})
    trend = ma.fields.List(ma.fields.Nested(TrendPoint))
    reconciliation = ma.fields.Dict()


class ActivityGroup(ma.Schema):
    key = S()
    disbursed = I()
    principal_collected = I()
    interest_collected = I()
    penalty_collected = I()
    written_off = I()
    outstanding_end = I()
    loans_end = I()


class GroupBalance(ma.Schema):
    debt_group = I()
    loans = I()
    outstanding = I()


class LendingActivityOut(ma.Schema):
    year, half, label = I(), I(allow_none=True), S()
    start, end, as_of, closed = D(), D(), D(), ma.fields.Boolean()
    loans_disbursed, disbursed, principal_collected = I(), I(), I()
    interest_collected, penalty_collected, written_off = I(), I(), I()
    outstanding_start, outstanding_end, loans_end, provision_end = I(), I(), I(), I()
    outstanding_start_by_group = ma.fields.List(ma.fields.Nested(GroupBalance))
    outstanding_end_by_group = ma.fields.List(ma.fields.Nested(GroupBalance))
    bad_debt_start, bad_debt_end = I(), I()
    bad_debt_ratio_start, bad_debt_ratio_end = RateField(allow_none=True), RateField(allow_none=True)
    by_sector = ma.fields.List(ma.fields.Nested(ActivityGroup))
    by_borrower_kind = ma.fields.List(ma.fields.Nested(ActivityGroup))


class KpiPlanIn(Strict):
    planned_outstanding_growth = S(required=True, validate=ma.validate.Regexp(r"^-?[0-9]{1,3}(\.[0-9]{1,6})?$"),
                                   metadata={"description": "a ratio as a decimal string: \"0.10\" = up 10%"})
    planned_bad_debt_ratio = RateField(required=True)
    planned_result = I(strict=True, required=True, validate=ma.validate.Range(min=-MAX_DONG, max=MAX_DONG),
                       metadata={"description": "đồng; a planned loss is negative"})
    note = Text(load_default="", max_length=500, multiline=True)


class KpiPlanOut(ma.Schema):
    year = I()
    planned_outstanding_growth = S()
    planned_bad_debt_ratio = S()
    planned_result = I()
    note = S()
    updated_by = I(allow_none=True)
    updated_at = ma.fields.DateTime()


class KpisOut(ma.Schema):
    year, as_of, provisional = I(), D(), ma.fields.Boolean()
    outstanding_start, outstanding_end = I(), I()
    entrusted_outstanding_start, entrusted_outstanding_end = I(), I()
    outstanding_growth, bad_debt_ratio = S(allow_none=True), S(allow_none=True)
    bad_debt_end, income, expenses, financial_result = I(), I(), I(), I()
    plan = ma.fields.Nested(KpiPlanOut, allow_none=True)
    grading_rule = ma.fields.Dict(keys=S(), values=I())
    criteria = ma.fields.Dict(keys=S(), values=ma.fields.Boolean(), allow_none=True)
    criteria_met = I(allow_none=True)
    grade = S(allow_none=True, validate=ma.validate.OneOf(["A", "B", "C"]))


class DebtLine(ma.Schema):
    loan_id, contract_no, disbursed_on, amount = I(), S(), D(), I()
    maturity_date, annual_rate, written_off = D(allow_none=True), S(), ma.fields.Boolean()
    principal, principal_overdue, interest, interest_overdue = I(), I(), I(), I()
    penalties, advance, total, days_past_due = I(), I(), I(), I()


class DebtConfirmationOut(ma.Schema):
    borrower_id, borrower_name, borrower_kind = I(), S(), S()
    address, commune, representative = S(allow_none=True), S(), S(allow_none=True)
    registration_no, tax_code, citizen_id = S(allow_none=True), S(allow_none=True), S(allow_none=True)
    as_of = D()
    loans = ma.fields.List(ma.fields.Nested(DebtLine))
    totals = ma.fields.Dict(keys=S(), values=I())
