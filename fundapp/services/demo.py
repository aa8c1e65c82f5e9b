"""A realistic demo fund: 20 bn đ of charter capital from two decisions, one user per role (and a
second officer who appraises), a cooperative's portal login, and the lending side
(``demo_lending``): borrowers, products, holidays and applications at every stage.

Loaded once: each part is skipped when it is there already, so a second call changes nothing.
"""
from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import User
from ..domain.fund import CapitalSource
from . import demo_lending, fund, users

STAFF_LOGINS = [
    ("admin@quyhtx.vn", "admin-demo-2025", "admin"),
    ("canbo@quyhtx.vn", "officer-demo-2025", "officer"),
    ("giamdoc@quyhtx.vn", "approver-demo-2025", "approver"),
    ("ketoan@quyhtx.vn", "accountant-demo-2025", "accountant"),
    ("kiemsoat@quyhtx.vn", "auditor-demo-2025", "auditor"),
    ("thamdinh@quyhtx.vn", "appraiser-demo-2025", "officer"),
]
LOGINS = STAFF_LOGINS + [demo_lending.PORTAL]
NAMES = {
    "admin@quyhtx.vn": "Quản trị hệ thống", "canbo@quyhtx.vn": "Nguyễn Văn An (cán bộ tín dụng)",
    "giamdoc@quyhtx.vn": "Trần Thị Bình (Giám đốc)", "ketoan@quyhtx.vn": "Lê Thị Cúc (kế toán)",
    "kiemsoat@quyhtx.vn": "Phạm Văn Dũng (kiểm soát viên)", "thamdinh@quyhtx.vn": "Hoàng Thị Duyên (cán bộ thẩm định)",
}


def load(session: Session, *, today: date, settings=None) -> list[tuple[str, str, str]] | None:
    """Create what is missing of the demo fund; return its logins, or None when nothing was missing.

    ``settings``: the app's settings (default: those of the running app, else of ``config``)."""
    changed = False
    if not session.scalar(select(User.id).where(User.email == STAFF_LOGINS[0][0])):
        _fund_and_staff(session, today=today)
        changed = True
    if not demo_lending.loaded(session):
        staff = {email: session.scalar(select(User).where(User.email == email)) for email, _, _ in STAFF_LOGINS}
        if None in staff.values():
            return None  # a partial, hand-made set of users: leave it alone
        by_role = {"admin": staff["admin@quyhtx.vn"], "officer": staff["canbo@quyhtx.vn"],
                   "approver": staff["giamdoc@quyhtx.vn"], "appraiser": staff["thamdinh@quyhtx.vn"],
                   "accountant": staff["ketoan@quyhtx.vn"]}
        demo_lending.load(session, today=today, staff=by_role, settings=settings or _settings())
        changed = True
    return list(LOGINS) if changed else None


def _fund_and_staff(session: Session, *, today: date) -> None:
    created = {email: users.create_user(session, email=email, role=role, password=password, full_name=NAMES[email])
               for email, password, role in STAFF_LOGINS
               if not session.scalar(select(User.id).where(User.email == email))}
    start = today - relativedelta(years=2)
    accountant = created["ketoan@quyhtx.vn"].id
    fund.record_contribution(session, amount=12_000_000_000, value_date=start, decision_no="1234/QĐ-UBND",
                             source=CapitalSource.PROVINCIAL_BUDGET, recorded_by=accountant, today=today,
                             note="Vốn điều lệ ban đầu do ngân sách tỉnh cấp")
    fund.record_contribution(session, amount=8_000_000_000, value_date=start + relativedelta(months=6),
                             decision_no="567/QĐ-UBND", source=CapitalSource.PROVINCIAL_BUDGET,
                             recorded_by=accountant, today=today, note="Bổ sung vốn điều lệ")


def _settings():
    try:
        from flask import current_app

        return current_app.config
    except RuntimeError:  # no app: the defaults of the settings module
        import config

        return config.load()
