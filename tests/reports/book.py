"""A small loan book of a Lâm Đồng fund, run through end of day to the end of May 2025, for the
report tests. Months December 2024 – May 2025 are closed; June is open (today 15/06/2025).

- HĐ 1, HTX Nông nghiệp Tân Phú (xã Tân Phú, agriculture): 120 m, 12 months, 10/01/2025, never
  pays: overdue from 10/02, group 3 (bad debt) at the end of May;
- HĐ 2, HTX Dệt thổ cẩm Lang Biang (industry, land as collateral, a related group): 300 m,
  24 months, 15/01/2025, pays 20 m a month ahead of each instalment: group 1;
- HĐ 3, Nguyễn Thị Hoa, member of a cooperative (xã Di Linh): 80 m, 6 months, 20/01/2025, paid off
  on 10/03/2025 (a closed loan);
- HĐ 4, HTX Cà phê Đinh Văn (trade, same related group), 900 m, 72 months (long term), lent from
  the central fund's entrusted capital at its risk, 05/02/2025, pays 20 m a month;
- HĐ 5, HTX Rau an toàn Đơn Dương, 200 m, 12 months, 10/01/2025, pays February, misses March and
  is extended (gia hạn) from 20/03/2025 to 10/06/2026: at least group 3 after that (restructured);
- HĐ 6, HTX Thủy sản Mũi Né (fisheries), 100 m, 12 months, 12/01/2025, never pays, written off on
  30/04/2025 by the Risk Council, 5 m recovered on 15/05/2025 (written off).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from fundapp.db.models import Loan
from fundapp.domain.events import RestructureKind
from fundapp.jobs import end_of_day
from fundapp.services import restructuring, write_off
from fundapp.services.loans import state_of
from tests import builders
from tests.money_builders import capital, clock_at, disburse, pay, session_for

CLOSED_THROUGH = date(2025, 5, 31)
TODAY = date(2025, 6, 15)
ENTRUSTMENT = "Quỹ HTX Việt Nam - HĐ ủy thác 01/2024"


@dataclass
class Book:
    overdue: int
    on_time: int
    closed: int
    entrusted: int
    restructured: int
    written_off: int
    borrowers: dict


def _loan(app, *, approved_on: date, borrower: int, amount: int, term: int, product: dict | None = None,
          collateral=()) -> int:
    with clock_at(app, approved_on):
        product_id = builders.make_product(app, max_term_months=84, **(product or {}))
        return builders.approved_loan(app, borrower_id=borrower, product_id=product_id, amount=amount,
                                      term_months=term, collateral=collateral, bad_debt_checked_on=approved_on)


def eod(app, through: date, today: date):
    return end_of_day.run(app.extensions["fundapp.session_factory"], through=through, today=today, trigger="test",
                          settings=app.config)


def payoff(app, loan_id: int, day: date) -> None:
    with session_for(app) as session:
        amount = state_of(session, session.get(Loan, loan_id), as_of=day).balance.payoff_amount
    pay(app, loan_id, amount, day)


def staff(app, role: str) -> int:
    with session_for(app) as session:
        return builders.staff_user(session, role, "reports").id


def extend(app, loan_id: int, *, on: date, new_maturity: date) -> None:
    """Gia hạn nợ: requested by an officer, approved by an approver, the same day."""
    with session_for(app) as session:
        asked = restructuring.request_restructuring(
            session, loan_id=loan_id, kind=RestructureKind.EXTEND, effective_date=on, new_maturity=new_maturity,
            reason="Mất mùa do hạn hán", requested_by=staff(app, "officer"), today=on)
    with session_for(app) as session:
        restructuring.approve(session, asked["id"], decision_no="12/QĐ-QHTX", approved_by=staff(app, "approver"),
                              today=on)


def write_off_with_recovery(app, loan_id: int, *, on: date, recovered_on: date, through: date) -> None:
    with session_for(app) as session:
        write_off.write_off(session, loan_id=loan_id, decision_no="03/QĐ-HĐXLRR", decided_on=on,
                            reason="Bên vay mất khả năng trả nợ do thiên tai", recorded_by=staff(app, "approver"),
                            today=on)
    if recovered_on <= through:
        with session_for(app) as session:
            write_off.record_recovery(session, loan_id=loan_id, amount=5_000_000, value_date=recovered_on,
                                      reference="PT-0515", recorded_by=staff(app, "accountant"), today=recovered_on)


def build(app, *, through: date = CLOSED_THROUGH) -> Book:
    capital(app)
    with clock_at(app, date(2025, 1, 2)):
        group = builders.make_group(app, "Nhóm liên quan Lang Biang - Đinh Văn")
        tan_phu = builders.make_borrower(app, name="Hợp tác xã Nông nghiệp Tân Phú", commune="xã Tân Phú",
                                         district="huyện Đạ Huoai")
        lang_biang = builders.make_borrower(app, name="Hợp tác xã Dệt thổ cẩm Lang Biang",
                                            commune="phường Lang Biang - Đà Lạt", sector="industry_handicraft",
                                            related_group_id=group)
        dinh_van = builders.make_borrower(app, name="Hợp tác xã Cà phê Đinh Văn", commune="xã Đinh Văn Lâm Hà",
                                          sector="trade_services", related_group_id=group)
        coop = builders.make_borrower(app, name="Hợp tác xã Nông nghiệp Cà phê Di Linh")
        hoa = builders.make_member(app, member_of=coop, name="Nguyễn Thị Hoa")
        don_duong = builders.make_borrower(app, name="Hợp tác xã Rau an toàn Đơn Dương", commune="xã Đơn Dương")
        mui_ne = builders.make_borrower(app, name="Hợp tác xã Thủy sản Mũi Né", commune="phường Mũi Né",
                                        sector="fisheries")
    overdue = _loan(app, approved_on=date(2025, 1, 6), borrower=tan_phu, amount=120_000_000, term=12)
    on_time = _loan(app, approved_on=date(2025, 1, 8), borrower=lang_biang, amount=300_000_000, term=24,
                    collateral=[{"kind": "land_buildings", "description": "Quyền sử dụng đất 1.200 m² thôn Đăng Lèn",
                                 "value": 400_000_000}])
    closed = _loan(app, approved_on=date(2025, 1, 9), borrower=hoa, amount=80_000_000, term=6)
    entrusted = _loan(app, approved_on=date(2025, 1, 20), borrower=dinh_van, amount=900_000_000, term=72)
    restructured = _loan(app, approved_on=date(2025, 1, 7), borrower=don_duong, amount=200_000_000, term=12)
    written_off = _loan(app, approved_on=date(2025, 1, 7), borrower=mui_ne, amount=100_000_000, term=12)
    with session_for(app) as session:
        loan = session.get(Loan, entrusted)
        loan.capital_source, loan.fund_bears_risk = ENTRUSTMENT, False
    disburse(app, overdue, 120_000_000, date(2025, 1, 10))
    disburse(app, on_time, 300_000_000, date(2025, 1, 15))
    disburse(app, closed, 80_000_000, date(2025, 1, 20))
    disburse(app, entrusted, 900_000_000, date(2025, 2, 5))
    disburse(app, restructured, 200_000_000, date(2025, 1, 10))
    disburse(app, written_off, 100_000_000, date(2025, 1, 12))
    payments = [(date(2025, 2, 14), on_time, 20_000_000), (date(2025, 3, 5), entrusted, 20_000_000),
                (date(2025, 3, 14), on_time, 20_000_000), (date(2025, 4, 5), entrusted, 20_000_000),
                (date(2025, 4, 14), on_time, 20_000_000), (date(2025, 5, 5), entrusted, 20_000_000),
                (date(2025, 5, 14), on_time, 20_000_000)]
    for day, loan_id, amount in payments:
        if day <= through:
            pay(app, loan_id, amount, day)
    payoff(app, closed, date(2025, 3, 10))
    pay(app, restructured, 18_000_000, date(2025, 2, 10))
    if through >= date(2025, 3, 20):
        extend(app, restructured, on=date(2025, 3, 20), new_maturity=date(2026, 6, 10))
    if through >= date(2025, 4, 30):
        write_off_with_recovery(app, written_off, on=date(2025, 4, 30), recovered_on=date(2025, 5, 15),
                                through=through)
    assert eod(app, through, through + timedelta(days=1)).status == "succeeded"
    app.config["FUNDAPP_TODAY"] = TODAY.isoformat()
    return Book(overdue, on_time, closed, entrusted, restructured, written_off, {"tan_phu": tan_phu, "lang_biang": lang_biang,
                                                      "dinh_van": dinh_van, "hoa": hoa, "mui_ne": mui_ne})
