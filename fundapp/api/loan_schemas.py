"""Schemas of loans, disbursements, repayments and what a loan shows (api.md names), by hand so that
a column rename can never change the API."""
from __future__ import annotations

import marshmallow as ma

from ..db.models import LoanStatus
from ..domain.terms import CurrentOrder, Method, Prepayment
from .common import Day, Dong, PageArgs, RateField, Strict, Text, page_of

ID = ma.validate.Range(min=1, max=2**31 - 1)
Amount = ma.fields.Integer  # đồng out: always an integer


class LoanOut(ma.Schema):
    id = ma.fields.Integer()
    contract_no = ma.fields.String()
    borrower_id = ma.fields.Integer()
    product_id = ma.fields.Integer()
    application_id = ma.fields.Integer()
    status = ma.fields.Enum(LoanStatus, by_value=True)
    amount = Amount()
    annual_rate = RateField()
    overdue_rate_factor = RateField()
    late_interest_rate = RateField()
    method = ma.fields.Enum(Method, by_value=True)
    principal_every = ma.fields.Integer()
    interest_every = ma.fields.Integer()
    term_months = ma.fields.Integer()
    grace_months = ma.fields.Integer()
    prepayment = ma.fields.Enum(Prepayment, by_value=True)
    current_order = ma.fields.Enum(CurrentOrder, by_value=True)
    working_day_roll = ma.fields.Boolean()
    purpose = ma.fields.String()
    capital_source = ma.fields.String()
    approved_on = ma.fields.Date()
    decision_no = ma.fields.String()
    bad_debt_checked_on = ma.fields.Date(allow_none=True)
    disbursed_on = ma.fields.Date(allow_none=True)
    disbursed_amount = Amount()
    maturity_date = ma.fields.Date(allow_none=True)
    closed_on = ma.fields.Date(allow_none=True)
    version = ma.fields.Integer()
    # The workbook import (``GET /imports``) that brought the loan in with its history; null for a
    # loan made through the API or the pages.
    import_batch_id = ma.fields.Integer(allow_none=True)
    # The latest booked position (as of ``position_as_of``); ``/balance`` gives any other date.
    position_as_of = ma.fields.Date(attribute="cached_as_of", allow_none=True)
    principal_outstanding = Amount(attribute="cached_principal_outstanding")
    principal_overdue = Amount(attribute="cached_principal_overdue")
    days_past_due = ma.fields.Integer(attribute="cached_days_past_due")
    debt_group = ma.fields.Integer(attribute="cached_debt_group")


LoanPage = page_of(LoanOut, "LoanPage")


class LoanFilter(PageArgs):
    status = ma.fields.Enum(LoanStatus, by_value=True)
    borrower_id = ma.fields.Integer(validate=ID)


class LoanMoneyIn(Strict):
    amount = Dong(required=True)
    value_date = Day(required=True, metadata={"description": "ngày giá trị: not in the future"})
    reference = Text(load_default="", max_length=200, metadata={"description": "e.g. the bank transfer number"})


class DisbursementOut(ma.Schema):
    id = ma.fields.Integer()
    loan_id = ma.fields.Integer()
    amount = Amount()
    value_date = ma.fields.Date()
    reference = ma.fields.String()
    recorded_by = ma.fields.Integer()
    recorded_at = ma.fields.DateTime()
    tranche = ma.fields.Integer(allow_none=True)
    journal_entry_id = ma.fields.Integer(allow_none=True)
    status = ma.fields.String()
    disbursed_amount = Amount()
    undisbursed = Amount()
    disbursed_on = ma.fields.Date(allow_none=True)
    maturity_date = ma.fields.Date(allow_none=True)


class RepaymentOut(ma.Schema):
    """The parts add up to ``amount`` (api.md); null on a reversed repayment, which applies nothing."""

    id = ma.fields.Integer()
    loan_id = ma.fields.Integer()
    amount = Amount()
    value_date = ma.fields.Date()
    reference = ma.fields.String()
    recorded_by = ma.fields.Integer()
    recorded_at = ma.fields.DateTime()
    principal_overdue = Amount(allow_none=True)
    interest_overdue = Amount(allow_none=True)
    penalty_interest = Amount(allow_none=True)
    late_interest = Amount(allow_none=True)
    interest_due_today = Amount(allow_none=True)
    principal_due_today = Amount(allow_none=True)
    interest_accrued = Amount(allow_none=True)
    advance = Amount(allow_none=True, metadata={"description": "change in the advance held (negative: used)"})
    principal_prepaid = Amount(allow_none=True)
    pays_off = ma.fields.Boolean()
    reversed = ma.fields.Boolean()
    reversal_id = ma.fields.Integer(allow_none=True)
    reversal_reason = ma.fields.String(allow_none=True)


