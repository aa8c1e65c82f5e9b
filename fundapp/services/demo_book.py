"""The demo fund's loan book in motion: loans disbursed months ago and repaid since — most on
time, one a fortnight late each month, one that stopped paying — so that balances, debt groups,
notices, the dashboard and the monthly report have something real to show."""
from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from ..db.models import User
from ..domain.provisioning import CollateralKind
from . import applications, approval, disbursements, loans, repayments

# (borrower index, product index, amount, term, purpose, months ago, how it pays)
BOOK = [
    (1, 0, 600_000_000, 24, "Nhà lưới trồng rau hoa công nghệ cao", 14, "on_time"),
    (3, 0, 450_000_000, 36, "Cải tạo nương chè và xưởng sao chè", 12, "on_time"),
    (4, 2, 300_000_000, 24, "Máy ươm tơ tự động", 11, "late"),
    (6, 0, 250_000_000, 24, "Khung dệt và nguyên liệu thổ cẩm", 10, "stopped"),
    (8, 0, 700_000_000, 36, "Hệ thống tưới nhỏ giọt cho 40 ha cà phê", 9, "on_time"),
    (12, 1, 400_000_000, 12, "Thu mua mắc ca vụ 2025", 8, "on_time"),
    (15, 0, 350_000_000, 24, "Mua 2 xe tải nhẹ chở nông sản", 7, "late"),
    (17, 0, 500_000_000, 36, "Kho lạnh bảo quản hải sản", 6, "on_time"),
]


def _owed_on(session: Session, loan, day: date) -> int:
    """What falls due and is owed on a day: the instalment plus anything overdue."""
    balance = loans.state_of(session, loan, as_of=day).balance
    return (balance.principal_overdue + balance.interest_overdue + balance.penalty_interest + balance.late_interest
            + balance.principal_due_today + balance.interest_due_today)


def load(session: Session, *, today: date, staff: dict[str, User], coops: list[int], plans: list[int],
         settings) -> None:
    officer, appraiser, approver = staff["officer"], staff["appraiser"], staff["approver"]
    accountant = staff["accountant"]
    for index, plan, amount, term, purpose, months_ago, habit in BOOK:
        approved_on = today - relativedelta(months=months_ago)
        application = applications.create_application(
            session, viewer=officer, borrower_id=coops[index], product_id=plans[plan], amount=amount,
            term_months=term, grace_months=0, purpose=purpose, total_investment=amount * 2, own_capital=amount)
        applications.submit(session, application.id, viewer=officer, today=approved_on - timedelta(days=10),
                            settings=settings)
        applications.appraise(
            session, application.id, viewer=appraiser, today=approved_on - timedelta(days=5), recommendation="approve",
            bad_debt_checked_on=approved_on - timedelta(days=6), has_bad_debt=False, notes="Đã thẩm định thực địa",
            collateral=[{"kind": CollateralKind.LAND_BUILDINGS, "value": amount * 3 // 2,
                         "description": "Quyền sử dụng đất sản xuất và nhà xưởng"}])
        loan = approval.approve(session, application.id, viewer=approver, today=approved_on, settings=settings,
                                decision_no=f"{index + 100}/QĐ-QHTX", notes="Đồng ý cho vay")
        disbursed_on = approved_on + timedelta(days=3)
        disbursements.disburse(session, loan_id=loan.id, amount=amount, value_date=disbursed_on,
                               reference=f"UNC-{loan.id:04d}", recorded_by=accountant.id, today=disbursed_on,
                               settings=settings)
        due_dates = [row.due_date for row in loans.stored_plan(session, loan) if row.due_date < today]
        if habit == "stopped":
            due_dates = due_dates[: max(len(due_dates) - 4, 0)]
        for due in due_dates:
            day = due + timedelta(days=14) if habit == "late" else due
            if day >= today:
                break
            owed = _owed_on(session, loan, day)
            if owed > 0:
                repayments.record_repayment(session, loan_id=loan.id, amount=owed, value_date=day,
                                            reference=f"PT-{loan.id:04d}-{due:%m%y}", recorded_by=accountant.id,
                                            today=day)
