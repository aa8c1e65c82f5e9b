"""Schemas of what is decided on a loan after disbursement: restructuring, write-off and recoveries,
recall, monitoring checks. By hand, so that a column rename can never change the API."""
from __future__ import annotations

import marshmallow as ma

from ..db.models import Finding
from ..domain.events import RestructureKind
from .common import Day, Dong, Strict, Text
from .loan_schemas import RepaymentOut

ID = ma.validate.Range(min=1, max=2**31 - 1)
Amount = ma.fields.Integer


def Decision(**kwargs) -> Text:  # noqa: N802 — used like a field class
    return Text(min_length=1, max_length=100, metadata={"description": "số quyết định"}, **kwargs)


def Reason(**kwargs) -> Text:  # noqa: N802
    return Text(min_length=1, max_length=2000, multiline=True, **kwargs)


# --- restructuring ------------------------------------------------------------------------------------
class RequestedInstallmentIn(Strict):
    due_date = Day(required=True)
    principal = Dong(positive=False, required=True)


class RestructuringIn(Strict):
    kind = ma.fields.Enum(RestructureKind, by_value=True, required=True,
                          metadata={"description": "reschedule (dates move, maturity kept) or extend (new maturity)"})
    effective_date = Day(required=True, metadata={"description": "not in the future; after the first disbursement"})
    reason = Reason(required=True)
    installments = ma.fields.List(ma.fields.Nested(RequestedInstallmentIn), validate=ma.validate.Length(min=1, max=600),
                                  metadata={"description": "the new dates and principal (else a rule below)"})
    defer_months = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1, max=120),
                                     metadata={"description": "reschedule: move every date not yet due this much"})
    new_maturity = Day(metadata={"description": "extend: the new maturity (principal re-spread up to it)"})


class ApproveRestructuringIn(Strict):
    decision_no = Decision(required=True)
    notes = Text(max_length=2000, multiline=True, load_default="")


class RejectRestructuringIn(Strict):
    reason = Reason(required=True)


class PlanRowOut(ma.Schema):
    seq = ma.fields.Integer()
    due_date = ma.fields.Date()
    principal = Amount()
    interest = Amount(metadata={"description": "projected if paid on time (a proposed plan only)"})
    total = Amount()


class RequestedInstallmentOut(ma.Schema):
    due_date = ma.fields.Date()
    principal = Amount()


class RestructuringOut(ma.Schema):
    id = ma.fields.Integer()
    loan_id = ma.fields.Integer()
    kind = ma.fields.String()
    status = ma.fields.String(metadata={"description": "requested, approved, rejected"})
    effective_date = ma.fields.Date()
    reason = ma.fields.String()
    defer_months = ma.fields.Integer(allow_none=True)
    new_maturity = ma.fields.Date(allow_none=True)
    installments = ma.fields.List(ma.fields.Nested(RequestedInstallmentOut), allow_none=True)
    requested_by = ma.fields.Integer()
    requested_at = ma.fields.DateTime()
    decided_by = ma.fields.Integer(allow_none=True)
    decided_at = ma.fields.DateTime(allow_none=True)
    decision_no = ma.fields.String(allow_none=True)
    decision_note = ma.fields.String(allow_none=True)
    event_id = ma.fields.Integer(allow_none=True)
    plan = ma.fields.List(ma.fields.Nested(PlanRowOut), allow_none=True,
                          metadata={"description": "the new plan (for an open request: as it would be today)"})
    previous_plan = ma.fields.List(ma.fields.Nested(PlanRowOut), allow_none=True,
                                   metadata={"description": "the dates it replaced (once approved)"})
    maturity_before = ma.fields.String(allow_none=True)
    maturity_after = ma.fields.String(allow_none=True)
    problem = ma.fields.String(allow_none=True, metadata={"description": "why an open request could not apply now"})


class PlanVersionRowOut(ma.Schema):
    seq = ma.fields.Integer()
    nominal_date = ma.fields.Date()
    due_date = ma.fields.Date()
    principal = Amount()
    interest_due = ma.fields.Boolean()
    principal_date = ma.fields.Boolean()


class PlanVersionOut(ma.Schema):
    version = ma.fields.Integer()
    effective_date = ma.fields.Date()
    reason = ma.fields.String()
    event_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.DateTime()
    rows = ma.fields.List(ma.fields.Nested(PlanVersionRowOut))


# --- write-off and recoveries ---------------------------------------------------------------------------
class WriteOffIn(Strict):
    decision_no = Decision(required=True)
    decided_on = Day(required=True, metadata={"description": "the Risk Council's decision date (the value date)"})
    reason = Reason(required=True)


class WriteOffOut(ma.Schema):
    id = ma.fields.Integer()
    loan_id = ma.fields.Integer()
    status = ma.fields.String()
    decision_no = ma.fields.String()
    decided_on = ma.fields.Date()
    reason = ma.fields.String()
    principal_written_off = Amount()
    interest_written_off = Amount()
    provision_used = Amount()
    charged_to_expense = Amount()
    journal_entry_id = ma.fields.Integer(allow_none=True)
    recorded_by = ma.fields.Integer()
    recorded_at = ma.fields.DateTime()


class RecoveryOut(RepaymentOut):
    class Meta:
        exclude = ("reversed", "reversal_id", "reversal_reason")

    recovery_income = Amount()
    memo_principal_after = Amount()
    memo_interest_after = Amount()


class RecoveryListOut(RepaymentOut):
    class Meta:
        exclude = ("reversed", "reversal_id", "reversal_reason")


# --- recall and monitoring -----------------------------------------------------------------------------
class RecallIn(Strict):
    decision_no = Decision(required=True)
    value_date = Day(required=True, metadata={"description": "the day all principal falls due; not in the future"})
    reason = Reason(required=True)
    monitoring_check_id = ma.fields.Integer(strict=True, validate=ID,
                                            metadata={"description": "the check that found the misuse"})


class RecallOut(ma.Schema):
    id = ma.fields.Integer()
    loan_id = ma.fields.Integer()
    decision_no = ma.fields.String()
    value_date = ma.fields.Date()
    reason = ma.fields.String()
    monitoring_check_id = ma.fields.Integer(allow_none=True)
    principal_recalled = Amount(metadata={"description": "principal that was not yet due"})
    principal_due = Amount(metadata={"description": "all principal, due on the recall date"})
    interest_due = Amount()
    total_due = Amount()
    notice_id = ma.fields.Integer()
    recorded_by = ma.fields.Integer()
    recorded_at = ma.fields.DateTime()


class MonitoringCheckIn(Strict):
    checked_on = Day(required=True)
    finding = ma.fields.Enum(Finding, by_value=True, required=True)
    notes = Text(max_length=4000, multiline=True, load_default="")


class MonitoringCheckOut(ma.Schema):
    id = ma.fields.Integer()
    loan_id = ma.fields.Integer()
    checked_on = ma.fields.Date()
    finding = ma.fields.Enum(Finding, by_value=True)
    notes = ma.fields.String()
    checked_by = ma.fields.Integer()
    created_at = ma.fields.DateTime()
