"""Who may borrow, and on what conditions (domain.md §2; Decree 45/2021 Art. 20–23).

Each condition is its own rule function returning a ``RuleResult``, so the application page can
show every condition with its figures, and ``require_eligible`` refuses with all failures at once.
Messages are Vietnamese first, then English (``"… / …"``), amounts written ``1.125.000.000 đ``.
Every rule is evaluated at the lending decision date; none reads a clock.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from dateutil.relativedelta import relativedelta

from .errors import DomainError
from .fund import RELATED_GROUP_PCT, SINGLE_CUSTOMER_PCT, concentration_limit
from .money import Dong, format_dong

ADULT_AGE = 18  # Decree 45 Art. 21: an individual borrower has full civil capacity
OWN_CAPITAL_PCT = Decimal("0.20")  # Decree 45 Art. 21: own capital ≥ 20% of total investment (a setting)


class BorrowerKind(str, enum.Enum):
    """The customers a fund may lend to (Decree 45 Art. 20)."""

    COOPERATIVE = "cooperative"  # hợp tác xã
    COOPERATIVE_UNION = "cooperative_union"  # liên hiệp hợp tác xã
    COOPERATIVE_MEMBER = "cooperative_member"  # thành viên hợp tác xã
    GROUP_MEMBER = "group_member"  # thành viên tổ hợp tác

    @property
    def is_member(self) -> bool:
        return self in (BorrowerKind.COOPERATIVE_MEMBER, BorrowerKind.GROUP_MEMBER)


@dataclass(frozen=True)
class RuleResult:
    """One condition checked: its rule name, whether it passed, a message and the figures used."""

    rule: str
    passed: bool
    message: str
    figures: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "passed": self.passed, "message": self.message, "figures": dict(self.figures)}


def _result(rule: str, passed: bool, vi: str, en: str, **figures: Any) -> RuleResult:
    return RuleResult(rule, passed, f"{vi} / {en}", figures)


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class NotEligible(DomainError):
    """The borrower or the loan breaks one or more conditions of Decree 45 Art. 20–23."""

    rule = "not_eligible"

    def __init__(self, failures: Iterable[RuleResult]):
        self.failures = tuple(failures)
        super().__init__("; ".join(f.message for f in self.failures), failures=[f.as_dict() for f in self.failures])


def require_eligible(results: Iterable[RuleResult]) -> None:
    """Refuse with every failed condition at once; return quietly when all passed."""
    failures = [r for r in results if not r.passed]
    if failures:
        raise NotEligible(failures)


# --- the borrower ------------------------------------------------------------------------------


def borrower_kind_allowed(*, kind: BorrowerKind | str) -> RuleResult:
    """Only cooperatives, unions of cooperatives and members of cooperatives or groups may borrow."""
    value = kind.value if isinstance(kind, BorrowerKind) else str(kind)
    if value in {k.value for k in BorrowerKind}:
        return _result("borrower_kind", True, f"Đối tượng vay hợp lệ ({value}).", f"Borrower kind allowed ({value}).",
                       kind=value)
    return _result("borrower_kind", False,
                   f"Đối tượng '{value}' không được vay: chỉ HTX, liên hiệp HTX, thành viên HTX hoặc tổ hợp tác.",
                   f"A '{value}' may not borrow: only cooperatives, unions, and members of cooperatives or groups.",
                   kind=value)


def member_not_enterprise(*, kind: BorrowerKind | str, is_enterprise: bool) -> RuleResult:
    """A member of a cooperative or cooperative group that is an enterprise may not borrow."""
    is_member = kind in {k.value for k in BorrowerKind} and BorrowerKind(kind).is_member
    if is_member and is_enterprise:
        return _result("member_not_enterprise", False, "Thành viên là doanh nghiệp không được vay của Quỹ.",
                       "A member that is an enterprise may not borrow from the fund.", is_enterprise=True)
    return _result("member_not_enterprise", True, "Khách hàng không phải thành viên là doanh nghiệp.",
                   "The borrower is not a member that is an enterprise.", is_enterprise=bool(is_enterprise))


def comes_of_age_on(date_of_birth: date, *, age: int = ADULT_AGE) -> date:
    """The day a person reaches ``age``; born 29 Feb → 28 Feb (Civil Code Art. 148: last day of the month)."""
    return date_of_birth + relativedelta(years=age)


def individual_is_adult(*, is_individual: bool, date_of_birth: date | None, decided_on: date,
                        age: int = ADULT_AGE) -> RuleResult:
    """An individual borrower is at least 18 on the decision date; the 18th birthday itself passes."""
    rule = "individual_age"
    if not is_individual:
        return _result(rule, True, "Khách hàng là tổ chức, không xét tuổi.",
                       "The borrower is an organisation; age does not apply.")
    if date_of_birth is None:
        return _result(rule, False, "Chưa có ngày sinh của khách hàng cá nhân.",
                       "The individual borrower's date of birth is missing.", decided_on=decided_on.isoformat())
    adult_on = comes_of_age_on(date_of_birth, age=age)
    figures = dict(date_of_birth=date_of_birth.isoformat(), decided_on=decided_on.isoformat(),
                   adult_on=adult_on.isoformat(), minimum_age=age)
    if adult_on <= decided_on:
        return _result(rule, True, f"Khách hàng đủ {age} tuổi.", f"The borrower is {age} or older.", **figures)
    return _result(rule, False,
                   f"Khách hàng sinh ngày {_d(date_of_birth)} chưa đủ {age} tuổi vào ngày quyết định "
                   f"{_d(decided_on)} (đủ tuổi từ {_d(adult_on)}).",
                   f"The borrower, born {_d(date_of_birth)}, is under {age} on the decision date "
                   f"{_d(decided_on)} (comes of age on {_d(adult_on)}).", **figures)


def borrower_in_province(*, borrower_province: str, fund_province: str) -> RuleResult:
    """A provincial fund lends only within its province (Decree 45 Art. 20)."""
    figures = dict(borrower_province=borrower_province, fund_province=fund_province)
    if borrower_province == fund_province:
        return _result("within_province", True, "Khách hàng ở trong tỉnh của Quỹ.",
                       "The borrower is in the fund's province.", **figures)
    return _result("within_province", False,
                   f"Khách hàng ở {borrower_province}, ngoài địa bàn của Quỹ ({fund_province}).",
                   f"The borrower is in {borrower_province}, outside the fund's province ({fund_province}).",
                   **figures)


def no_bad_debt(*, checked_on: date | None, has_bad_debt: bool | None, decided_on: date,
                max_age_days: int | None = None) -> RuleResult:
    """No bad debt at credit institutions: the check (e.g. CIC) is recorded with its date and result,
    made on or before the decision (and within ``max_age_days`` when that setting is given)."""
    rule = "no_bad_debt"
    if checked_on is None or has_bad_debt is None:
        return _result(rule, False, "Chưa ghi nhận kết quả kiểm tra nợ xấu tại tổ chức tín dụng.",
                       "No bad-debt check at credit institutions has been recorded.",
                       decided_on=decided_on.isoformat())
    figures = dict(checked_on=checked_on.isoformat(), decided_on=decided_on.isoformat(),
                   has_bad_debt=has_bad_debt, max_age_days=max_age_days)
    if checked_on > decided_on:
        return _result(rule, False, f"Kiểm tra nợ xấu ngày {_d(checked_on)} sau ngày quyết định {_d(decided_on)}.",
                       f"The bad-debt check of {_d(checked_on)} is after the decision of {_d(decided_on)}.",
                       **figures)
    if max_age_days is not None and (decided_on - checked_on).days > max_age_days:
        return _result(rule, False, f"Kết quả kiểm tra nợ xấu ngày {_d(checked_on)} đã quá {max_age_days} ngày.",
                       f"The bad-debt check of {_d(checked_on)} is older than {max_age_days} days.", **figures)
    if has_bad_debt:
        return _result(rule, False, f"Khách hàng có nợ xấu tại tổ chức tín dụng (kiểm tra ngày {_d(checked_on)}).",
                       f"The borrower has bad debt at credit institutions (checked {_d(checked_on)}).", **figures)
    return _result(rule, True, f"Không có nợ xấu (kiểm tra ngày {_d(checked_on)}).",
                   f"No bad debt (checked {_d(checked_on)}).", **figures)


# --- the project and its appraisal -------------------------------------------------------------


def project_appraised_feasible(*, feasible: bool | None) -> RuleResult:
    """The project or business plan was appraised (thẩm định) as feasible."""
    if feasible:
        return _result("appraised_feasible", True, "Dự án được thẩm định là khả thi.",
                       "The project was appraised as feasible.", feasible=True)
    if feasible is None:
        return _result("appraised_feasible", False, "Dự án chưa được thẩm định.",
                       "The project has not been appraised.", feasible=None)
    return _result("appraised_feasible", False, "Dự án được thẩm định là không khả thi.",
                   "The project was appraised as not feasible.", feasible=False)


def appraiser_is_not_approver(*, appraised_by: str | int, approved_by: str | int) -> RuleResult:
    """Appraisal and approval are done by different people (Circular 39/2016 Art. 17.2)."""
    if appraised_by != approved_by:
        return _result("separation_of_duties", True, "Người thẩm định và người phê duyệt là hai người khác nhau.",
                       "Appraisal and approval are by different people.")
    return _result("separation_of_duties", False, "Người thẩm định không được tự phê duyệt khoản vay.",
                   "The person who appraised the loan may not approve it.", person=appraised_by)


def own_capital_sufficient(*, own_capital: Dong, total_investment: Dong,
                           pct: Decimal = OWN_CAPITAL_PCT) -> RuleResult:
    """Own capital ≥ 20% of the project's total investment; the exact boundary passes.

    Compared in integers (own × q ≥ total × p for pct = p/q), never in floats.
    """
    share = Fraction(pct)
    required = -(-total_investment * share.numerator // share.denominator)  # ceiling: the least that passes
    passed = own_capital * share.denominator >= total_investment * share.numerator
    own, total, need, p = format_dong(own_capital), format_dong(total_investment), format_dong(required), f"{pct:%}"
    figures = dict(own_capital=own_capital, total_investment=total_investment, required=required, pct=str(pct))
    if passed:
        return _result("own_capital", True, f"Vốn tự có {own} đạt tối thiểu {p} tổng mức đầu tư {total} ({need}).",
                       f"Own capital {own} is at least {p} of the total investment {total} ({need}).", **figures)
    return _result("own_capital", False,
                   f"Vốn tự có {own} thấp hơn {p} tổng mức đầu tư {total}: cần ít nhất {need}.",
                   f"Own capital {own} is below {p} of the total investment {total}: at least {need} is needed.",
                   **figures)


# --- the loan within its product ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ProductBounds:
    """A loan product's bounds (settings: the decree sets no maximum term and no rate range)."""

    min_amount: Dong = 1
    max_amount: Dong | None = None
    min_term_months: int = 1
    max_term_months: int | None = None
    max_grace_months: int = 0


