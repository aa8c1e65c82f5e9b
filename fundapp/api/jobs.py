"""End-of-day runs: start one (admin) and read their history (staff)."""
from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from ..auth import STAFF, current_user, roles
from ..clock import today
from ..db.audit import Actor
from ..db.models import JobRun, Role
from ..domain.errors import DomainError, StateConflict
from ..jobs import end_of_day
from ..unit_of_work import db
from .common import PageArgs, Strict, page_of, paginate

PREFIX = "/jobs"
blp = Blueprint("jobs", __name__, description="Xử lý cuối ngày / end of day")


class EndOfDayIn(Strict):
    through = ma.fields.Date(required=True)


class RunSchema(ma.Schema):
    id = ma.fields.Integer(allow_none=True)
    run_id = ma.fields.Integer(allow_none=True)
    kind = ma.fields.String()
    trigger = ma.fields.String()
    through = ma.fields.Date()
    status = ma.fields.String()
    message = ma.fields.String()
    started_at = ma.fields.DateTime()
    finished_at = ma.fields.DateTime(allow_none=True)
    first_date = ma.fields.Date(allow_none=True)
    last_date = ma.fields.Date(allow_none=True)
    counts = ma.fields.Dict()
    errors = ma.fields.List(ma.fields.Dict())


RunPage = page_of(RunSchema, "RunPage")


class FutureDate(DomainError):
    rule = "end_of_day_in_future"


@blp.route("/end-of-day")
class EndOfDay(MethodView):
    @roles(Role.ADMIN)
    @blp.arguments(EndOfDayIn)
    @blp.response(200, RunSchema)
    def post(self, data):
        """Run end of day for every business date not yet processed, up to ``through``."""
        if data["through"] > today():
            raise FutureDate(f"ngày {data['through']:%d/%m/%Y} chưa đến / {data['through']} is after today",
                             field="through")
        user = current_user()
        db().commit()  # the run opens its own transactions, one per business date
        summary = end_of_day.run(current_app.extensions["fundapp.session_factory"], through=data["through"],
                                 today=today(), trigger="api", settings=current_app.config,
                                 actor=Actor(user.id, user.email, "api"))
        if summary.status == "busy":
            raise StateConflict(summary.message)
        return {**summary.__dict__, "id": summary.run_id, "through": data["through"], "kind": "end_of_day",
                "trigger": "api"}


@blp.route("/runs")
class Runs(MethodView):
    @roles(*STAFF)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, RunPage)
    def get(self, args):
        """Run history, newest first, with counts per step and errors."""
        return paginate(select(JobRun).order_by(JobRun.id.desc()), args, lambda run: run)
