"""Notices to borrowers (thông báo): the portal list, and each as a printable PDF letter."""
from __future__ import annotations

import marshmallow as ma
from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import EVERYONE, current_user, roles
from ..exports.letters import notice_letter
from ..services import notice_views
from ..unit_of_work import db
from .common import PageArgs, page_of, paginate

PREFIX = "/notices"
blp = Blueprint("notices", __name__, description="Thông báo / notices to borrowers")


class NoticeArgs(PageArgs):
    borrower_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1))
    loan_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1))
    kind = ma.fields.String(validate=ma.validate.OneOf(["reminder", "overdue", "group_worsened", "recall"]))


class NoticeSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String()
    borrower_id = ma.fields.Integer()
    loan_id = ma.fields.Integer()
    business_date = ma.fields.Date()
    subject = ma.fields.String()
    body = ma.fields.String()
    figures = ma.fields.Dict()
    emailed_at = ma.fields.DateTime(allow_none=True)


NoticePage = page_of(NoticeSchema, "NoticePage")


@blp.route("")
class Notices(MethodView):
    @roles(*EVERYONE)
    @blp.arguments(NoticeArgs, location="query")
    @blp.response(200, NoticePage)
    def get(self, args):
        """Notices, newest first (a borrower user: its own only)."""
        filters = {k: args.get(k) for k in ("borrower_id", "loan_id", "kind")}
        return paginate(notice_views.notice_query(viewer=current_user(), **filters), args, lambda n: n)


@blp.route("/<id:notice_id>")
class OneNotice(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, NoticeSchema)
    def get(self, notice_id):
        return notice_views.get_notice(db(), notice_id, viewer=current_user())


@blp.route("/<id:notice_id>/letter.pdf")
class NoticeLetter(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf")
    def get(self, notice_id):
        """The notice as a printable A4 letter."""
        notice = notice_views.get_notice(db(), notice_id, viewer=current_user())
        pdf = notice_letter(fund_name=current_app.config["FUND_NAME"], subject=notice.subject, body=notice.body,
                            business_date=notice.business_date, total=(notice.figures or {}).get("total"))
        return Response(pdf, mimetype="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="thong-bao-{notice.id}.pdf"'})
