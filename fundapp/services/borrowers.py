"""Borrowers (khách hàng) and related-person groups: record, correct, find.

Decree 45/2021 Art. 20–21 and domain.md §2. Rules checked here, where the record is written:
- organisations (cooperatives, unions) carry a registration number and tax code, no personal data;
- members carry a 12-digit citizen ID (CCCD) and a plausible date of birth (the 18-year rule is an
  eligibility rule, checked when lending, since a 17-year-old member may be recorded);
- a ``cooperative_member`` is a member of a borrower of kind ``cooperative`` (Cooperative Law 2023
  Art. 30: a union's members are cooperatives, never persons); a ``group_member`` belongs to a
  cooperative group (tổ hợp tác), which is not a borrower of the fund: its name is ``group_name``,
  and ``member_of`` may point to the cooperative or union the group works with;
- a member that is an enterprise may be recorded (it is refused at lending), and then carries a
  registration number instead of personal data;
- registration numbers and citizen IDs are unique: checked first for a clear 422, and backed by
  the UNIQUE constraints.
"""
from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import Borrower, RelatedGroup, User
from ..domain.eligibility import BorrowerKind
from ..domain.errors import DomainError
from .reach import check_borrower_reach, find, is_borrower_user, own_borrower_id

WHAT = "khách hàng / borrower"
OLDEST_AGE = 120
ORGANISATION_ONLY = ("registration_no", "tax_code", "legal_representative", "founded_on", "member_count")
PERSON_ONLY = ("citizen_id", "date_of_birth")
MEMBER_ONLY = ("member_of_id", "group_name")


class InvalidBorrower(DomainError):
    rule = "borrower_invalid"


class DuplicateBorrower(DomainError):
    rule = "duplicate"


