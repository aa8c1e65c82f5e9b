"""The working calendar: public holidays and weekend days made working days (domain.md §4)."""
from __future__ import annotations

from datetime import date

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import STAFF, roles
from ..db.models import Role
from ..domain.errors import NotFound
from ..services import holidays as service
from ..services.holidays import DayKind
from ..unit_of_work import db
from .common import PageArgs, Strict, Text, page_of

PREFIX = "/holidays"
blp = Blueprint("holidays", __name__, description="Ngày nghỉ lễ / holidays and working weekends")

YEARS = ma.validate.Range(min=2000, max=2100)


class DayIn(Strict):
    day = ma.fields.Date(required=True, validate=ma.validate.Range(min=date(2000, 1, 1), max=date(2100, 12, 31)))
    name = Text(required=True, min_length=1, max_length=200)
    kind = ma.fields.Enum(DayKind, by_value=True, load_default=DayKind.HOLIDAY,
                          metadata={"description": "holiday (a day off) or weekend_workday (a Saturday or Sunday worked)"})


class DayOut(ma.Schema):
    day = ma.fields.Date()
    name = ma.fields.String()
    kind = ma.fields.String()


DayPage = page_of(DayOut, "DayPage")


class DayFilter(PageArgs):
    year = ma.fields.Integer(validate=YEARS)
    kind = ma.fields.Enum(DayKind, by_value=True)


class FillIn(Strict):
    year = ma.fields.Integer(required=True, strict=True, validate=YEARS)


class FillOut(ma.Schema):
    year = ma.fields.Integer()
    added = ma.fields.List(ma.fields.Nested(DayOut))


@blp.route("")
class Days(MethodView):
    @roles(*STAFF)
    @blp.arguments(DayFilter, location="query")
    @blp.response(200, DayPage)
    def get(self, args):
        """Holidays and weekend workdays, by day (``year`` to narrow)."""
        items = service.list_days(db(), year=args.get("year"), kind=args.get("kind"))
        start = (args["page"] - 1) * args["per_page"]
        return {"items": items[start:start + args["per_page"]], "page": args["page"], "per_page": args["per_page"],
                "total": len(items)}

    @roles(Role.OFFICER)
    @blp.arguments(DayIn)
    @blp.response(201, DayOut)
    def post(self, data):
        """Add a holiday (or a weekend workday); due dates on a holiday move to the next working day."""
        return service.as_item(service.add_day(db(), **data))


@blp.route("/<day>")
class OneDay(MethodView):
    @roles(Role.OFFICER)
    @blp.response(204)
    def delete(self, day):
        """Remove a day from the calendar (``YYYY-MM-DD``)."""
        try:
            parsed = date.fromisoformat(day)
        except ValueError:
            raise NotFound(f"“{day[:20]}” không phải một ngày / not a date") from None
        service.remove_day(db(), day=parsed)


@blp.route("/fill")
class Fill(MethodView):
    @roles(Role.OFFICER)
    @blp.arguments(FillIn)
    @blp.response(200, FillOut)
    def post(self, data):
        """Add a year's Vietnamese public holidays (Tết, 30/4, 1/5, 2/9, swapped days) from the
        ``holidays`` package; days already in the table are kept as officers entered them."""
        return service.fill_year(db(), year=data["year"])