def amount_within_product(*, amount: Dong, product: ProductBounds) -> RuleResult:
    low, high = product.min_amount, product.max_amount
    passed = low <= amount and (high is None or amount <= high)
    vi = f"từ {format_dong(low)}" + ("" if high is None else f" đến {format_dong(high)}")
    en = f"from {format_dong(low)}" + ("" if high is None else f" to {format_dong(high)}")
    verdict = ("nằm trong", "is within") if passed else ("ngoài", "is outside")
    return _result("product_amount", passed,
                   f"Số tiền vay {format_dong(amount)} {verdict[0]} giới hạn sản phẩm ({vi}).",
                   f"The amount {format_dong(amount)} {verdict[1]} the product's bounds ({en}).",
                   amount=amount, min_amount=low, max_amount=high)


def term_within_product(*, term_months: int, product: ProductBounds) -> RuleResult:
    low, high = product.min_term_months, product.max_term_months
    passed = low <= term_months and (high is None or term_months <= high)
    vi = f"từ {low}" + ("" if high is None else f" đến {high}") + " tháng"
    en = f"from {low}" + ("" if high is None else f" to {high}") + " months"
    verdict = ("nằm trong", "is within") if passed else ("ngoài", "is outside")
    return _result("product_term", passed, f"Thời hạn vay {term_months} tháng {verdict[0]} giới hạn sản phẩm ({vi}).",
                   f"The term of {term_months} months {verdict[1]} the product's bounds ({en}).",
                   term_months=term_months, min_term_months=low, max_term_months=high)


