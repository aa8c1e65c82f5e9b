"""Loan applications (hồ sơ vay vốn): draft → submitted → appraised → approved | rejected, and
withdrawn before a decision. Every transition writes an ``ApplicationEvent`` (who, when, note);
the audit trail records the row changes themselves.

Approval, which creates the loan, is in ``services.approval``; eligibility in ``services.eligibility``.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import (ApplicationEvent, ApplicationStatus, Borrower, Collateral, Loan, LoanApplication,
                         LoanProduct, Recommendation, User)
from ..domain.eligibility import require_eligible
from ..domain.errors import DomainError, StateConflict
from ..domain.schedule import validate_terms
from . import eligibility, products
from .reach import check_borrower_reach, find, is_borrower_user, own_borrower_id
from .schedules import preview

WHAT = "hồ sơ vay / loan application"
BEFORE_DECISION = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.APPRAISED)
STATUS_VI = {
    ApplicationStatus.DRAFT: "nháp", ApplicationStatus.SUBMITTED: "đã nộp", ApplicationStatus.APPRAISED: "đã thẩm định",
    ApplicationStatus.APPROVED: "đã phê duyệt", ApplicationStatus.REJECTED: "bị từ chối",
    ApplicationStatus.WITHDRAWN: "đã rút",
}


class InvalidApplication(DomainError):
    rule = "application_invalid"


def _refuse(field: str, vi: str, en: str, **figures) -> None:
    raise InvalidApplication(f"{vi} / {en}", field=field, **figures)


def require_status(application: LoanApplication, allowed: tuple[ApplicationStatus, ...], action: str) -> None:
    """409 when the application is not in a state that allows ``action`` ("vi / en")."""
    if application.status not in allowed:
        vi, en = action.split(" / ")
        status = application.status
        raise StateConflict(
            f"Không thể {vi} hồ sơ {STATUS_VI[status]} / cannot {en} an application that is {status.value}",
            status=status.value, allowed=[s.value for s in allowed])


def record_event(session: Session, application: LoanApplication, to: ApplicationStatus, *, by: User,
                 note: str = "") -> None:
    """Move the application to ``to`` and write who did it and when."""
    before = application.status
    application.status = to
    session.add(ApplicationEvent(application_id=application.id, from_status=before.value if before else None,
                                 to_status=to.value, by_user=by.id, at=now_utc(), note=note or ""))
    session.flush()


# --- the request --------------------------------------------------------------------------------


def _check_request(session: Session, values: dict[str, Any], *, viewer: User) -> LoanProduct:
    borrower_id = values["borrower_id"]
    if is_borrower_user(viewer):
        check_borrower_reach(viewer, borrower_id, what="khách hàng / borrower", ident=borrower_id)
    if session.get(Borrower, borrower_id) is None:
        _refuse("borrower_id", f"Không có khách hàng số {borrower_id}", f"no borrower has id {borrower_id}")
    product = session.get(LoanProduct, values["product_id"])
    if product is None:
        _refuse("product_id", f"Không có sản phẩm số {values['product_id']}", f"no product has id {values['product_id']}")
    if not product.current:
        newest = session.scalar(select(LoanProduct).where(LoanProduct.code == product.code, LoanProduct.current))
        _refuse("product_id", f"Sản phẩm này đã có phiên bản mới (số {newest.id})",
                f"this product version was replaced (use id {newest.id})", current_id=newest.id)
    if values["own_capital"] > values["total_investment"]:
        _refuse("own_capital", "Vốn tự có không thể lớn hơn tổng mức đầu tư",
                "own capital cannot exceed the total investment",
                own_capital=values["own_capital"], total_investment=values["total_investment"])
    validate_terms(products.terms(product, amount=values["amount"], term_months=values["term_months"],
                                  grace_months=values["grace_months"]))
    return product


REQUEST_FIELDS = ("borrower_id", "product_id", "amount", "term_months", "grace_months", "purpose",
                  "total_investment", "own_capital")


def create_application(session: Session, *, viewer: User, **values) -> LoanApplication:
    values = {"grace_months": 0, **values}
    _check_request(session, values, viewer=viewer)
    application = LoanApplication(**values, status=ApplicationStatus.DRAFT, created_by=viewer.id, created_at=now_utc())
    session.add(application)
    session.flush()
    session.add(ApplicationEvent(application_id=application.id, from_status=None, to_status="draft",
                                 by_user=viewer.id, at=now_utc(), note="Lập hồ sơ / created"))
    session.flush()
    return application


def update_application(session: Session, application_id: int, *, viewer: User, **changes) -> LoanApplication:
    application = get_application(session, application_id, viewer=viewer, lock=True)
    require_status(application, (ApplicationStatus.DRAFT,), "sửa / change")
    current = {key: getattr(application, key) for key in REQUEST_FIELDS}
    _check_request(session, {**current, **changes}, viewer=viewer)
    for key, value in changes.items():
        setattr(application, key, value)
    session.flush()
    return application


def get_application(session: Session, application_id: int, *, viewer: User | None,
                    lock: bool = False) -> LoanApplication:
    application = find(session, LoanApplication, application_id, what=WHAT, lock=lock)
    check_borrower_reach(viewer, application.borrower_id, what=WHAT, ident=application_id)
    return application


def application_query(*, viewer: User | None, status=None, borrower_id: int | None = None,
                      product_id: int | None = None) -> Select:
    query = select(LoanApplication).order_by(LoanApplication.id.desc())
    if is_borrower_user(viewer):
        query = query.where(LoanApplication.borrower_id == own_borrower_id(viewer))
    if status is not None:
        query = query.where(LoanApplication.status == status)
    if borrower_id is not None:
        query = query.where(LoanApplication.borrower_id == borrower_id)
    if product_id is not None:
        query = query.where(LoanApplication.product_id == product_id)
    return query


def loan_of(session: Session, application: LoanApplication) -> Loan | None:
    return session.scalar(select(Loan).where(Loan.application_id == application.id))


# --- transitions --------------------------------------------------------------------------------


def submit(session: Session, application_id: int, *, viewer: User, today: date, settings) -> LoanApplication:
    """Draft → submitted, once every condition that can be checked before appraisal holds."""
    application = get_application(session, application_id, viewer=viewer, lock=True)
    require_status(application, (ApplicationStatus.DRAFT,), "nộp / submit")
    require_eligible(eligibility.check(session, application, today=today, settings=settings, stage="submission"))
    record_event(session, application, ApplicationStatus.SUBMITTED, by=viewer, note="Nộp hồ sơ / submitted")
    return application


def appraise(session: Session, application_id: int, *, viewer: User, today: date, recommendation,
             amount: int | None = None, term_months: int | None = None, grace_months: int | None = None,
             bad_debt_checked_on: date | None = None, has_bad_debt: bool | None = None,
             collateral: list[dict] | None = None, notes: str = "") -> LoanApplication:
    """Submitted → appraised: the appraiser's recommendation, the terms proposed, the bad-debt check
    at credit institutions and the collateral (kind, description, appraised value)."""
    application = get_application(session, application_id, viewer=viewer, lock=True)
    require_status(application, (ApplicationStatus.SUBMITTED,), "thẩm định / appraise")
    recommendation = Recommendation(recommendation)
    amount = application.amount if amount is None else amount
    term_months = application.term_months if term_months is None else term_months
    grace_months = application.grace_months if grace_months is None else grace_months
    if amount > application.amount:
        _refuse("amount", "Số tiền thẩm định không được lớn hơn số tiền đề nghị vay",
                "the appraised amount cannot exceed the amount applied for",
                amount=amount, requested=application.amount)
    if (bad_debt_checked_on is None) != (has_bad_debt is None):
        _refuse("has_bad_debt" if has_bad_debt is None else "bad_debt_checked_on",
                "Cần cả ngày kiểm tra và kết quả kiểm tra nợ xấu", "the bad-debt check needs both its date and result")
    if bad_debt_checked_on is not None and bad_debt_checked_on > today:
        _refuse("bad_debt_checked_on", "Ngày kiểm tra nợ xấu ở tương lai", "the bad-debt check date is in the future",
                today=today)
    product = session.get(LoanProduct, application.product_id)
    validate_terms(products.terms(product, amount=amount, term_months=term_months, grace_months=grace_months))
    application.appraised_by = viewer.id
    application.recommendation = recommendation
    application.appraised_amount, application.appraised_term_months = amount, term_months
    application.appraised_grace_months = grace_months
    application.bad_debt_checked_on, application.has_bad_debt = bad_debt_checked_on, has_bad_debt
    application.appraisal_notes = notes or ""
    for item in collateral or []:
        session.add(Collateral(application_id=application.id, kind=item["kind"], description=item["description"],
                               value=item["value"]))
    note = f"Đề xuất / recommends: {recommendation.value}" + (f". {notes}" if notes else "")
    record_event(session, application, ApplicationStatus.APPRAISED, by=viewer, note=note)
    session.refresh(application, ["collateral"])
    return application


def reject(session: Session, application_id: int, *, viewer: User, reason: str) -> LoanApplication:
    """Appraised → rejected, by an approver who neither created nor appraised it."""
    application = get_application(session, application_id, viewer=viewer, lock=True)
    require_status(application, (ApplicationStatus.APPRAISED,), "từ chối / reject")
    eligibility.require_separate_decider(application, viewer)
    application.decided_by = viewer.id
    application.decision_notes = reason
    record_event(session, application, ApplicationStatus.REJECTED, by=viewer, note=reason)
    return application


def withdraw(session: Session, application_id: int, *, viewer: User, reason: str = "") -> LoanApplication:
    """The borrower (or an officer for it) withdraws the application before a decision."""
    application = get_application(session, application_id, viewer=viewer, lock=True)
    require_status(application, BEFORE_DECISION, "rút / withdraw")
    record_event(session, application, ApplicationStatus.WITHDRAWN, by=viewer, note=reason or "Rút hồ sơ / withdrawn")
    return application


def schedule(session: Session, application_id: int, *, viewer: User, today: date) -> dict:
    """The schedule the application would have if disbursed today (the appraised terms once appraised)."""
    application = get_application(session, application_id, viewer=viewer)
    product = session.get(LoanProduct, application.product_id)
    amount, term, grace = eligibility.proposed_terms(application)
    return preview(session, terms=products.terms(product, amount=amount, term_months=term, grace_months=grace),
                   disbursed_on=today)


def events(session: Session, application: LoanApplication) -> list[dict]:
    """The application's transitions, oldest first, each with who made it and when."""
    rows = session.execute(
        select(ApplicationEvent, User.email).join(User, User.id == ApplicationEvent.by_user)
        .where(ApplicationEvent.application_id == application.id).order_by(ApplicationEvent.id)).all()
    return [{"from_status": e.from_status, "to_status": e.to_status, "by_user": e.by_user, "by": email,
             "at": e.at, "note": e.note} for e, email in rows]
