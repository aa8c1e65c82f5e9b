"""The generated book's borrowers: cooperatives in Lâm Đồng's communes (as since 1 July 2025, the
former district kept as history), their members, and members of cooperative groups.

Each row follows ``services.borrowers``: organisations carry a registration number and tax code and
no personal data; members carry a 12-digit CCCD and a date of birth, a cooperative's member points
at a cooperative, a group member names its group. Numbers are unique per generated book (its
``ImportBatch`` id is in them). Names are made from a few lists by the borrower's number, with
their folded (search) forms folded once per part, not once per row.
"""
from __future__ import annotations

from datetime import date

from ...db.models import Sector
from ...domain.eligibility import BorrowerKind
from ..borrowers import fold

# (commune, former district) — Lâm Đồng, Đắk Nông and Bình Thuận communes (Resolution 1671/NQ-UBTVQH15).
COMMUNES = [
    ("xã Di Linh", "huyện Di Linh"), ("xã Lạc Dương", "huyện Lạc Dương"), ("xã Đức Trọng", "huyện Đức Trọng"),
    ("phường 1 Bảo Lộc", "thành phố Bảo Lộc"), ("phường B'Lao", "thành phố Bảo Lộc"),
    ("phường Lâm Viên - Đà Lạt", "thành phố Đà Lạt"), ("xã Đinh Văn Lâm Hà", "huyện Lâm Hà"),
    ("xã Nam Ban Lâm Hà", "huyện Lâm Hà"), ("xã Đơn Dương", "huyện Đơn Dương"), ("xã Hiệp Thạnh", "huyện Đức Trọng"),
    ("xã Đắk Mil", "huyện Đắk Mil"), ("xã Tuy Đức", "huyện Tuy Đức"), ("xã Cư Jút", "huyện Cư Jút"),
    ("phường Gia Nghĩa", "thành phố Gia Nghĩa"), ("phường Mũi Né", "thành phố Phan Thiết"),
    ("xã Bảo Thuận", "huyện Di Linh"), ("xã Đạ Huoai", "huyện Đạ Huoai"), ("xã Cát Tiên", "huyện Cát Tiên"),
    ("xã Hàm Thuận Bắc", "huyện Hàm Thuận Bắc"), ("xã Tánh Linh", "huyện Tánh Linh"),
]
# (what the cooperative does, its sector)
TRADES = [
    ("Nông nghiệp", Sector.AGRICULTURE), ("Cà phê", Sector.AGRICULTURE), ("Rau hoa công nghệ cao", Sector.AGRICULTURE),
    ("Chè", Sector.AGRICULTURE), ("Hồ tiêu", Sector.AGRICULTURE), ("Sầu riêng", Sector.AGRICULTURE),
    ("Bò sữa", Sector.AGRICULTURE), ("Dâu tằm tơ", Sector.INDUSTRY_HANDICRAFT),
    ("Dệt thổ cẩm", Sector.INDUSTRY_HANDICRAFT), ("Mắc ca", Sector.FORESTRY), ("Thủy sản", Sector.FISHERIES),
    ("Dịch vụ vận tải", Sector.TRANSPORT), ("Thương mại dịch vụ", Sector.TRADE_SERVICES),
    ("Xây dựng", Sector.CONSTRUCTION), ("Thanh long", Sector.AGRICULTURE),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Võ", "Ka", "Y"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quang", "Ngọc", "Đức", "Thanh"]
GIVEN = ["An", "Bình", "Cúc", "Dũng", "Hà", "Hoa", "Long", "Lan", "Sơn", "Tuấn", "Brơi", "Huê", "Điểu", "Hạnh"]

_FOLDED = {text: fold(text) for text in [c for c, _ in COMMUNES] + [t for t, _ in TRADES] + FAMILY + MIDDLE + GIVEN
           + ["Hợp tác xã", "Tổ hợp tác"]}
EMPTY = {"registration_no": None, "tax_code": None, "legal_representative": None, "founded_on": None,
         "member_count": None, "citizen_id": None, "date_of_birth": None, "member_of_id": None, "group_name": None,
         "address": None, "phone": None, "email": None, "is_enterprise": False, "related_group_id": None}


def _person(n: int) -> tuple[str, str]:
    parts = (FAMILY[n % len(FAMILY)], MIDDLE[n // 3 % len(MIDDLE)], GIVEN[n // 7 % len(GIVEN)])
    return " ".join(parts), " ".join(_FOLDED[p] for p in parts)


def kind_for(n: int, amount: int) -> BorrowerKind:
    """A cooperative for larger amounts; the smaller ones go to members too (two in three)."""
    if amount > 150_000_000 or n % 3 == 0:
        return BorrowerKind.COOPERATIVE
    return BorrowerKind.COOPERATIVE_MEMBER if n % 3 == 1 else BorrowerKind.GROUP_MEMBER


def row(n: int, kind: BorrowerKind, *, batch: int, member_of: int | None, now) -> dict:
    """Borrower number ``n`` of generated book ``batch`` (``member_of``: a cooperative's id, for its members)."""
    commune, district = COMMUNES[n % len(COMMUNES)]
    values = {**EMPTY, "kind": kind, "commune": commune, "commune_folded": _FOLDED[commune], "district": district,
              "created_at": now}
    if kind is BorrowerKind.COOPERATIVE:
        trade, sector = TRADES[n // len(COMMUNES) % len(TRADES)]
        place = commune.split(" ", 1)[1]
        values.update(name=f"Hợp tác xã {trade} {place} số {n}",
                      name_folded=f"hop tac xa {_FOLDED[trade]} {_FOLDED[commune].split(' ', 1)[1]} so {n}",
                      sector=sector, registration_no=f"SINH{batch}-{n:07d}", tax_code=f"58{batch % 100:02d}{n:08d}"[:20],
                      legal_representative=_person(n)[0], founded_on=date(2005 + n % 18, 1 + n % 12, 1 + n % 28),
                      member_count=7 + n % 140, address=f"Thôn {1 + n % 12}, {commune}, tỉnh Lâm Đồng",
                      phone=f"0263 3{n % 1_000_000:06d}")
        return values
    name, folded = _person(n)
    values.update(name=name, name_folded=folded, sector=Sector.AGRICULTURE, citizen_id=f"9{batch % 100:02d}{n:09d}",
                  date_of_birth=date(1965 + n % 35, 1 + n % 12, 1 + n % 28))
    if kind is BorrowerKind.COOPERATIVE_MEMBER:
        values["member_of_id"] = member_of
    else:
        values["group_name"] = f"Tổ hợp tác sản xuất thôn {1 + n % 9}, {commune}"
    return values
