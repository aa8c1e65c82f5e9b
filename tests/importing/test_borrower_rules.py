"""The workbook's borrower rows follow the same rules as ``services.borrowers``: for each case, the
import refuses a row exactly when creating that borrower through the service is refused."""
from __future__ import annotations

from datetime import date

import pytest

from fundapp.clock import today
from fundapp.domain.errors import DomainError
from fundapp.exports.import_template import BORROWERS, workbook_bytes
from fundapp.services import borrowers
from fundapp.services.importing import checking, reading
from tests import builders

BASE = {"name": "Nguyễn Văn An", "commune": "xã Di Linh", "sector": "agriculture"}
PERSON = {**BASE, "kind": "cooperative_member", "citizen_id": "068123456789", "date_of_birth": date(1980, 5, 1),
          "member_of": "P"}
CASES = {
    "a cooperative": {**BASE, "kind": "cooperative", "name": "HTX Hoa Lan", "registration_no": "R-1"},
    "a cooperative with a CCCD": {**BASE, "kind": "cooperative", "citizen_id": "068000000001"},
    "a cooperative with a group name": {**BASE, "kind": "cooperative", "group_name": "Tổ rau"},
    "a cooperative flagged as an enterprise": {**BASE, "kind": "cooperative", "is_enterprise": True},
    "a cooperative founded next year": {**BASE, "kind": "cooperative", "founded_on": date(2026, 1, 1)},
    "a member of a cooperative": PERSON,
    "a member without a CCCD": {**PERSON, "citizen_id": None},
    "a member with an 11-digit CCCD": {**PERSON, "citizen_id": "06812345678"},
    "a member born in the future": {**PERSON, "date_of_birth": date(2030, 1, 1)},
    "a member born 130 years ago": {**PERSON, "date_of_birth": date(1895, 1, 1)},
    "a member without a date of birth": {**PERSON, "date_of_birth": None},
    "a member of no cooperative": {**PERSON, "member_of": None},
    "a cooperative member of a union": {**PERSON, "member_of": "U"},
    "a member with a registration number": {**PERSON, "registration_no": "R-2"},
    "an enterprise member with its registration": {**BASE, "kind": "cooperative_member", "is_enterprise": True,
                                                    "registration_no": "R-3", "member_of": "P"},
    "an enterprise member without one": {**BASE, "kind": "cooperative_member", "is_enterprise": True, "member_of": "P"},
    "a group member with its group's name": {**PERSON, "kind": "group_member", "member_of": None,
                                             "group_name": "Tổ hợp tác rau Đà Lạt"},
    "a group member of a union": {**PERSON, "kind": "group_member", "member_of": "U"},
    "a group member with neither": {**PERSON, "kind": "group_member", "member_of": None},
    "a registration number already recorded": {**BASE, "kind": "cooperative", "registration_no": "R-EXIST"},
    "a CCCD already recorded": {**PERSON, "citizen_id": "068999999999"},
    "a tax code already recorded": {**BASE, "kind": "cooperative", "registration_no": "R-4", "tax_code": "5899999999"},
    "a tax code of its own": {**BASE, "kind": "cooperative", "registration_no": "R-5", "tax_code": "5811111111"},
}


def service_refuses(app, values: dict, parents: dict[str, int]) -> bool:
    values = {k: v for k, v in values.items() if v is not None}
    if "member_of" in values:
        values["member_of"] = parents[values["member_of"]]
    with app.extensions["fundapp.session_factory"]() as session:
        try:
            borrowers.create_borrower(session, today=today(app.config), **values)
            return False
        except DomainError:
            return True
        finally:
            session.rollback()


def import_refuses(app, values: dict) -> bool:
    columns = [c.key for c in BORROWERS.columns]
    parents = [["P", "Hợp tác xã", "HTX Cà phê Di Linh", "R-P"],
               ["U", "Liên hiệp hợp tác xã", "Liên hiệp HTX Lâm Đồng", "R-U"]]
    row = {**values, "ref": "X", "is_enterprise": "Có" if values.get("is_enterprise") else None}
    rows = [[*p, *[None] * 9, "Nông nghiệp", "xã Di Linh"] for p in parents] + [[row.get(k) for k in columns]]
    content = workbook_bytes(rows={"borrowers": rows})
    book = reading.read(content, filename="x.xlsx", sha256="0" * 64)
    errors = list(book.problems)
    with app.extensions["fundapp.session_factory"]() as session:
        checking._check_borrowers(session, book, today=today(app.config), errors=errors)
    assert not [e for e in errors if e.row in (2, 3)], errors  # the parents themselves are fine
    return any(e.sheet == "Khách hàng" and e.row == 4 for e in errors)


@pytest.mark.parametrize("case", list(CASES))
def test_a_borrower_row_is_refused_exactly_when_the_borrowers_service_refuses_it(app, case):
    builders.make_borrower(app, registration_no="R-EXIST", tax_code="5899999999")
    parent = builders.make_borrower(app, registration_no="R-P0")
    union = builders.make_borrower(app, kind="cooperative_union", registration_no="R-U0")
    builders.make_member(app, member_of=parent, citizen_id="068999999999")
    assert import_refuses(app, CASES[case]) == service_refuses(app, CASES[case], {"P": parent, "U": union}), case
