"""The demo fund loads once, with applications at every stage, and a second load changes nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from fundapp.clock import today
from fundapp.db.models import (ApplicationStatus, Borrower, Holiday, Loan, LoanApplication, LoanEvent, LoanProduct,
                               LoanStatus, User)
from fundapp.db.session import transaction
from fundapp.services import demo, ledger


def test_the_demo_loads_borrowers_products_holidays_and_every_stage_and_a_second_load_changes_nothing(
        app, row_counts):
    factory = app.extensions["fundapp.session_factory"]
    with app.app_context(), transaction(factory) as session:
        logins = demo.load(session, today=today(app.config))
    assert {role for _, _, role in logins} == {"admin", "officer", "approver", "accountant", "auditor", "borrower"}
    first = row_counts()

    with app.app_context(), transaction(factory) as session:
        assert demo.load(session, today=today(app.config)) is None
    assert row_counts() == first

    with factory() as session:
        assert 28 <= session.scalar(select(func.count()).select_from(Borrower)) <= 32
        assert session.scalar(select(func.count()).select_from(LoanProduct)) == 3
        assert session.scalar(select(func.count()).select_from(Holiday)) >= 10
        stages = set(session.scalars(select(LoanApplication.status)))
        assert stages == set(ApplicationStatus)
        portal = session.scalar(select(User).where(User.role == "borrower"))
        assert session.get(Borrower, portal.borrower_id).name == "Hợp tác xã Nông nghiệp Cà phê Di Linh"
        assert ledger.verify(session) == []
        # The book in motion: eight loans disbursed months ago, repaid since (one stopped paying).
        active = session.scalars(select(Loan).where(Loan.status == LoanStatus.ACTIVE)).all()
        assert len(active) == 8
        assert all(loan.disbursed_amount == loan.amount for loan in active)
        assert session.scalar(select(func.count()).select_from(LoanEvent).where(LoanEvent.kind == "repayment")) > 40


def test_the_demo_logins_work_and_the_portal_sees_its_own_cooperative_only(app):
    factory = app.extensions["fundapp.session_factory"]
    with app.app_context(), transaction(factory) as session:
        demo.load(session, today=today(app.config))
    client = app.test_client()
    email, password, _ = demo.LOGINS[-1]
    token = client.post("/api/v1/auth/token", json={"email": email, "password": password}).json["access_token"]
    mine = client.get("/api/v1/borrowers", headers={"Authorization": f"Bearer {token}"}).json
    assert mine["total"] == 1 and mine["items"][0]["commune"] == "xã Di Linh"
    applications = client.get("/api/v1/loan-applications", headers={"Authorization": f"Bearer {token}"}).json
    assert applications["total"] == 2  # the approved loan and the portal's own draft
