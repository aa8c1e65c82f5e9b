"""A realistic demo fund: 20 bn đ of charter capital from two decisions and one user per role.

Loaded once: a second call finds the demo admin and changes nothing.
"""
from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import User
from ..domain.fund import CapitalSource
from . import fund, users

LOGINS = [
    ("admin@quyhtx.vn", "admin-demo-2025", "admin"),
    ("canbo@quyhtx.vn", "officer-demo-2025", "officer"),
    ("giamdoc@quyhtx.vn", "approver-demo-2025", "approver"),
    ("ketoan@quyhtx.vn", "accountant-demo-2025", "accountant"),
    ("kiemsoat@quyhtx.vn", "auditor-demo-2025", "auditor"),
]
NAMES = {
    "admin": "Quản trị hệ thống", "officer": "Nguyễn Văn An (cán bộ tín dụng)",
    "approver": "Trần Thị Bình (Giám đốc)", "accountant": "Lê Thị Cúc (kế toán)", "auditor": "Phạm Văn Dũng (kiểm soát viên)",
}


def load(session: Session, *, today: date) -> list[tuple[str, str, str]] | None:
    """Create the demo fund; return its logins, or None when it is there already."""
    if session.scalar(select(User.id).where(User.email == LOGINS[0][0])):
        return None
    created = {role: users.create_user(session, email=email, role=role, password=password, full_name=NAMES[role])
               for email, password, role in LOGINS}
    start = today - relativedelta(years=2)
    accountant = created["accountant"].id
    fund.record_contribution(session, amount=12_000_000_000, value_date=start, decision_no="1234/QĐ-UBND",
                             source=CapitalSource.PROVINCIAL_BUDGET, recorded_by=accountant, today=today,
                             note="Vốn điều lệ ban đầu do ngân sách tỉnh cấp")
    fund.record_contribution(session, amount=8_000_000_000, value_date=start + relativedelta(months=6),
                             decision_no="567/QĐ-UBND", source=CapitalSource.PROVINCIAL_BUDGET,
                             recorded_by=accountant, today=today, note="Bổ sung vốn điều lệ")
    return list(LOGINS)
