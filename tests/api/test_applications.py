"""The application pipeline through the API: draft → submitted → appraised → approved | rejected,
or withdrawn; every transition recorded with who and when; the audit trail of one application."""
from __future__ import annotations

from sqlalchemy import select

from fundapp.db.models import ApplicationEvent, AuditRecord, Collateral, Loan
from tests.builders import (appraised_application, fund_with_capital, make_application, make_borrower, make_product,
                            submitted_application)

API = "/api/v1/loan-applications"


def application_body(borrower_id, product_id, **overrides):
    return {"borrower_id": borrower_id, "product_id": product_id, "amount": 500_000_000, "term_months": 24,
            "grace_months": 3, "purpose": "Đầu tư hệ thống tưới nhỏ giọt cho 20 ha cà phê",
            "total_investment": 800_000_000, "own_capital": 300_000_000, **overrides}


def appraisal_body(**overrides):
    return {"recommendation": "approve", "amount": 450_000_000, "term_months": 24, "grace_months": 3,
            "bad_debt_checked_on": "2025-06-25", "has_bad_debt": False,
            "collateral": [{"kind": "land_buildings", "description": "Quyền sử dụng đất 2.000 m² tại xã Di Linh",
                            "value": 900_000_000}],
            "notes": "Phương án khả thi, dòng tiền từ vụ cà phê 2025–2026", **overrides}


def test_one_application_goes_from_draft_to_an_approved_loan_with_every_step_recorded(app, officer, as_role, approver):
    fund_with_capital(app, 7_500_000_000)
    coop, product = make_borrower(app), make_product(app)
    appraiser = as_role("officer", "tham-dinh")

    created = officer.post(API, json=application_body(coop, product))
    assert created.status_code == 201, created.json
    application_id = created.json["id"]
    assert created.json["status"] == "draft" and created.json["created_by"] == officer.user_id

    assert officer.patch(f"{API}/{application_id}", json={"purpose": "Tưới nhỏ giọt 20 ha"}).status_code == 200
    submitted = officer.post(f"{API}/{application_id}/submit")
    assert submitted.status_code == 200 and submitted.json["status"] == "submitted", submitted.json
    appraised = appraiser.post(f"{API}/{application_id}/appraise", json=appraisal_body())
    assert appraised.status_code == 200 and appraised.json["status"] == "appraised", appraised.json
    assert appraised.json["appraised_amount"] == 450_000_000 and len(appraised.json["collateral"]) == 1

    approved = approver.post(f"{API}/{application_id}/approve", json={"decision_no": "15/QĐ-QHTX", "notes": "Đồng ý"})
    assert approved.status_code == 201, approved.json
    assert approved.json["status"] == "approved" and approved.json["contract_no"] == "HĐ-2025-0001"
    assert approved.json["amount"] == 450_000_000 and approved.json["annual_rate"] == "0.07"

    detail = officer.get(f"{API}/{application_id}").json
    assert detail["status"] == "approved" and detail["loan_id"] == approved.json["loan_id"]
    steps = [(e["from_status"], e["to_status"], e["by"]) for e in detail["events"]]
    assert steps == [(None, "draft", officer.email), ("draft", "submitted", officer.email),
                     ("submitted", "appraised", appraiser.email), ("appraised", "approved", approver.email)]
    assert "15/QĐ-QHTX" in detail["events"][-1]["note"]

    with app.extensions["fundapp.session_factory"]() as session:
        audit = session.scalars(select(AuditRecord).where(AuditRecord.table_name == "loan_applications",
                                                          AuditRecord.row_id == str(application_id))
                                .order_by(AuditRecord.id)).all()
        loan = session.scalar(select(Loan).where(Loan.application_id == application_id))
        collateral = session.scalars(select(Collateral).where(Collateral.application_id == application_id)).all()
        events = session.scalars(select(ApplicationEvent).where(ApplicationEvent.application_id == application_id)).all()
    assert [(a.action, a.actor) for a in audit][0] == ("insert", officer.email)
    assert [(a.before or {}).get("status") for a in audit] == [None, "draft", "draft", "submitted", "appraised"]
    assert [a.after["status"] for a in audit] == ["draft", "draft", "submitted", "appraised", "approved"]
    assert audit[1].before["purpose"] != audit[1].after["purpose"] == "Tưới nhỏ giọt 20 ha"
    assert {a.actor for a in audit} == {officer.email, appraiser.email, approver.email}
    approval_row = next(a for a in audit if a.actor == approver.email)
    assert approval_row.before["status"] == "appraised" and approval_row.after["status"] == "approved"
    assert approval_row.after["decided_by"] == approver.user_id and approval_row.channel == "api"
    assert len(events) == 4 and all(e.at is not None for e in events)
    assert loan.status.value == "approved" and loan.amount == 450_000_000 and loan.grace_months == 3
    assert loan.approved_by == approver.user_id and loan.decision_no == "15/QĐ-QHTX"
    assert str(loan.approved_on) == "2025-06-30" and loan.has_bad_debt is False
    assert [c.loan_id for c in collateral] == [loan.id]


