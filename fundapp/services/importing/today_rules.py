"""Today's eligibility rules (domain.md §2) over an imported book: warnings, never refusals.

A historical loan may predate today's products, limits or the fund's own rules, so these are
reported for officers to look at, the import goes on. The rules are ``domain.eligibility``'s, with
today's figures (``services.fund.position``): own capital ≥ 20% of the investment, the product's
amount, term, grace and borrower kinds, the borrower's age and kind at the approval date, the 15%
single-customer limit on what the workbook leaves outstanding, the capital available to lend, and
the bad-debt check the first disbursement should have had.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy.orm import Session

from ...domain.eligibility import (BorrowerKind, RuleResult, amount_within_product, capital_available,
                                   grace_within_product, individual_is_adult, member_not_enterprise,
                                   own_capital_sufficient, single_customer_limit, term_within_product)
from .. import fund, products
from .reading import Problem

LOANS_SHEET = "Khoản vay"


def _vi(result: RuleResult) -> str:
    return result.message.rsplit(" / ", 1)[0]


def _loan_warnings(loan, borrower, *, own_pct: Decimal) -> list[Problem]:
    row, values, found = loan.row, loan.values, []
    if loan.product is not None and loan.terms is not None:
        bounds, terms = products.bounds(loan.product), loan.terms
        checks = [("own_capital", own_capital_sufficient(own_capital=values["own_capital"],
                                                         total_investment=values["total_investment"], pct=own_pct)),
                  ("amount", amount_within_product(amount=terms.amount, product=bounds)),
                  ("term_months", term_within_product(term_months=terms.term_months, product=bounds)),
                  ("grace_months", grace_within_product(grace_months=terms.grace_months, term_months=terms.term_months,
                                                        product=bounds))]
        found += [row.problem(key, _vi(result)) for key, result in checks if not result.passed]
        if borrower is not None and borrower.values["kind"] not in products.allowed_kinds(loan.product):
            found.append(row.problem("product_code", f"Sản phẩm {loan.product.code} không dành cho loại khách hàng "
                                                     f"của {borrower.values['name']}"))
    if borrower is not None and values.get("approved_on"):
        kind, enterprise = BorrowerKind(borrower.values["kind"]), borrower.values["is_enterprise"]
        adult = individual_is_adult(is_individual=kind.is_member and not enterprise,
                                    date_of_birth=borrower.values.get("date_of_birth"), decided_on=values["approved_on"])
        for key, result in (("approved_on", adult),
                            ("borrower_ref", member_not_enterprise(kind=kind, is_enterprise=enterprise))):
            if not result.passed:
                found.append(row.problem(key, _vi(result)))
    if loan.disbursements and not values.get("bad_debt_checked_on"):
        found.append(row.problem("bad_debt_checked_on", "Chưa ghi ngày kiểm tra nợ xấu (CIC) trước lần giải ngân đầu"))
    return found


def _exposure(loan) -> int:
    """What the loan commits today: principal outstanding plus what is approved and not disbursed."""
    if loan.terms is None:
        return 0
    if loan.state is None:
        return loan.terms.amount if not loan.disbursements else 0
    if loan.state.closed_on is not None:
        return 0
    return loan.state.balance.principal_outstanding + loan.terms.amount - loan.disbursed_amount


def warnings(session: Session, checked, *, settings) -> list[Problem]:
    position = fund.position(session, settings=settings)
    borrowers = {b.ref: b for b in checked.borrowers if b.values.get("kind") is not None}
    own_pct = Decimal(str(settings.get("OWN_CAPITAL_MIN_SHARE", "0.20")))
    found: list[Problem] = []
    exposure: dict[str, int] = defaultdict(int)
    for loan in checked.loans:
        borrower = borrowers.get(loan.borrower_ref)
        found += _loan_warnings(loan, borrower, own_pct=own_pct)
        if borrower is not None:
            exposure[loan.borrower_ref] += _exposure(loan)
    if position.actual_charter_capital <= 0:
        found.append(Problem(LOANS_SHEET, None, None, None, "Quỹ chưa ghi nhận vốn điều lệ: chưa kiểm tra được hạn mức "
                                                            "cho vay một khách hàng (15%) và nguồn vốn còn cho vay"))
        return found
    pct = Decimal(str(settings["SINGLE_BORROWER_LIMIT"]))
    for ref, total in exposure.items():
        result = single_customer_limit(outstanding=total, approved_undisbursed=0, amount=0,
                                       actual_charter_capital=position.actual_charter_capital, pct=pct)
        if not result.passed:
            found.append(borrowers[ref].row.problem("ref", _vi(result)))
    result = capital_available(amount=sum(exposure.values()), available_to_lend=position.available_to_lend)
    if not result.passed:
        found.append(Problem(LOANS_SHEET, None, None, None, f"Tổng dư nợ và số chưa giải ngân của tệp: {_vi(result)}"))
    return found
