"""Borrowers of the four kinds and related-person groups: recorded, checked, found."""
from __future__ import annotations

import pytest

from tests.builders import make_borrower, make_group

API = "/api/v1/borrowers"
COOP = {"kind": "cooperative", "name": "Hợp tác xã Nông nghiệp Cà phê Di Linh", "commune": "xã Di Linh",
        "district": "huyện Di Linh", "sector": "agriculture", "registration_no": "5800123456",
        "tax_code": "5800123456"}


def member(coop_id, **overrides):
    return {"kind": "cooperative_member", "name": "K'Brơi", "commune": "xã Di Linh", "citizen_id": "068085001234",
            "date_of_birth": "1985-03-12", "member_of": coop_id, **overrides}


def test_a_cooperative_and_its_member_are_recorded_with_the_fields_api_md_names(officer):
    coop = officer.post(API, json=COOP)
    assert coop.status_code == 201, coop.json
    assert coop.json["kind"] == "cooperative" and coop.json["district"] == "huyện Di Linh"
    person = officer.post(API, json=member(coop.json["id"]))
    assert person.status_code == 201, person.json
    assert person.json["member_of"] == coop.json["id"] and person.json["citizen_id"] == "068085001234"
    union = officer.post(API, json={"kind": "cooperative_union", "name": "Liên hiệp HTX Rau hoa Đà Lạt",
                                    "commune": "phường Xuân Hương - Đà Lạt"})
    assert union.status_code == 201 and union.json["sector"] == "other"


def test_a_group_member_names_its_cooperative_group_or_the_cooperative_it_works_with(officer):
    coop = officer.post(API, json=COOP).json["id"]
    by_name = officer.post(API, json=member(None, kind="group_member", citizen_id="068090000001",
                                            group_name="Tổ hợp tác trồng dâu nuôi tằm thôn 3"))
    assert by_name.status_code == 201, by_name.json
    by_coop = officer.post(API, json=member(coop, kind="group_member", citizen_id="068090000002"))
    assert by_coop.status_code == 201
    neither = officer.post(API, json=member(None, kind="group_member", citizen_id="068090000003"))
    assert neither.status_code == 422 and "group_name" in neither.json["errors"]


@pytest.mark.parametrize("change, field", [
    ({"citizen_id": "06808500123"}, "citizen_id"),  # 11 digits
    ({"citizen_id": "06808500123X"}, "citizen_id"),
    ({"citizen_id": None}, "citizen_id"),
    ({"date_of_birth": None}, "date_of_birth"),
    ({"date_of_birth": "2025-07-01"}, "date_of_birth"),  # after today
    ({"date_of_birth": "1900-01-01"}, "date_of_birth"),  # 125 years old
    ({"member_of": None}, "member_of"),
    ({"member_of": 99999}, "member_of"),
    ({"registration_no": "5800999999"}, "registration_no"),  # an individual has no registration
    ({"kind": "enterprise"}, "kind"),
])
def test_a_member_with_an_invalid_field_is_refused_naming_it_and_nothing_is_written(officer, row_counts, change,
                                                                                     field):
    coop = officer.post(API, json=COOP).json["id"]
    before = row_counts()
    response = officer.post(API, json=member(coop, **change))
    assert response.status_code == 422 and response.content_type == "application/problem+json"
    assert field in response.json["errors"], response.json
    assert row_counts() == before


def test_a_cooperative_member_belongs_to_a_cooperative_not_to_another_member_or_a_union(officer):
    coop = officer.post(API, json=COOP).json["id"]
    person = officer.post(API, json=member(coop)).json["id"]
    union = officer.post(API, json={"kind": "cooperative_union", "name": "Liên hiệp HTX Lâm Đồng",
                                    "commune": "phường Bảo Lộc 1"}).json["id"]
    for parent in (person, union):
        response = officer.post(API, json=member(parent, citizen_id="068085009999"))
        assert response.status_code == 422 and "member_of" in response.json["errors"]


def test_duplicate_registration_numbers_tax_codes_and_citizen_ids_are_refused_naming_the_field(officer, row_counts):
    coop = officer.post(API, json=COOP).json
    officer.post(API, json=member(coop["id"]))
    before = row_counts()
    again = officer.post(API, json={**COOP, "name": "Hợp tác xã khác"})
    assert again.status_code == 422 and again.json["rule"] == "duplicate"
    assert "registration_no" in again.json["errors"] and again.json["figures"]["existing_id"] == coop["id"]
    same_tax_code = officer.post(API, json={**COOP, "registration_no": "5800999999", "name": "HTX Trùng MST"})
    assert same_tax_code.status_code == 422 and "tax_code" in same_tax_code.json["errors"]
    assert same_tax_code.json["figures"]["existing_id"] == coop["id"]
    twin = officer.post(API, json=member(coop["id"], name="Người khác"))
    assert twin.status_code == 422 and "citizen_id" in twin.json["errors"]
    assert row_counts() == before
    other = officer.post(API, json={**COOP, "registration_no": "5800654321", "tax_code": "5800654321",
                                    "name": "HTX Đức Trọng"}).json["id"]
    patched = officer.patch(f"{API}/{other}", json={"registration_no": "5800123456"})
    assert patched.status_code == 422 and "registration_no" in patched.json["errors"]
    patched = officer.patch(f"{API}/{other}", json={"tax_code": "5800123456"})
    assert patched.status_code == 422 and "tax_code" in patched.json["errors"]
    assert officer.get(f"{API}/{other}").json["tax_code"] == "5800654321"