def test_contract_numbers_count_up_within_the_year(app, approver):
    fund_with_capital(app, 20_000_000_000)
    product = make_product(app)
    numbers = []
    for name in ("Hợp tác xã Rau an toàn Đà Lạt", "Hợp tác xã Chè Bảo Lộc"):
        application_id = appraised_application(app, borrower_id=make_borrower(app, name=name), product_id=product)
        numbers.append(approver.post(f"{API}/{application_id}/approve", json={"decision_no": "1/QĐ"}).json["contract_no"])
    assert numbers == ["HĐ-2025-0001", "HĐ-2025-0002"]


def test_approving_a_rejected_application_is_a_state_conflict(app, approver, row_counts):
    fund_with_capital(app)
    application_id = appraised_application(app, borrower_id=make_borrower(app), product_id=make_product(app),
                                           recommendation="reject")
    rejected = approver.post(f"{API}/{application_id}/reject", json={"reason": "Phương án không khả thi"})
    assert rejected.status_code == 200 and rejected.json["status"] == "rejected"
    before = row_counts()
    response = approver.post(f"{API}/{application_id}/approve", json={"decision_no": "2/QĐ"})
    assert response.status_code == 409 and response.content_type == "application/problem+json"
    assert response.json["rule"] == "state_conflict" and response.json["figures"]["status"] == "rejected"
    assert row_counts() == before


def test_each_action_in_the_wrong_state_is_409(app, officer, approver):
    fund_with_capital(app)
    draft = make_application(app, borrower_id=make_borrower(app), product_id=make_product(app))
    assert officer.post(f"{API}/{draft}/appraise", json=appraisal_body()).status_code == 409
    assert approver.post(f"{API}/{draft}/approve", json={"decision_no": "3/QĐ"}).status_code == 409
    assert approver.post(f"{API}/{draft}/reject", json={"reason": "x"}).status_code == 409
    assert officer.post(f"{API}/{draft}/submit").status_code == 200
    assert officer.post(f"{API}/{draft}/submit").status_code == 409
    assert officer.patch(f"{API}/{draft}", json={"amount": 1_000_000}).status_code == 409


def test_an_application_can_be_withdrawn_before_a_decision_but_not_after(app, officer, approver):
    fund_with_capital(app)
    coop, product = make_borrower(app), make_product(app)
    pending = submitted_application(app, borrower_id=coop, product_id=product)
    withdrawn = officer.post(f"{API}/{pending}/withdraw", json={"reason": "HTX tự thu xếp được vốn"})
    assert withdrawn.status_code == 200 and withdrawn.json["status"] == "withdrawn"
    assert withdrawn.json["events"][-1]["note"] == "HTX tự thu xếp được vốn"
    assert officer.post(f"{API}/{pending}/withdraw").status_code == 409

    decided = appraised_application(app, borrower_id=coop, product_id=product)
    assert approver.post(f"{API}/{decided}/approve", json={"decision_no": "4/QĐ"}).status_code == 201
    assert officer.post(f"{API}/{decided}/withdraw").status_code == 409


def test_applications_are_listed_and_filtered_by_status_and_borrower(app, auditor):
    fund_with_capital(app)
    product = make_product(app)
    coop, other = make_borrower(app), make_borrower(app, name="Hợp tác xã Dâu tằm Lâm Hà", commune="xã Nam Ban")
    make_application(app, borrower_id=coop, product_id=product)
    submitted = submitted_application(app, borrower_id=coop, product_id=product)
    make_application(app, borrower_id=other, product_id=product)

    assert auditor.get(API).json["total"] == 3
    by_status = auditor.get(API, query_string={"status": "submitted"}).json
    assert [a["id"] for a in by_status["items"]] == [submitted]
    assert auditor.get(API, query_string={"borrower_id": coop}).json["total"] == 2
    page = auditor.get(API, query_string={"per_page": 2, "page": 2}).json
    assert page["total"] == 3 and len(page["items"]) == 1


def test_an_application_shows_its_schedule_as_if_disbursed_today(app, officer):
    fund_with_capital(app)
    application_id = make_application(app, borrower_id=make_borrower(app), product_id=make_product(app),
                                      amount=120_000_000, term_months=12)
    schedule = officer.get(f"{API}/{application_id}/schedule").json
    assert schedule["disbursed_on"] == "2025-06-30" and len(schedule["installments"]) == 12
    assert schedule["total_principal"] == 120_000_000
    assert schedule["installments"][0]["due_date"] == "2025-07-30"
    assert schedule["installments"][0]["interest"] == 690_411  # 120 m × 7% × 30 / 365


def test_the_eligibility_view_lists_every_condition_with_its_figures(app, officer):
    fund_with_capital(app, 7_500_000_000)
    application_id = make_application(app, borrower_id=make_borrower(app), product_id=make_product(app))
    view = officer.get(f"{API}/{application_id}/eligibility").json
    assert view["stage"] == "submission" and view["eligible"] is True
    single = next(r for r in view["rules"] if r["rule"] == "single_customer_limit")
    assert single["figures"]["limit"] == 1_125_000_000 and single["figures"]["exposure"] == 600_000_000
