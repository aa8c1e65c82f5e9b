"""Related-person groups (nhóm người có liên quan): exposure counted together for the 25% limit."""
from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import STAFF, roles
from ..db.models import RelatedGroup, Role
from ..services import borrowers as service
from ..services import exposure
from ..services.reach import find
from ..unit_of_work import db
from .common import PageArgs, Strict, Text, page_of, paginate

PREFIX = "/related-groups"
blp = Blueprint("related_groups", __name__, description="Nhóm người có liên quan / related-person groups")


class GroupIn(Strict):
    name = Text(required=True, min_length=1, max_length=200)
    note = Text(load_default="", max_length=500, multiline=True)


class GroupPatch(Strict):
    name = Text(min_length=1, max_length=200)
    note = Text(max_length=500, multiline=True)


class MemberOut(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    kind = ma.fields.Function(lambda b: b.kind.value)


class GroupOut(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    note = ma.fields.String()


class GroupDetail(GroupOut):
    members = ma.fields.List(ma.fields.Nested(MemberOut))
    outstanding = ma.fields.Integer()
    approved_undisbursed = ma.fields.Integer()


GroupPage = page_of(GroupOut, "GroupPage")


def _detail(group: RelatedGroup) -> dict:
    total = exposure.group_exposure(db(), group.id)
    return {"id": group.id, "name": group.name, "note": group.note, "members": service.group_members(db(), group.id),
            "outstanding": total.outstanding, "approved_undisbursed": total.approved_undisbursed}


@blp.route("")
class Groups(MethodView):
    @roles(*STAFF)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, GroupPage)
    def get(self, args):
        """Every related-person group, by name."""
        from sqlalchemy import select

        return paginate(select(RelatedGroup).order_by(RelatedGroup.name, RelatedGroup.id), args, lambda row: row)

    @roles(Role.OFFICER)
    @blp.arguments(GroupIn)
    @blp.response(201, GroupDetail)
    def post(self, data):
        """Create a group; borrowers join it through their ``related_group_id``."""
        return _detail(service.create_group(db(), **data))


@blp.route("/<id:group_id>")
class OneGroup(MethodView):
    @roles(*STAFF)
    @blp.response(200, GroupDetail)
    def get(self, group_id):
        """A group with its members and their joint exposure (outstanding + approved, not disbursed)."""
        return _detail(find(db(), RelatedGroup, group_id, what=service.GROUP))

    @roles(Role.OFFICER)
    @blp.arguments(GroupPatch)
    @blp.response(200, GroupDetail)
    def patch(self, data, group_id):
        """Rename a group or change its note."""
        return _detail(service.update_group(db(), group_id, **data))
