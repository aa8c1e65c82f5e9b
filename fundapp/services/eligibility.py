"""The conditions of Decree 45 Art. 20–23 for one application, with today's figures.

The rules are ``domain.eligibility``; this gathers their inputs: the borrower, the product version,
the fund's position (available to lend, actual charter capital) and the exposure of the borrower
and of its related group. At submission the conditions that only an appraisal can settle (the
project's feasibility, the bad-debt check) are left for approval; everything else is checked at
both stages. Separation of duties and approval authority are here too.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from sqlalchemy.orm import Session

from ..db.models import Borrower, LoanApplication, LoanProduct, Recommendation, User
from ..domain.eligibility import ADULT_AGE, RuleResult, check_all
from ..domain.errors import NotAllowed
from ..domain.money import format_dong
from . import exposure, fund, products

APPRAISAL_RULES = frozenset({"no_bad_debt", "appraised_feasible"})


class ApprovalAuthority(NotAllowed):
    """The approver's authority by amount does not reach this loan (a setting): HTTP 403."""

    rule = "approval_authority"


def proposed_terms(application: LoanApplication) -> tuple[int, int, int]:
    """Amount, term and grace: the appraised ones once appraised, else those applied for."""
    if application.appraised_amount is not None:
        return application.appraised_amount, application.appraised_term_months, application.appraised_grace_months
    return application.amount, application.term_months, application.grace_months


def product_allows_kind(product: LoanProduct, borrower: Borrower) -> RuleResult:
    kinds = products.allowed_kinds(product)
    passed = borrower.kind in kinds
    names = ", ".join(k.value for k in kinds)
    verdict = ("", "") if passed else ("không ", "not ")
    return RuleResult("product_borrower_kind", passed,
                      f"Sản phẩm {product.code} {verdict[0]}dành cho khách hàng loại {borrower.kind.value} ({names}) / "
                      f"product {product.code} is {verdict[1]}for borrowers of kind {borrower.kind.value} ({names})",
                      {"kind": borrower.kind.value, "allowed_kinds": [k.value for k in kinds]})


def check(session: Session, application: LoanApplication, *, today: date, settings,
          stage: Literal["submission", "approval"]) -> list[RuleResult]:
    """Every condition, passed or not, in the order an officer reads them."""
    borrower = session.get(Borrower, application.borrower_id)
    product = session.get(LoanProduct, application.product_id)
    amount, term, grace = proposed_terms(application)
    position = fund.position(session, settings=settings)
    own = exposure.borrower_exposure(session, borrower.id)
    group = exposure.group_exposure(session, borrower.related_group_id) if borrower.related_group_id else own
    appraised = application.recommendation is not None
    results = check_all(
        decided_on=today, kind=borrower.kind, is_enterprise=borrower.is_enterprise,
        is_individual=borrower.kind.is_member and not borrower.is_enterprise, date_of_birth=borrower.date_of_birth,
        bad_debt_checked_on=application.bad_debt_checked_on, has_bad_debt=application.has_bad_debt,
        appraised_feasible=(application.recommendation is Recommendation.APPROVE) if appraised else None,
        own_capital=application.own_capital, total_investment=application.total_investment,
        amount=amount, term_months=term, grace_months=grace, product=products.bounds(product),
        available_to_lend=position.available_to_lend, actual_charter_capital=position.actual_charter_capital,
        customer_outstanding=own.outstanding, customer_approved_undisbursed=own.approved_undisbursed,
        group_outstanding=group.outstanding, group_approved_undisbursed=group.approved_undisbursed,
        single_pct=Decimal(settings["SINGLE_BORROWER_LIMIT"]), group_pct=Decimal(settings["RELATED_GROUP_LIMIT"]),
        own_capital_pct=Decimal(settings.get("OWN_CAPITAL_MIN_SHARE", "0.20")), adult_age=ADULT_AGE,
        bad_debt_check_max_age_days=settings.get("BAD_DEBT_CHECK_MAX_AGE_DAYS"),
    )
    results.insert(1, product_allows_kind(product, borrower))
    if stage == "submission":
        results = [r for r in results if r.rule not in APPRAISAL_RULES]
    return results


def require_separate_decider(application: LoanApplication, decider: User) -> None:
    """Circular 39/2016 Art. 17.2: whoever created or appraised an application does not decide it."""
    if decider.id == application.created_by:
        raise NotAllowed("Người lập hồ sơ không được quyết định hồ sơ của mình / the user who created the "
                         "application may not decide it", reason="created_by", user_id=decider.id)
    if decider.id == application.appraised_by:
        raise NotAllowed("Người thẩm định không được quyết định hồ sơ mình đã thẩm định / the user who appraised "
                         "the application may not decide it", reason="appraised_by", user_id=decider.id)


def require_authority(amount: int, decider: User, *, settings) -> None:
    """Approval authority by amount: ``APPROVAL_LIMITS`` maps a role to the most it may approve
    (a role not named, or named with None, has no limit)."""
    limit = (settings.get("APPROVAL_LIMITS") or {}).get(decider.role.value)
    if limit is not None and amount > int(limit):
        raise ApprovalAuthority(
            f"Số tiền {format_dong(amount)} vượt thẩm quyền phê duyệt của vai trò {decider.role.value} "
            f"({format_dong(int(limit))}) / the amount {format_dong(amount)} exceeds the approval authority of "
            f"the role {decider.role.value} ({format_dong(int(limit))})",
            amount=amount, limit=int(limit), role=decider.role.value)