class ReversalIn(Strict):
    reason = Text(required=True, min_length=1, max_length=500, multiline=True)


class ReversalOut(ma.Schema):
    id = ma.fields.Integer()
    repayment_id = ma.fields.Integer()
    loan_id = ma.fields.Integer()
    amount = Amount()
    repayment_value_date = ma.fields.Date()
    reason = ma.fields.String()
    value_date = ma.fields.Date()
    recorded_by = ma.fields.Integer()
    recorded_at = ma.fields.DateTime()


class LoanBalanceFields(ma.Schema):
    as_of = ma.fields.Date()
    principal_outstanding = Amount()
    principal_not_yet_due = Amount()
    principal_overdue = Amount()
    interest_overdue = Amount()
    penalty_interest = Amount()
    late_interest = Amount()
    principal_due_today = Amount()
    interest_due_today = Amount()
    interest_accrued = Amount()
    advance = Amount()
    payoff_amount = Amount()
    days_past_due = ma.fields.Integer()
    next_due_date = ma.fields.Date(allow_none=True)
    overdue_since = ma.fields.Date(allow_none=True)
    closed = ma.fields.Boolean()
    written_off = ma.fields.Boolean()


class LoanBalanceOut(LoanBalanceFields):
    loan_id = ma.fields.Integer()
    debt_group = ma.fields.Integer(metadata={"description": "the borrower's worst group (reported)"})
    loan_group = ma.fields.Integer(metadata={"description": "this loan's own group"})


class BalanceArgs(Strict):
    as_of = Day(metadata={"description": "default: today"})


class PayoffQuoteArgs(Strict):
    on = Day(metadata={"description": "default: today"})


class StatementArgs(Strict):
    start = Day(data_key="from", metadata={"description": "default: the first disbursement"})
    end = Day(data_key="to", metadata={"description": "default: today"})


class LoanInstallmentOut(ma.Schema):
    seq = ma.fields.Integer()
    due_date = ma.fields.Date()
    nominal_date = ma.fields.Date()
    principal = Amount()
    interest = Amount()
    total = Amount()
    paid_principal = Amount()
    paid_interest = Amount()
    paid = Amount()
    unpaid_principal = Amount()
    unpaid_interest = Amount()
    unpaid = Amount()
    status = ma.fields.String(metadata={"description": "paid, partly_paid, due, overdue, upcoming"})
    overdue_since = ma.fields.Date(allow_none=True)


class LoanScheduleOut(ma.Schema):
    loan_id = ma.fields.Integer()
    as_of = ma.fields.Date()
    disbursed = ma.fields.Boolean()
    installments = ma.fields.List(ma.fields.Nested(LoanInstallmentOut))
    total_principal = Amount()
    total_interest = Amount()
    total = Amount()
    total_paid = Amount()


class LoanStatementLine(ma.Schema):
    value_date = ma.fields.Date()
    kind = ma.fields.String()
    description = ma.fields.String()
    amount = Amount()
    repayment_id = ma.fields.Integer(allow_none=True)
    installment_seq = ma.fields.Integer(allow_none=True)
    reference = ma.fields.String()
    principal_paid = Amount(allow_none=True)
    interest_paid = Amount(allow_none=True)
    penalty_paid = Amount(allow_none=True)
    advance = Amount(allow_none=True)
    principal_outstanding = Amount()


class LoanStatementOut(ma.Schema):
    loan_id = ma.fields.Integer()
    contract_no = ma.fields.String()
    start = ma.fields.Date(data_key="from", attribute="from")
    end = ma.fields.Date(data_key="to", attribute="to")
    opening_principal = Amount()
    lines = ma.fields.List(ma.fields.Nested(LoanStatementLine))
    closing = ma.fields.Nested(LoanBalanceFields)


class PayoffQuoteOut(LoanBalanceFields):
    loan_id = ma.fields.Integer()
    on = ma.fields.Date()
    payoff_amount_in_words = ma.fields.String()
