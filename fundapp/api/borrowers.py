"""Borrowers (khách hàng): cooperatives, unions, and members of cooperatives or cooperative groups."""
from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import EVERYONE, current_user, roles
from ..clock import today
from ..db.models import Role, Sector
from ..domain.eligibility import BorrowerKind
from ..services import borrowers as service
from ..unit_of_work import db
from .common import Day, PageArgs, Strict, Text, page_of, paginate

PREFIX = "/borrowers"
blp = Blueprint("borrowers", __name__, description="Khách hàng / borrowers")

ID = ma.validate.Range(min=1, max=2**31 - 1)


class BorrowerIn(Strict):
    kind = ma.fields.Enum(BorrowerKind, by_value=True, required=True)
    name = Text(required=True, min_length=1, max_length=300)
    commune = Text(required=True, min_length=1, max_length=120,
                   metadata={"description": "xã / phường / đặc khu of the fund's province (since 1 July 2025)"})
    district = Text(max_length=120, allow_none=True, metadata={"description": "former district (records before 2025-07-01)"})
    sector = ma.fields.Enum(Sector, by_value=True, load_default=Sector.OTHER)
    registration_no = Text(max_length=50, allow_none=True)
    tax_code = Text(max_length=20, allow_none=True, validate=ma.validate.Regexp(r"^(\d{10}(-\d{3})?)?$",
                    error="mã số thuế gồm 10 chữ số (hoặc 10-3) / a tax code is 10 digits (or 10-3)"))
    legal_representative = Text(max_length=200, allow_none=True)
    founded_on = Day(allow_none=True)
    member_count = ma.fields.Integer(allow_none=True, strict=True, validate=ma.validate.Range(min=0, max=10_000_000))
    address = Text(max_length=300, allow_none=True)
    phone = Text(max_length=30, allow_none=True, validate=ma.validate.Regexp(r"^[0-9 +().-]*$",
                 error="số điện thoại không hợp lệ / not a phone number"))
    email = ma.fields.Email(allow_none=True, validate=ma.validate.Length(max=254))
    citizen_id = ma.fields.String(allow_none=True, validate=ma.validate.Regexp(
        r"^[0-9]{12}$", error="số CCCD gồm đúng 12 chữ số / a citizen ID (CCCD) has exactly 12 digits"))
    date_of_birth = Day(allow_none=True)
    member_of = ma.fields.Integer(allow_none=True, strict=True, validate=ID,
                                  metadata={"description": "the borrower id of the member's cooperative"})
    group_name = Text(max_length=200, allow_none=True, metadata={"description": "the cooperative group (tổ hợp tác)"})
    is_enterprise = ma.fields.Boolean(load_default=False)
    related_group_id = ma.fields.Integer(allow_none=True, strict=True, validate=ID)


class BorrowerPatch(BorrowerIn):
    class Meta(BorrowerIn.Meta):
        pass

    sector = ma.fields.Enum(Sector, by_value=True)
    is_enterprise = ma.fields.Boolean()


class BorrowerOut(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.Enum(BorrowerKind, by_value=True)
    name = ma.fields.String()
    commune = ma.fields.String()
    district = ma.fields.String(allow_none=True)
    sector = ma.fields.Enum(Sector, by_value=True)
    registration_no = ma.fields.String(allow_none=True)
    tax_code = ma.fields.String(allow_none=True)
    legal_representative = ma.fields.String(allow_none=True)
    founded_on = ma.fields.Date(allow_none=True)
    member_count = ma.fields.Integer(allow_none=True)
    address = ma.fields.String(allow_none=True)
    phone = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True)
    citizen_id = ma.fields.String(allow_none=True)
    date_of_birth = ma.fields.Date(allow_none=True)
    member_of = ma.fields.Integer(attribute="member_of_id", allow_none=True)
    group_name = ma.fields.String(allow_none=True)
    is_enterprise = ma.fields.Boolean()
    related_group_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.DateTime()


BorrowerPage = page_of(BorrowerOut, "BorrowerPage")


class BorrowerFilter(PageArgs):
    name = Text(max_length=300, metadata={"description": "contains, ignoring case and diacritics"})
    kind = ma.fields.Enum(BorrowerKind, by_value=True)
    commune = Text(max_length=120, metadata={"description": "contains, ignoring case and diacritics"})
    sector = ma.fields.Enum(Sector, by_value=True)
    related_group_id = ma.fields.Integer(validate=ID)
    member_of = ma.fields.Integer(validate=ID)


@blp.route("")
class Borrowers(MethodView):
    @roles(*EVERYONE)
    @blp.arguments(BorrowerFilter, location="query")
    @blp.response(200, BorrowerPage)
    def get(self, args):
        """Borrowers, searched by name and commune (ignoring case and diacritics) and filtered by kind
        and sector. A borrower user sees only itself."""
        filters = {k: args.get(k) for k in ("name", "kind", "commune", "sector", "related_group_id", "member_of")}
        return paginate(service.borrower_query(viewer=current_user(), **filters), args, lambda row: row)

    @roles(Role.OFFICER)
    @blp.arguments(BorrowerIn)
    @blp.response(201, BorrowerOut)
    def post(self, data):
        """Record a borrower; a duplicate registration number or citizen ID is refused naming the field."""
        return service.create_borrower(db(), today=today(), **data)


@blp.route("/<id:borrower_id>")
class OneBorrower(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, BorrowerOut)
    def get(self, borrower_id):
        """One borrower (a borrower user: only its own; any other id is 404)."""
        return service.get_borrower(db(), borrower_id, viewer=current_user())

    @roles(Role.OFFICER)
    @blp.arguments(BorrowerPatch(partial=True))
    @blp.response(200, BorrowerOut)
    def patch(self, data, borrower_id):
        """Correct a borrower's record (the whole record is checked again)."""
        return service.update_borrower(db(), borrower_id, today=today(), **data)