def grace_within_product(*, grace_months: int, term_months: int, product: ProductBounds) -> RuleResult:
    """Grace within the product's maximum, and shorter than the term (some principal must fall due)."""
    figures = dict(grace_months=grace_months, max_grace_months=product.max_grace_months, term_months=term_months)
    if not 0 <= grace_months <= product.max_grace_months:
        return _result("product_grace", False,
                       f"Ân hạn {grace_months} tháng ngoài mức tối đa của sản phẩm ({product.max_grace_months} tháng).",
                       f"A grace period of {grace_months} months is outside the product's maximum "
                       f"({product.max_grace_months} months).", **figures)
    if grace_months >= term_months:
        return _result("product_grace", False,
                       f"Ân hạn {grace_months} tháng phải ngắn hơn thời hạn vay {term_months} tháng.",
                       f"A grace period of {grace_months} months must be shorter than the term of {term_months} "
                       f"months.", **figures)
    return _result("product_grace", True, f"Ân hạn {grace_months} tháng hợp lệ.",
                   f"A grace period of {grace_months} months is allowed.", **figures)


# --- the fund's capital and the concentration limits (Decree 45 Art. 23) -----------------------


def capital_available(*, amount: Dong, available_to_lend: Dong) -> RuleResult:
    """The fund's capital available to lend covers the amount."""
    passed = amount <= available_to_lend
    want, have = format_dong(amount), format_dong(available_to_lend)
    figures = dict(amount=amount, available_to_lend=available_to_lend)
    if passed:
        return _result("capital_available", True, f"Nguồn vốn còn có thể cho vay {have} đủ cho khoản vay {want}.",
                       f"Capital available to lend {have} covers the amount {want}.", **figures)
    return _result("capital_available", False, f"Số tiền vay {want} vượt nguồn vốn còn có thể cho vay {have}.",
                   f"The amount {want} exceeds the capital available to lend {have}.", **figures)


