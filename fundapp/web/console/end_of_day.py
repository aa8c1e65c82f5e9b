"""End of day as a page: the runs, newest first, with their status, dates, counts per step and
errors (``JobRun``, as ``GET /jobs/runs``), and for an admin a form to run it through a date
(``jobs.end_of_day.run``, as ``POST /jobs/end-of-day``)."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...auth import STAFF
from ...clock import today
from ...db.audit import Actor
from ...db.models import JobRun, Role
from ...jobs import end_of_day
from ...unit_of_work import db
from ..forms import DayField, Form, required
from ..guard import CHANNEL, current_user, page
from ..i18n import pick
from . import blp, page_of


class EndOfDayForm(Form):
    through = DayField(_l("Xử lý đến hết ngày"), [required()],
                       description=_l("Mọi ngày làm việc chưa xử lý đến ngày này (không quá hôm nay)."))


def _page(form: EndOfDayForm, *, status: int):
    result = page_of(select(JobRun).order_by(JobRun.id.desc()))
    return render_template("console/end_of_day.html", form=form, result=result,
                           last_done=end_of_day.last_completed_date(db())), status


@blp.get("/end-of-day", endpoint="end_of_day")
@page(*STAFF)
def end_of_day_page():
    form = EndOfDayForm(formdata=None)
    form.through.data = today()
    return _page(form, status=200)


@blp.post("/end-of-day")
@page(Role.ADMIN)
def end_of_day_run():
    form = EndOfDayForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    user = current_user()
    actor = Actor(user.id, user.email, CHANNEL)
    db().commit()  # the run opens its own transactions, one per business date (as api.jobs does)
    summary = end_of_day.run(current_app.extensions["fundapp.session_factory"], through=form.through.data,
                             today=today(), trigger="web", settings=current_app.config, actor=actor)
    if summary.status == "refused":  # a date in the future: the job's own rule, shown next to the date
        form.through.errors = [pick(summary.message)]
        return _page(form, status=422)
    if summary.status == "busy":
        form.form_errors.append(pick(summary.message))
        return _page(form, status=409)
    flash(pick(summary.message), "success" if summary.status in ("succeeded", "nothing_to_do") else "warning")
    return redirect(url_for("console.end_of_day", run=summary.run_id), code=303)
