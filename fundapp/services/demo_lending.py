"""The demo fund's lending side: ~30 borrowers in communes of Lâm Đồng province as it is since
1 July 2025 (Lâm Đồng, Đắk Nông and Bình Thuận merged; districts abolished, the former one kept as
history), three products, the year's holidays, and applications at every stage.

Commune names follow Resolution 1671/NQ-UBTVQH15 on Lâm Đồng's communes (2025).
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from ..db.models import Borrower, User
from ..domain.provisioning import CollateralKind
from . import applications, approval, borrowers, demo_book, holidays, products

# (name, commune, former district, sector, members) — cooperatives (HTX) and one union.
COOPERATIVES = [
    ("Hợp tác xã Nông nghiệp Cà phê Di Linh", "xã Di Linh", "huyện Di Linh", "agriculture", 126),
    ("Hợp tác xã Rau hoa công nghệ cao Lạc Dương", "xã Lạc Dương", "huyện Lạc Dương", "agriculture", 48),
    ("Hợp tác xã Dịch vụ Nông nghiệp Đức Trọng", "xã Đức Trọng", "huyện Đức Trọng", "agriculture", 73),
    ("Hợp tác xã Chè Bảo Lộc", "phường 1 Bảo Lộc", "thành phố Bảo Lộc", "agriculture", 35),
    ("Hợp tác xã Dâu tằm tơ B'Lao", "phường B'Lao", "thành phố Bảo Lộc", "industry_handicraft", 29),
    ("Hợp tác xã Hoa Vạn Thành", "phường Lâm Viên - Đà Lạt", "thành phố Đà Lạt", "agriculture", 41),
    ("Hợp tác xã Dệt thổ cẩm Lang Biang", "phường Lang Biang - Đà Lạt", "huyện Lạc Dương", "industry_handicraft", 22),
    ("Hợp tác xã Cà phê Đinh Văn", "xã Đinh Văn Lâm Hà", "huyện Lâm Hà", "agriculture", 64),
    ("Hợp tác xã Nông nghiệp Nam Ban", "xã Nam Ban Lâm Hà", "huyện Lâm Hà", "agriculture", 57),
    ("Hợp tác xã Rau an toàn Đơn Dương", "xã Đơn Dương", "huyện Đơn Dương", "agriculture", 83),
    ("Hợp tác xã Bò sữa Hiệp Thạnh", "xã Hiệp Thạnh", "huyện Đức Trọng", "agriculture", 31),
    ("Hợp tác xã Hồ tiêu Đắk Mil", "xã Đắk Mil", "huyện Đắk Mil", "agriculture", 92),
    ("Hợp tác xã Mắc ca Tuy Đức", "xã Tuy Đức", "huyện Tuy Đức", "forestry", 38),
    ("Hợp tác xã Sầu riêng Cư Jút", "xã Cư Jút", "huyện Cư Jút", "agriculture", 45),
    ("Hợp tác xã Dịch vụ Vận tải Gia Nghĩa", "phường Gia Nghĩa", "thành phố Gia Nghĩa", "transport", 19),
    ("Hợp tác xã Thương mại Dịch vụ Bắc Gia Nghĩa", "phường Bắc Gia Nghĩa", "thành phố Gia Nghĩa", "trade_services", 27),
    ("Hợp tác xã Thủy sản Mũi Né", "phường Mũi Né", "thành phố Phan Thiết", "fisheries", 52),
    ("Hợp tác xã Xây dựng Bảo Thuận", "xã Bảo Thuận", "huyện Di Linh", "construction", 16),
]
UNION = ("Liên hiệp Hợp tác xã Nông nghiệp Lâm Đồng", "phường Xuân Hương - Đà Lạt", "thành phố Đà Lạt", "other", 7)
# (name, date of birth, index of the cooperative) — members with a CCCD.
MEMBERS = [
    ("K'Brơi", date(1982, 4, 17), 0), ("Nguyễn Thị Hoa", date(1990, 11, 2), 0), ("Ka Huê", date(1995, 1, 23), 0),
    ("Trần Văn Đức", date(1978, 8, 9), 2), ("Lê Thị Thu Hà", date(1987, 6, 30), 3),
    ("Phạm Minh Tuấn", date(1993, 2, 14), 7), ("Y Bhăm Niê", date(1985, 9, 1), 11),
    ("Hoàng Văn Long", date(1975, 12, 12), 12),
]
GROUP_MEMBERS = [("Đặng Thị Lan", date(1989, 3, 8), "Tổ hợp tác trồng dâu nuôi tằm thôn 3, xã Đinh Văn Lâm Hà"),
                 ("Vũ Văn Sơn", date(1980, 7, 19), "Tổ hợp tác rau an toàn thôn Lạc Xuân, xã Đơn Dương")]
PRODUCTS = [
    dict(code="SXNN-DNGD", name="Cho vay sản xuất nông nghiệp (dư nợ giảm dần, trả hằng tháng)",
         annual_rate=Decimal("0.07"), method="equal_principal", principal_every=1, interest_every=1, min_term_months=6,
         max_term_months=60, max_amount=1_500_000_000, max_grace_months=6),
    dict(code="THOIVU-CAPHE", name="Cho vay thời vụ cà phê (lãi hằng tháng, gốc cuối kỳ)", annual_rate=Decimal("0.065"),
         method="equal_principal", principal_every=0, interest_every=1, min_term_months=6, max_term_months=12,
         max_amount=800_000_000),
    dict(code="TRAGOP-MAYMOC", name="Cho vay mua máy móc thiết bị (trả góp đều hằng tháng)",
         annual_rate=Decimal("0.075"), method="annuity", principal_every=1, interest_every=1, min_term_months=12,
         max_term_months=48, max_amount=1_000_000_000, max_grace_months=3),
]
LEADERS = ["Nguyễn Văn Sáu", "Trần Thị Mỹ", "K'Điểu", "Lê Văn Thành", "Phạm Thị Hồng", "Ha Sol", "Bùi Quang Vinh",
           "Đỗ Thị Hạnh", "Y Kông", "Võ Văn Tám"]
MARKER = "5800100001"  # the first demo cooperative's registration number
PORTAL = ("htx.caphedilinh@quyhtx.vn", "borrower-demo-2025", "borrower")


def loaded(session: Session) -> bool:
    from sqlalchemy import select

    return session.scalar(select(Borrower.id).where(Borrower.registration_no == MARKER)) is not None


def load(session: Session, *, today: date, staff: dict[str, User], settings) -> None:
    """``staff``: the demo users by role, plus ``appraiser`` (a second officer); ``settings``: the
    app's settings (limits, contract number format) the approvals follow."""
    coops, people = _borrowers(session, today=today)
    for year in (today.year, today.year + 1):
        holidays.fill_year(session, year=year)
    plans = [products.create_product(session, created_by=staff["admin"].id, **values).id for values in PRODUCTS]
    users_portal = _portal(session, coops[0])
    _applications(session, today=today, staff=staff, coops=coops, people=people, plans=plans, portal=users_portal,
                  settings=settings)
    demo_book.load(session, today=today, staff=staff, coops=coops, plans=plans, settings=settings)