def _exposure_within(rule: str, who: tuple[str, str], *, outstanding: Dong, approved_undisbursed: Dong,
                     amount: Dong, actual_charter_capital: Dong, pct: Decimal) -> RuleResult:
    exposure = outstanding + approved_undisbursed + amount
    limit = concentration_limit(actual_charter_capital, pct)
    passed = exposure <= limit
    e, lim, cap, p = format_dong(exposure), format_dong(limit), format_dong(actual_charter_capital), f"{pct:%}"
    verdict = ("không vượt", "is within") if passed else ("vượt", "exceeds")
    return _result(rule, passed,
                   f"Dư nợ {who[0]} tính cả khoản vay này {e} {verdict[0]} giới hạn {p} vốn điều lệ thực có "
                   f"({cap}) là {lim}.",
                   f"Exposure to {who[1]} including this loan, {e}, {verdict[1]} the {p} limit of actual charter "
                   f"capital ({cap}), {lim}.",
                   exposure=exposure, limit=limit, outstanding=outstanding, approved_undisbursed=approved_undisbursed,
                   amount=amount, actual_charter_capital=actual_charter_capital, pct=str(pct))


def single_customer_limit(*, outstanding: Dong, approved_undisbursed: Dong, amount: Dong,
                          actual_charter_capital: Dong, pct: Decimal = SINGLE_CUSTOMER_PCT) -> RuleResult:
    """Outstanding + approved-undisbursed + this amount ≤ 15% of actual charter capital (Art. 23)."""
    return _exposure_within("single_customer_limit", ("của khách hàng", "the customer"), outstanding=outstanding,
                            approved_undisbursed=approved_undisbursed, amount=amount,
                            actual_charter_capital=actual_charter_capital, pct=pct)


