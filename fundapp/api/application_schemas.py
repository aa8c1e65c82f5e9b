"""The shapes of loan applications in and out (api.md ``/loan-applications``), written by hand so a
column rename can never change the API."""
from __future__ import annotations

import marshmallow as ma

from ..db.models import ApplicationStatus, Recommendation
from ..domain.provisioning import CollateralKind
from .common import Day, Dong, PageArgs, Strict, Text, page_of

ID = ma.validate.Range(min=1, max=2**31 - 1)
MONTHS = ma.validate.Range(min=0, max=360)


class ApplicationIn(Strict):
    borrower_id = ma.fields.Integer(required=True, strict=True, validate=ID)
    product_id = ma.fields.Integer(required=True, strict=True, validate=ID)
    amount = Dong(required=True)
    term_months = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1, max=360))
    grace_months = ma.fields.Integer(load_default=0, strict=True, validate=MONTHS)
    purpose = Text(required=True, min_length=1, max_length=500)
    total_investment = Dong(required=True, metadata={"description": "the project's total investment"})
    own_capital = Dong(required=True, positive=False, metadata={"description": "the borrower's own capital in it"})


class ApplicationPatch(ApplicationIn):
    grace_months = ma.fields.Integer(strict=True, validate=MONTHS)


class CollateralIn(Strict):
    kind = ma.fields.Enum(CollateralKind, by_value=True, required=True)
    description = Text(required=True, min_length=1, max_length=500)
    value = Dong(required=True, metadata={"description": "appraised value in đồng"})


class AppraiseIn(Strict):
    recommendation = ma.fields.Enum(Recommendation, by_value=True, required=True)
    amount = Dong(metadata={"description": "proposed amount (default: the amount applied for; never more)"})
    term_months = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1, max=360))
    grace_months = ma.fields.Integer(strict=True, validate=MONTHS)
    bad_debt_checked_on = Day(allow_none=True, metadata={"description": "date of the check at credit institutions (CIC)"})
    has_bad_debt = ma.fields.Boolean(allow_none=True)
    collateral = ma.fields.List(ma.fields.Nested(CollateralIn), load_default=list,
                                validate=ma.validate.Length(max=50))
    notes = Text(load_default="", max_length=5000, multiline=True)


class ApproveIn(Strict):
    decision_no = Text(required=True, min_length=1, max_length=100)
    notes = Text(load_default="", max_length=5000, multiline=True)


class RejectIn(Strict):
    reason = Text(required=True, min_length=1, max_length=5000, multiline=True)


class WithdrawIn(Strict):
    reason = Text(load_default="", max_length=5000, multiline=True)


class CollateralOut(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.Enum(CollateralKind, by_value=True)
    description = ma.fields.String()
    value = ma.fields.Integer()
    loan_id = ma.fields.Integer(allow_none=True)


class EventOut(ma.Schema):
    from_status = ma.fields.String(allow_none=True)
    to_status = ma.fields.String()
    by_user = ma.fields.Integer()
    by = ma.fields.String(allow_none=True)
    at = ma.fields.DateTime()
    note = ma.fields.String()


class ApplicationOut(ma.Schema):
    id = ma.fields.Integer()
    status = ma.fields.Enum(ApplicationStatus, by_value=True)
    borrower_id = ma.fields.Integer()
    product_id = ma.fields.Integer()
    amount = ma.fields.Integer()
    term_months = ma.fields.Integer()
    grace_months = ma.fields.Integer()
    purpose = ma.fields.String()
    total_investment = ma.fields.Integer()
    own_capital = ma.fields.Integer()
    created_by = ma.fields.Integer()
    created_at = ma.fields.DateTime()
    appraised_by = ma.fields.Integer(allow_none=True)
    recommendation = ma.fields.Enum(Recommendation, by_value=True, allow_none=True)
    appraised_amount = ma.fields.Integer(allow_none=True)
    appraised_term_months = ma.fields.Integer(allow_none=True)
    appraised_grace_months = ma.fields.Integer(allow_none=True)
    bad_debt_checked_on = ma.fields.Date(allow_none=True)
    has_bad_debt = ma.fields.Boolean(allow_none=True)
    appraisal_notes = ma.fields.String(allow_none=True)
    collateral = ma.fields.List(ma.fields.Nested(CollateralOut))
    decided_by = ma.fields.Integer(allow_none=True)
    decision_no = ma.fields.String(allow_none=True)
    decision_notes = ma.fields.String(allow_none=True)
    loan_id = ma.fields.Integer(allow_none=True)
    contract_no = ma.fields.String(allow_none=True)


class ApplicationDetail(ApplicationOut):
    events = ma.fields.List(ma.fields.Nested(EventOut))


ApplicationPage = page_of(ApplicationOut, "ApplicationPage")


class ApplicationFilter(PageArgs):
    status = ma.fields.Enum(ApplicationStatus, by_value=True)
    borrower_id = ma.fields.Integer(validate=ID)
    product_id = ma.fields.Integer(validate=ID)


class ApprovedOut(ma.Schema):
    """The new loan (api.md: ``loan_id``, ``status: approved``)."""

    loan_id = ma.fields.Integer()
    status = ma.fields.String()
    contract_no = ma.fields.String()
    application_id = ma.fields.Integer()
    borrower_id = ma.fields.Integer()
    product_id = ma.fields.Integer()
    amount = ma.fields.Integer()
    annual_rate = ma.fields.String()
    term_months = ma.fields.Integer()
    grace_months = ma.fields.Integer()
    approved_on = ma.fields.Date()
    decision_no = ma.fields.String()


class RuleOut(ma.Schema):
    rule = ma.fields.String()
    passed = ma.fields.Boolean()
    message = ma.fields.String()
    figures = ma.fields.Dict()


class EligibilityOut(ma.Schema):
    stage = ma.fields.String()
    eligible = ma.fields.Boolean()
    rules = ma.fields.List(ma.fields.Nested(RuleOut))


class DocumentOut(ma.Schema):
    id = ma.fields.Integer()
    filename = ma.fields.String()
    content_type = ma.fields.String()
    size_bytes = ma.fields.Integer()
    sha256 = ma.fields.String()
    uploaded_by = ma.fields.Integer()
    uploaded_at = ma.fields.DateTime()