def fold(text: str | None) -> str:
    """Case- and accent-free text for search: "Hợp tác xã Đức Trọng" → "hop tac xa duc trong"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _refuse(field: str, vi: str, en: str, **figures) -> None:
    raise InvalidBorrower(f"{vi} / {en}", field=field, **figures)


def _check(session: Session, values: dict[str, Any], *, today: date, own_id: int | None) -> None:
    kind = BorrowerKind(values["kind"])
    is_member, enterprise = kind.is_member, bool(values.get("is_enterprise"))
    person = is_member and not enterprise
    if not is_member and enterprise:
        _refuse("is_enterprise", "Chỉ thành viên mới có thể là doanh nghiệp thành viên",
                "only a member can be flagged as an enterprise member")
    wrong = (ORGANISATION_ONLY if person else ()) + (PERSON_ONLY if not person else ()) \
        + (MEMBER_ONLY if not is_member else ())
    for field in wrong:
        if values.get(field) not in (None, ""):
            name = "member_of" if field == "member_of_id" else field
            _refuse(name, f"Trường này không dùng cho loại khách hàng {kind.value}",
                    f"this field does not apply to a borrower of kind {kind.value}")
    if person:
        citizen_id = values.get("citizen_id") or ""
        if not (len(citizen_id) == 12 and citizen_id.isascii() and citizen_id.isdigit()):
            _refuse("citizen_id", "Số CCCD phải gồm đúng 12 chữ số", "a citizen ID (CCCD) has exactly 12 digits")
        born = values.get("date_of_birth")
        if born is None:
            _refuse("date_of_birth", "Cần ngày sinh của thành viên", "a member's date of birth is required")
        if born > today or born < today - relativedelta(years=OLDEST_AGE):
            _refuse("date_of_birth", f"Ngày sinh {born:%d/%m/%Y} không hợp lệ",
                    f"the date of birth {born.isoformat()} is not plausible", today=today)
    elif is_member and not values.get("registration_no"):
        _refuse("registration_no", "Thành viên là doanh nghiệp cần số đăng ký",
                "a member that is an enterprise needs its registration number")
    if values.get("founded_on") and values["founded_on"] > today:
        _refuse("founded_on", "Ngày thành lập ở tương lai", "the founding date is in the future")
    if is_member:
        _check_membership(session, kind, values)
    group_id = values.get("related_group_id")
    if group_id is not None and session.get(RelatedGroup, group_id) is None:
        _refuse("related_group_id", f"Không có nhóm người có liên quan số {group_id}", f"no related group has id {group_id}")
    _check_unique(session, values, own_id=own_id)


def _check_membership(session: Session, kind: BorrowerKind, values: dict[str, Any]) -> None:
    parent_id = values.get("member_of_id")
    if kind is BorrowerKind.GROUP_MEMBER and parent_id is None:
        if not values.get("group_name"):
            _refuse("group_name", "Cần tên tổ hợp tác (hoặc HTX liên kết trong member_of)",
                    "a group member needs its cooperative group's name (or member_of)")
        return
    if parent_id is None:
        _refuse("member_of", "Thành viên HTX cần HTX mà mình là thành viên",
                "a cooperative member needs the cooperative it belongs to")
    parent = session.get(Borrower, parent_id) if 1 <= parent_id < 2**31 else None
    allowed = ({BorrowerKind.COOPERATIVE} if kind is BorrowerKind.COOPERATIVE_MEMBER
               else {BorrowerKind.COOPERATIVE, BorrowerKind.COOPERATIVE_UNION})
    if parent is None or parent.kind not in allowed:
        _refuse("member_of", "member_of phải là mã của một hợp tác xã" if kind is BorrowerKind.COOPERATIVE_MEMBER
                else "member_of phải là mã của một HTX hoặc liên hiệp HTX",
                f"member_of must be the id of a {' or '.join(sorted(k.value for k in allowed))}",
                member_of=parent_id)


# One customer, one record: the 15% / 25% limits (Art. 23) add up a customer's loans, so a second
# record under the same registration number, tax code or CCCD would halve what they see. Each is
# unique among borrowers (here, in the import, and in the database).
IDENTIFIERS = {"registration_no": "Số đăng ký / registration number", "tax_code": "Mã số thuế / tax code",
               "citizen_id": "Số CCCD / citizen ID"}


def _check_unique(session: Session, values: dict[str, Any], *, own_id: int | None) -> None:
    for field, label in IDENTIFIERS.items():
        value = values.get(field)
        if not value:
            continue
        query = select(Borrower.id).where(getattr(Borrower, field) == value)
        if own_id is not None:
            query = query.where(Borrower.id != own_id)
        other = session.scalar(query)
        if other is not None:
            vi, en = label.split(" / ")
            raise DuplicateBorrower(f"{vi} {value} đã có (khách hàng số {other}) / {en} {value} is already "
                                    f"recorded (borrower {other})", field=field, existing_id=other)


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    if "member_of" in values:
        values["member_of_id"] = values.pop("member_of")
    for key, value in list(values.items()):
        if value == "" and key not in ("name", "commune"):
            values[key] = None
    return values


def _fill(borrower: Borrower, values: dict[str, Any]) -> None:
    for key, value in values.items():
        setattr(borrower, key, value)
    borrower.name_folded = fold(borrower.name)
    borrower.commune_folded = fold(borrower.commune)


def create_borrower(session: Session, *, today: date, **values) -> Borrower:
    values = _normalise(values)
    _check(session, values, today=today, own_id=None)
    borrower = Borrower(created_at=now_utc())
    _fill(borrower, values)
    session.add(borrower)
    session.flush()
    return borrower


def update_borrower(session: Session, borrower_id: int, *, today: date, **changes) -> Borrower:
    borrower = find(session, Borrower, borrower_id, what=WHAT)
    changes = _normalise(changes)
    current = {column.key: getattr(borrower, column.key) for column in Borrower.__table__.columns}
    _check(session, {**current, **changes}, today=today, own_id=borrower.id)
    if "kind" in changes and changes["kind"] != borrower.kind and session.scalar(
            select(Borrower.id).where(Borrower.member_of_id == borrower.id).limit(1)) is not None:
        _refuse("kind", "Khách hàng đã có thành viên, không đổi được loại", "a borrower with members cannot change kind")
    _fill(borrower, changes)
    session.flush()
    return borrower


def get_borrower(session: Session, borrower_id: int, *, viewer: User | None) -> Borrower:
    check_borrower_reach(viewer, borrower_id, what=WHAT, ident=borrower_id)
    return find(session, Borrower, borrower_id, what=WHAT)


def borrower_query(*, viewer: User | None, name: str | None = None, kind=None, commune: str | None = None,
                   sector=None, related_group_id: int | None = None, member_of: int | None = None) -> Select:
    """Borrowers the viewer may see, filtered: name and commune are case- and accent-free contains."""
    query = select(Borrower).order_by(Borrower.name_folded, Borrower.id)
    if is_borrower_user(viewer):
        query = query.where(Borrower.id == own_borrower_id(viewer))
    if name:
        query = query.where(Borrower.name_folded.contains(fold(name), autoescape=True))
    if commune:
        query = query.where(Borrower.commune_folded.contains(fold(commune), autoescape=True))
    if kind is not None:
        query = query.where(Borrower.kind == kind)
    if sector is not None:
        query = query.where(Borrower.sector == sector)
    if related_group_id is not None:
        query = query.where(Borrower.related_group_id == related_group_id)
    if member_of is not None:
        query = query.where(Borrower.member_of_id == member_of)
    return query


# --- related-person groups (Decree 45 Art. 23: 25%) ----------------------------------------------

GROUP = "nhóm người có liên quan / related group"


def _check_group_name(session: Session, name: str, *, own_id: int | None = None) -> None:
    # Compared case-free in Python: SQLite's lower() knows only ASCII letters (not "Đ").
    other = next((group_id for group_id, existing in session.execute(select(RelatedGroup.id, RelatedGroup.name))
                  if group_id != own_id and existing.casefold() == name.casefold()), None)
    if other is not None:
        raise DuplicateBorrower(f"Đã có nhóm tên “{name}” (số {other}) / a group named “{name}” exists (id {other})",
                                field="name", existing_id=other)


def create_group(session: Session, *, name: str, note: str = "") -> RelatedGroup:
    _check_group_name(session, name)
    group = RelatedGroup(name=name, note=note or "")
    session.add(group)
    session.flush()
    return group


def update_group(session: Session, group_id: int, **changes) -> RelatedGroup:
    group = find(session, RelatedGroup, group_id, what=GROUP)
    if "name" in changes:
        _check_group_name(session, changes["name"], own_id=group.id)
    for key, value in changes.items():
        setattr(group, key, value if value is not None else "")
    session.flush()
    return group


def group_members(session: Session, group_id: int) -> list[Borrower]:
    return list(session.scalars(select(Borrower).where(Borrower.related_group_id == group_id).order_by(Borrower.id)))