def _borrowers(session: Session, *, today: date) -> tuple[list[int], list[int]]:
    group = borrowers.create_group(session, name="Gia đình ông Nguyễn Văn Sáu (Đức Trọng)",
                                   note="Chủ nhiệm HTX Dịch vụ Nông nghiệp Đức Trọng và HTX Bò sữa Hiệp Thạnh")
    coops = []
    for n, (name, commune, district, sector, members) in enumerate(COOPERATIVES + [UNION], start=1):
        kind = "cooperative_union" if (name, commune, district, sector, members) == UNION else "cooperative"
        coops.append(borrowers.create_borrower(
            session, today=today, kind=kind, name=name, commune=commune, district=district, sector=sector,
            registration_no=f"58001{n:05d}", tax_code=f"58001{n:05d}", member_count=members,
            legal_representative=LEADERS[n % len(LEADERS)], founded_on=date(2008 + n % 12, 1 + n % 12, 10),
            address=f"Thôn {n}, {commune}, tỉnh Lâm Đồng", phone=f"0263 38{n:02d} 1{n:02d}",
            related_group_id=group.id if n in (3, 11) else None).id)
    people = []
    for n, (name, born, coop) in enumerate(MEMBERS, start=1):
        parent = session.get(Borrower, coops[coop])
        people.append(borrowers.create_borrower(
            session, today=today, kind="cooperative_member", name=name, commune=parent.commune, district=parent.district,
            sector=parent.sector, citizen_id=f"068{born.year % 100:02d}{n:07d}", date_of_birth=born,
            member_of=parent.id).id)
    for n, (name, born, group_name) in enumerate(GROUP_MEMBERS, start=len(MEMBERS) + 1):
        commune = group_name.rsplit("xã ", 1)[-1]
        people.append(borrowers.create_borrower(
            session, today=today, kind="group_member", name=name, commune=f"xã {commune}", sector="agriculture",
            citizen_id=f"068{born.year % 100:02d}{n:07d}", date_of_birth=born, group_name=group_name).id)
    return coops, people