def test_borrowers_are_found_by_name_without_diacritics_and_filtered_by_kind_commune_and_sector(app, auditor):
    make_borrower(app, name="Hợp tác xã Nông nghiệp Cà phê Di Linh", commune="xã Di Linh")
    make_borrower(app, name="Hợp tác xã Rau hoa Lạc Dương", commune="xã Lạc Dương", sector="trade_services")
    coop = make_borrower(app, name="HỢP TÁC XÃ CHÈ ĐỨC TRỌNG", commune="xã Đức Trọng")
    make_borrower(app, kind="cooperative_member", name="Trần Văn Đức", commune="xã Đức Trọng", member_of=coop)

    def names(**query):
        return sorted(b["name"] for b in auditor.get(API, query_string=query).json["items"])

    assert names(name="ca phe") == ["Hợp tác xã Nông nghiệp Cà phê Di Linh"]
    assert names(name="đức") == ["HỢP TÁC XÃ CHÈ ĐỨC TRỌNG", "Trần Văn Đức"]
    assert names(name="đức", kind="cooperative_member") == ["Trần Văn Đức"]
    assert names(commune="Duc Trong") == ["HỢP TÁC XÃ CHÈ ĐỨC TRỌNG", "Trần Văn Đức"]
    assert names(sector="trade_services") == ["Hợp tác xã Rau hoa Lạc Dương"]
    assert names(name="100%") == []
    page = auditor.get(API, query_string={"per_page": 3, "page": 2}).json
    assert page["total"] == 4 and len(page["items"]) == 1
    assert auditor.get(API, query_string={"kind": "enterprise"}).status_code == 422


def test_a_borrower_is_corrected_by_patch_and_checked_again(officer):
    coop = officer.post(API, json=COOP).json["id"]
    person = officer.post(API, json=member(coop)).json["id"]
    moved = officer.patch(f"{API}/{person}", json={"commune": "xã Bảo Thuận", "phone": "0263 3870 123"})
    assert moved.status_code == 200 and moved.json["commune"] == "xã Bảo Thuận"
    assert officer.patch(f"{API}/{person}", json={"citizen_id": "1234"}).status_code == 422
    assert officer.patch(f"{API}/{person}", json={"member_of": None}).status_code == 422
    assert officer.patch(f"{API}/99999", json={"name": "Không có"}).status_code == 404


def test_a_related_group_shows_its_members_and_refuses_a_duplicate_name(app, officer, auditor):
    group = officer.post("/api/v1/related-groups", json={"name": "Gia đình ông Ha Sol", "note": "vợ chồng, con"})
    assert group.status_code == 201
    group_id = group.json["id"]
    make_borrower(app, related_group_id=group_id)
    detail = auditor.get(f"/api/v1/related-groups/{group_id}").json
    assert len(detail["members"]) == 1 and detail["outstanding"] == detail["approved_undisbursed"] == 0
    twin = officer.post("/api/v1/related-groups", json={"name": "gia đình ông ha sol"})
    assert twin.status_code == 422 and "name" in twin.json["errors"]
    unknown = officer.post(API, json={**COOP, "related_group_id": 99999})
    assert unknown.status_code == 422 and "related_group_id" in unknown.json["errors"]
    assert officer.patch(f"/api/v1/related-groups/{make_group(app)}", json={"note": "cập nhật"}).status_code == 200


def test_readers_and_writers_are_who_api_md_says(app, auditor, approver, accountant, row_counts):
    coop = make_borrower(app)
    assert auditor.get(f"{API}/{coop}").status_code == 200
    before = row_counts()
    for caller in (auditor, approver, accountant):
        assert caller.post(API, json=COOP).status_code == 403
        assert caller.patch(f"{API}/{coop}", json={"name": "x"}).status_code == 403
    assert row_counts() == before


@pytest.mark.postgres
def test_simultaneous_requests_with_one_registration_number_record_one_borrower(app, officer):
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import func, select

    from fundapp.db.models import Borrower

    def send(_):
        return app.test_client().post(API, json=COOP, headers={"Authorization": f"Bearer {officer.token}"})

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(r.status_code for r in pool.map(send, range(8)))
    assert statuses.count(201) == 1 and set(statuses) <= {201, 409, 422}
    with app.extensions["fundapp.session_factory"]() as session:
        assert session.scalar(select(func.count()).select_from(Borrower)) == 1


def test_a_cooperative_with_members_keeps_its_kind(officer):
    coop = officer.post(API, json=COOP).json["id"]
    officer.post(API, json=member(coop))
    response = officer.patch(f"{API}/{coop}", json={"kind": "cooperative_union"})
    assert response.status_code == 422 and "kind" in response.json["errors"]