def related_group_limit(*, outstanding: Dong, approved_undisbursed: Dong, amount: Dong,
                        actual_charter_capital: Dong, pct: Decimal = RELATED_GROUP_PCT) -> RuleResult:
    """The same for the customer with its related persons, ≤ 25% (Art. 23).

    ``outstanding`` and ``approved_undisbursed`` are the group's totals, the customer included.
    """
    return _exposure_within("related_group_limit",
                            ("của khách hàng và người có liên quan", "the customer and its related persons"),
                            outstanding=outstanding, approved_undisbursed=approved_undisbursed, amount=amount,
                            actual_charter_capital=actual_charter_capital, pct=pct)


# --- all of them -------------------------------------------------------------------------------


def check_all(
    *,
    decided_on: date,
    kind: BorrowerKind | str,
    is_enterprise: bool,
    is_individual: bool,
    date_of_birth: date | None,
    bad_debt_checked_on: date | None,
    has_bad_debt: bool | None,
    appraised_feasible: bool | None,
    own_capital: Dong,
    total_investment: Dong,
    amount: Dong,
    term_months: int,
    grace_months: int,
    product: ProductBounds,
    available_to_lend: Dong,
    actual_charter_capital: Dong,
    customer_outstanding: Dong,
    customer_approved_undisbursed: Dong,
    group_outstanding: Dong,
    group_approved_undisbursed: Dong,
    single_pct: Decimal = SINGLE_CUSTOMER_PCT,
    group_pct: Decimal = RELATED_GROUP_PCT,
    own_capital_pct: Decimal = OWN_CAPITAL_PCT,
    adult_age: int = ADULT_AGE,
    bad_debt_check_max_age_days: int | None = None,
    borrower_province: str | None = None,
    fund_province: str | None = None,
    appraised_by: str | int | None = None,
    approved_by: str | int | None = None,
) -> list[RuleResult]:
    """Every condition of domain.md §2 at the lending decision, in the order an officer reads them.

    ``group_*`` are the totals of the customer and its related persons, the customer included.
    The province and the separation of appraiser and approver are checked only when both of their
    inputs are given (the approval service knows them; a what-if on the application page may not).
    """
    results = [
        borrower_kind_allowed(kind=kind),
        member_not_enterprise(kind=kind, is_enterprise=is_enterprise),
        individual_is_adult(is_individual=is_individual, date_of_birth=date_of_birth, decided_on=decided_on,
                            age=adult_age),
    ]
    if borrower_province is not None and fund_province is not None:
        results.append(borrower_in_province(borrower_province=borrower_province, fund_province=fund_province))
    results += [
        no_bad_debt(checked_on=bad_debt_checked_on, has_bad_debt=has_bad_debt, decided_on=decided_on,
                    max_age_days=bad_debt_check_max_age_days),
        project_appraised_feasible(feasible=appraised_feasible),
    ]
    if appraised_by is not None and approved_by is not None:
        results.append(appraiser_is_not_approver(appraised_by=appraised_by, approved_by=approved_by))
    return results + [
        own_capital_sufficient(own_capital=own_capital, total_investment=total_investment, pct=own_capital_pct),
        amount_within_product(amount=amount, product=product),
        term_within_product(term_months=term_months, product=product),
        grace_within_product(grace_months=grace_months, term_months=term_months, product=product),
        capital_available(amount=amount, available_to_lend=available_to_lend),
        single_customer_limit(outstanding=customer_outstanding, approved_undisbursed=customer_approved_undisbursed,
                              amount=amount, actual_charter_capital=actual_charter_capital, pct=single_pct),
        related_group_limit(outstanding=group_outstanding, approved_undisbursed=group_approved_undisbursed,
                            amount=amount, actual_charter_capital=actual_charter_capital, pct=group_pct),
    ]