def _portal(session: Session, borrower_id: int) -> User:
    from . import users

    email, password, role = PORTAL
    return users.create_user(session, email=email, role=role, password=password, borrower_id=borrower_id,
                             full_name="Cổng HTX Nông nghiệp Cà phê Di Linh")


def _applications(session: Session, *, today: date, staff: dict[str, User], coops: list[int], people: list[int],
                  plans: list[int], portal: User, settings) -> None:
    officer, appraiser, approver = staff["officer"], staff["appraiser"], staff["approver"]

    def draft(borrower, plan, amount, term, purpose, *, by=officer, grace=0):
        return applications.create_application(
            session, viewer=by, borrower_id=borrower, product_id=plan, amount=amount, term_months=term,
            grace_months=grace, purpose=purpose, total_investment=amount * 2, own_capital=amount).id

    def appraised(borrower, plan, amount, term, purpose, *, days_ago, recommend="approve", collateral=None, grace=0):
        application_id = draft(borrower, plan, amount, term, purpose, grace=grace)
        on = today - timedelta(days=days_ago)
        applications.submit(session, application_id, viewer=officer, today=on, settings=settings)
        applications.appraise(
            session, application_id, viewer=appraiser, today=on, recommendation=recommend,
            bad_debt_checked_on=on - timedelta(days=2), has_bad_debt=False, notes="Đã thẩm định thực địa",
            collateral=collateral or [{"kind": CollateralKind.LAND_BUILDINGS, "value": amount * 2,
                                       "description": "Quyền sử dụng đất nông nghiệp và nhà kho"}])
        return application_id

    # approved: four loans, waiting for disbursement
    for borrower, plan, amount, term, purpose, days in (
            (coops[0], plans[0], 1_200_000_000, 36, "Đầu tư dây chuyền sơ chế, sấy cà phê", 40),
            (coops[2], plans[2], 650_000_000, 36, "Mua máy cày và hệ thống tưới phun", 25),
            (people[0], plans[1], 80_000_000, 12, "Chăm sóc vườn cà phê vụ 2025–2026", 10),
            (coops[11], plans[0], 900_000_000, 48, "Xây nhà sơ chế hồ tiêu đạt chuẩn", 3)):
        application_id = appraised(borrower, plan, amount, term, purpose, days_ago=days)
        approval.approve(session, application_id, viewer=approver, today=today - timedelta(days=days - 1),
                         settings=settings, decision_no=f"{days}/QĐ-QHTX", notes="Đồng ý cho vay")
    # appraised, waiting for a decision
    appraised(coops[5], plans[0], 700_000_000, 24, "Nhà kính trồng hoa cắt cành", days_ago=2, grace=3)
    appraised(people[3], plans[1], 60_000_000, 10, "Mua phân bón vụ mùa", days_ago=1,
              collateral=[{"kind": CollateralKind.MACHINERY_VEHICLES, "value": 90_000_000,
                           "description": "Xe tải nhẹ 1,5 tấn"}])
    # rejected
    rejected = appraised(coops[14], plans[2], 950_000_000, 48, "Mua thêm 3 xe tải", days_ago=15, recommend="reject")
    applications.reject(session, rejected, viewer=approver, reason="Phương án vận tải chưa chứng minh được dòng tiền")
    # submitted
    for borrower, plan, amount, term, purpose in (
            (coops[7], plans[0], 500_000_000, 24, "Tái canh 15 ha cà phê"),
            (coops[16], plans[2], 400_000_000, 24, "Mua máy nén khí và kho lạnh bảo quản hải sản")):
        application_id = draft(borrower, plan, amount, term, purpose)
        applications.submit(session, application_id, viewer=officer, today=today, settings=settings)
    # withdrawn
    withdrawn = draft(coops[9], plans[0], 300_000_000, 12, "Mua giống rau")
    applications.withdraw(session, withdrawn, viewer=officer, reason="HTX đã thu xếp được vốn từ thành viên")
    # drafts, one by the cooperative itself through the portal
    draft(coops[0], plans[1], 250_000_000, 9, "Thu mua cà phê vụ mới", by=portal)
    draft(people[8], plans[0], 40_000_000, 12, "Mua trứng tằm và nong nia")
