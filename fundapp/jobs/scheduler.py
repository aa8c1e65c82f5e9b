"""The scheduler process: end of day at 00:30 Asia/Ho_Chi_Minh for the previous business date.

Run exactly one per deployment (``fundapp scheduler``), never inside web workers; the run lock
keeps a second scheduler, or a run started by hand, from doing the same work twice.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from .. import clock
from . import end_of_day

log = logging.getLogger(__name__)


def end_of_day_for_yesterday(app: Flask) -> end_of_day.Summary:
    today = clock.today(app.config)
    summary = end_of_day.run(app.extensions["fundapp.session_factory"], through=today - timedelta(days=1),
                             today=today, trigger="scheduler", settings=app.config)
    log.info("end of day: %s — %s", summary.status, summary.message)
    return summary


def build(app: Flask) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=clock.BUSINESS_TZ)
    scheduler.add_job(end_of_day_for_yesterday, CronTrigger(hour=0, minute=30, timezone=clock.BUSINESS_TZ),
                      args=[app], id="end_of_day", max_instances=1, coalesce=True, misfire_grace_time=6 * 3600)
    return scheduler


def serve(app: Flask) -> None:
    """Catch up on start (missed dates after downtime), then wait for 00:30 every day."""
    end_of_day_for_yesterday(app)
    build(app).start()
