"""Loan products (sản phẩm cho vay), versioned.

A change never edits a row: it adds version n + 1 of the same code and moves ``current`` to it.
Applications and loans keep the id of the version they were made under, and a loan also copies
its terms, so editing a product never changes a loan already approved.

What a product may say (issue 3, domain.md §3–§5):
- the annual rate is above 0 and at most 20% (Civil Code 2015 Art. 468: the cap on agreed rates);
- the overdue factor is 1 to 1.5 (Decree 45 Art. 25: at most 150% of the contractual rate; below
  1 an overdue borrower would pay less than one on time); late interest at most 10% a year;
- every term the product allows, with any grace it allows, can make a schedule: the frequencies
  are 0, 1, 3, 6 or 12 months, interest falls due whenever principal does, annuity needs equal
  monthly frequencies, and the longest grace is shorter than the shortest term — the same rules
  ``domain.schedule.validate_terms`` applies to a loan, checked at both ends of the term range.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import LoanProduct
from ..domain.eligibility import BorrowerKind, ProductBounds
from ..domain.errors import DomainError, StateConflict
from ..domain.schedule import InvalidTerms, validate_terms
from ..domain.terms import AT_MATURITY, CurrentOrder, LoanTerms, Method, Prepayment
from .reach import find

WHAT = "sản phẩm cho vay / loan product"
MAX_RATE = Decimal("0.20")  # Civil Code 2015 Art. 468: agreed interest at most 20% a year
MAX_OVERDUE_FACTOR = Decimal("1.5")  # Decree 45 Art. 25: overdue interest at most 150%
MAX_LATE_RATE = Decimal("0.10")  # Civil Code Art. 468.2 / 357: late interest at most 10% a year
MAX_TERM_MONTHS = 360
DEFAULTS = {
    "overdue_rate_factor": MAX_OVERDUE_FACTOR, "late_interest_rate": MAX_LATE_RATE, "max_grace_months": 0,
    "prepayment": Prepayment.SHORTEN_TERM, "current_order": CurrentOrder.INTEREST_FIRST,
    "working_day_roll": True, "allowed_kinds": [k for k in BorrowerKind],
}
EDITABLE = ("name", "annual_rate", "overdue_rate_factor", "late_interest_rate", "method", "principal_every",
            "interest_every", "min_term_months", "max_term_months", "max_amount", "max_grace_months", "prepayment",
            "current_order", "working_day_roll", "allowed_kinds")


class InvalidProduct(DomainError):
    rule = "product_invalid"


def _refuse(field: str, vi: str, en: str, **figures) -> None:
    raise InvalidProduct(f"{vi} / {en}", field=field, **figures)


# validate_terms names a loan's fields; a product's bounds are named differently.
_PRODUCT_FIELD = {"term_months": "max_term_months", "grace_months": "max_grace_months"}


def validate_product(values: dict[str, Any]) -> None:
    """Refuse a product that breaks a rule above, naming the field at fault."""
    rate, factor, late = values["annual_rate"], values["overdue_rate_factor"], values["late_interest_rate"]
    if not 0 < rate <= MAX_RATE:
        _refuse("annual_rate", "Lãi suất phải lớn hơn 0 và không quá 20%/năm",
                "the annual rate must be above 0 and at most 20% a year", annual_rate=rate)
    if not 1 <= factor <= MAX_OVERDUE_FACTOR:
        _refuse("overdue_rate_factor", "Lãi quá hạn từ 100% đến 150% lãi trong hạn",
                "the overdue factor must be from 1 to 1.5", overdue_rate_factor=factor)
    if not 0 <= late <= MAX_LATE_RATE:
        _refuse("late_interest_rate", "Lãi chậm trả không quá 10%/năm",
                "the late-payment rate must be from 0 to 10% a year", late_interest_rate=late)
    low, high, grace = values["min_term_months"], values["max_term_months"], values["max_grace_months"]
    if not 1 <= low <= high <= MAX_TERM_MONTHS:
        _refuse("max_term_months" if low >= 1 and high < low else "min_term_months",
                f"Thời hạn phải từ 1 đến {MAX_TERM_MONTHS} tháng, tối thiểu không quá tối đa",
                f"terms run from 1 to {MAX_TERM_MONTHS} months, the minimum not above the maximum",
                min_term_months=low, max_term_months=high)
    if not values["allowed_kinds"]:
        _refuse("allowed_kinds", "Cần ít nhất một loại khách hàng", "at least one borrower kind is needed")
    # Probe the shortest term without grace and the longest with the most grace.
    for term, grace_months in ((low, 0), (high, grace)):
        probe = LoanTerms(amount=values["max_amount"], annual_rate=rate, term_months=term, grace_months=grace_months,
                          method=Method(values["method"]), principal_every=values["principal_every"],
                          interest_every=values["interest_every"], working_day_roll=values["working_day_roll"])
        try:
            validate_terms(probe)
        except InvalidTerms as error:
            field = _PRODUCT_FIELD.get(error.field, error.field)
            raise InvalidProduct(f"{error.message} (thời hạn / term {term}, ân hạn / grace {grace_months})",
                                 field=field, term_months=term, grace_months=grace_months) from error


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    if Method(values["method"]) is Method.BULLET:
        values["principal_every"] = AT_MATURITY  # bullet: all principal at maturity, whatever was sent
    return values


def _row_values(values: dict[str, Any]) -> dict[str, Any]:
    row = dict(values)
    row["allowed_kinds"] = ",".join(BorrowerKind(k).value for k in dict.fromkeys(values["allowed_kinds"]))
    return row


def create_product(session: Session, *, created_by: int | None, **values) -> LoanProduct:
    values = _normalise({**DEFAULTS, **values})
    if session.scalar(select(LoanProduct.id).where(func.lower(LoanProduct.code) == values["code"].lower())):
        _refuse("code", f"Mã sản phẩm {values['code']} đã có", f"the product code {values['code']} exists already")
    validate_product(values)
    product = LoanProduct(**_row_values(values), version=1, current=True, created_at=now_utc(), created_by=created_by)
    session.add(product)
    session.flush()
    return product


def as_values(product: LoanProduct) -> dict[str, Any]:
    values = {key: getattr(product, key) for key in EDITABLE}
    values["allowed_kinds"] = allowed_kinds(product)
    return values


def allowed_kinds(product: LoanProduct) -> list[BorrowerKind]:
    return [BorrowerKind(k) for k in product.allowed_kinds.split(",") if k]


def change_product(session: Session, product_id: int, *, changed_by: int | None, replace: bool,
                   **changes) -> LoanProduct:
    """A new version of the product with ``changes`` (all of them, when ``replace``); the old one
    stays as it was, no longer current."""
    old = find(session, LoanProduct, product_id, what=WHAT, lock=True)
    if not old.current:
        newest = session.scalar(select(LoanProduct).where(LoanProduct.code == old.code, LoanProduct.current))
        raise StateConflict(f"Phiên bản {old.version} đã được thay bằng phiên bản {newest.version} (số {newest.id}): "
                            f"hãy sửa phiên bản hiện hành / version {old.version} was replaced by version "
                            f"{newest.version} (id {newest.id}): change the current one",
                            current_id=newest.id, current_version=newest.version)
    code = changes.pop("code", old.code)
    if code != old.code:
        _refuse("code", "Không đổi được mã sản phẩm; hãy tạo sản phẩm mới",
                "a product's code cannot change; create another product")
    base = {**DEFAULTS} if replace else as_values(old)
    values = _normalise({**base, **changes})
    validate_product(values)
    old.current = False  # the one current version (locked above) steps down; the audit trail records it
    session.flush()
    product = LoanProduct(**_row_values(values), code=old.code, version=old.version + 1, current=True,
                          created_at=now_utc(), created_by=changed_by)
    session.add(product)
    session.flush()
    return product


def get_product(session: Session, product_id: int) -> LoanProduct:
    return find(session, LoanProduct, product_id, what=WHAT)


def product_query(*, code: str | None = None, all_versions: bool = False, method=None) -> Select:
    query = select(LoanProduct).order_by(LoanProduct.code, LoanProduct.version)
    if code:
        query = query.where(func.lower(LoanProduct.code) == code.lower())
    if not all_versions:
        query = query.where(LoanProduct.current)
    if method is not None:
        query = query.where(LoanProduct.method == method)
    return query


def bounds(product: LoanProduct) -> ProductBounds:
    return ProductBounds(max_amount=product.max_amount, min_term_months=product.min_term_months,
                         max_term_months=product.max_term_months, max_grace_months=product.max_grace_months)


def terms(product: LoanProduct, *, amount: int, term_months: int, grace_months: int) -> LoanTerms:
    """A loan's terms under this product version."""
    return LoanTerms(amount=amount, annual_rate=product.annual_rate, term_months=term_months,
                     grace_months=grace_months, method=product.method, principal_every=product.principal_every,
                     interest_every=product.interest_every, working_day_roll=product.working_day_roll,
                     overdue_rate_factor=product.overdue_rate_factor, late_interest_rate=product.late_interest_rate,
                     prepayment=product.prepayment, current_order=product.current_order)
