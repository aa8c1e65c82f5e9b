"""Builders for tests of every layer that need a fund, borrowers, products, applications or loans.

Each opens its own transaction through the services (as the CLI would), so the rows are committed
and visible to the API; each returns ids, never live ORM objects. Names and amounts are realistic:
cooperatives of Lâm Đồng province (communes after the July 2025 reform), đồng amounts.

    fund_with_capital(app, 7_500_000_000)
    coop = make_borrower(app)                        # Hợp tác xã Nông nghiệp Cà phê Di Linh
    product = make_product(app)                      # equal principal, monthly, 7%/year
    loan_id = approved_loan(app, borrower_id=coop, product_id=product, amount=600_000_000)
"""
from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from fundapp.clock import today as business_today
from fundapp.db.models import Role, User
from fundapp.db.session import transaction
from fundapp.domain.fund import CapitalSource
from fundapp.services import applications, approval, borrowers, fund, products, users

PASSWORD = "mat-khau-thu-nghiem"
_numbers = itertools.count(1)


def _session(app):
    return transaction(app.extensions["fundapp.session_factory"])


def staff_user(session, role: str, who: str = "builder") -> User:
    """A staff user made for the builders (``officer-builder@quy.test``), created once."""
    email = f"{role}-{who}@quy.test"
    user = session.scalar(select(User).where(User.email == email))
    return user or users.create_user(session, email=email, role=role, password=PASSWORD,
                                     full_name=f"{role} ({who})")


def fund_with_capital(app, amount: int = 7_500_000_000, *, value_date: date = date(2025, 1, 2),
                      source: CapitalSource = CapitalSource.PROVINCIAL_BUDGET) -> None:
    """Charter capital from a provincial budget decision (7.5 bn đ: a real fund's size)."""
    with _session(app) as session:
        fund.record_contribution(session, amount=amount, value_date=value_date, decision_no=f"{next(_numbers)}/QĐ-UBND",
                                 source=source, recorded_by=staff_user(session, "accountant").id,
                                 today=business_today(app.config))


def make_borrower(app, **overrides) -> int:
    """A cooperative in xã Di Linh unless ``overrides`` say otherwise (any api.md field)."""
    n = next(_numbers)
    values = {"kind": "cooperative", "name": "Hợp tác xã Nông nghiệp Cà phê Di Linh", "commune": "xã Di Linh",
              "district": "huyện Di Linh", "sector": "agriculture", "registration_no": f"5800{n:06d}",
              "tax_code": f"58{n:08d}"}
    values.update(overrides)
    if values["kind"] in ("cooperative_member", "group_member") and not values.get("is_enterprise"):
        values.pop("registration_no", None), values.pop("tax_code", None)
        values.setdefault("citizen_id", f"068{n:09d}")
        values.setdefault("date_of_birth", date(1985, 3, 12))
    with _session(app) as session:
        return borrowers.create_borrower(session, today=business_today(app.config), **values).id


def make_member(app, *, member_of: int, **overrides) -> int:
    """A member of the cooperative ``member_of`` (an individual with a CCCD)."""
    return make_borrower(app, **{"kind": "cooperative_member", "name": "Nguyễn Thị Hoa", "commune": "xã Di Linh",
                                 "member_of": member_of, **overrides})


def make_group(app, name: str = "Gia đình ông K'Brơi") -> int:
    with _session(app) as session:
        return borrowers.create_group(session, name=f"{name} #{next(_numbers)}").id


def make_product(app, **overrides) -> int:
    """Equal principal (dư nợ giảm dần), monthly, 7%/year, 1–60 months, up to 2 bn đ, grace ≤ 6."""
    values = {"code": f"VON-NN-{next(_numbers)}", "name": "Cho vay sản xuất nông nghiệp", "annual_rate": Decimal("0.07"),
              "method": "equal_principal", "principal_every": 1, "interest_every": 1, "min_term_months": 1,
              "max_term_months": 60, "max_amount": 2_000_000_000, "max_grace_months": 6}
    values.update(overrides)
    with _session(app) as session:
        return products.create_product(session, created_by=None, **values).id


def make_application(app, *, borrower_id: int, product_id: int, amount: int = 600_000_000, term_months: int = 24,
                     grace_months: int = 0, total_investment: int | None = None, own_capital: int | None = None,
                     purpose: str = "Mua máy sấy cà phê và mở rộng nhà xưởng", created_by: int | None = None) -> int:
    """A draft application; the project costs twice the amount, half of it own capital, by default."""
    total_investment = amount * 2 if total_investment is None else total_investment
    own_capital = total_investment - amount if own_capital is None else own_capital
    with _session(app) as session:
        creator = session.get(User, created_by) if created_by else staff_user(session, "officer")
        return applications.create_application(
            session, viewer=creator, borrower_id=borrower_id, product_id=product_id, amount=amount,
            term_months=term_months, grace_months=grace_months, purpose=purpose,
            total_investment=total_investment, own_capital=own_capital).id


def submitted_application(app, **kwargs) -> int:
    application_id = make_application(app, **kwargs)
    with _session(app) as session:
        applications.submit(session, application_id, viewer=staff_user(session, "officer"),
                            today=business_today(app.config), settings=app.config)
    return application_id


def appraised_application(app, *, recommendation: str = "approve", collateral=(), appraised_by: int | None = None,
                          bad_debt_checked_on: date | None = date(2025, 6, 20), has_bad_debt: bool | None = False,
                          **kwargs) -> int:
    application_id = submitted_application(app, **kwargs)
    with _session(app) as session:
        appraiser = session.get(User, appraised_by) if appraised_by else staff_user(session, "officer", "appraiser")
        applications.appraise(session, application_id, viewer=appraiser, today=business_today(app.config),
                              recommendation=recommendation, bad_debt_checked_on=bad_debt_checked_on,
                              has_bad_debt=has_bad_debt, collateral=list(collateral),
                              notes="Phương án kinh doanh khả thi")
    return application_id


def approved_loan(app, *, decision_no: str | None = None, **kwargs) -> int:
    """An approved, undisbursed loan (status ``approved``); returns the loan id."""
    application_id = appraised_application(app, **kwargs)
    with _session(app) as session:
        loan = approval.approve(session, application_id, viewer=staff_user(session, "approver"),
                                today=business_today(app.config), settings=app.config,
                                decision_no=decision_no or f"{next(_numbers)}/QĐ-QHTX")
        return loan.id


def application_of_loan(app, loan_id: int) -> int:
    from fundapp.db.models import Loan

    with _session(app) as session:
        return session.get(Loan, loan_id).application_id


__all__ = ["PASSWORD", "Role", "staff_user", "fund_with_capital", "make_borrower", "make_member", "make_group",
           "make_product", "make_application", "submitted_application", "appraised_application", "approved_loan",
           "application_of_loan"]
