"""Run history, the API and command line, and one run at a time."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from fundapp.jobs import end_of_day, scheduler
from fundapp.jobs.locks import run_lock
from tests.jobs.helpers import book_a_loan, eod


def test_the_api_runs_end_of_day_and_lists_the_run_with_counts_per_step(app, admin, auditor):
    book_a_loan(app)
    response = admin.post("/api/v1/jobs/end-of-day", json={"through": "2025-01-31"})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "succeeded"
    assert response.json["counts"]["book"]["loans"] > 0
    runs = auditor.get("/api/v1/jobs/runs").json["items"]
    assert runs[0]["status"] == "succeeded" and runs[0]["last_date"] == "2025-01-31"
    assert runs[0]["counts"]["month_close"]["loans"] == 1
    assert auditor.post("/api/v1/jobs/end-of-day", json={"through": "2025-01-31"}).status_code == 403


def test_a_date_after_today_is_refused_naming_the_field(admin):
    response = admin.post("/api/v1/jobs/end-of-day", json={"through": "2025-07-01"})
    assert response.status_code == 422 and "through" in response.json["errors"]


def test_while_another_run_holds_the_lock_a_second_one_says_so_and_does_nothing(app, row_counts):
    book_a_loan(app)
    before = row_counts()
    with run_lock(app.extensions["fundapp.engine"], end_of_day.LOCK):
        summary = eod(app, date(2025, 2, 28))
    assert summary.status == "busy" and "another end-of-day run is in progress" in summary.message
    assert row_counts() == before


@pytest.mark.postgres
def test_on_postgresql_a_second_process_started_during_a_run_exits_saying_so(app, database_url):
    book_a_loan(app)
    env = {**os.environ, "DATABASE_URL": database_url, "FUNDAPP_TODAY": "2025-06-30", "FUNDAPP_ENV": "testing"}
    command = [str(Path(sys.executable).parent / "fundapp"), "eod", "--through", "2025-03-31"]
    with run_lock(app.extensions["fundapp.engine"], end_of_day.LOCK):  # the first process, mid-run
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 1
    assert "another end-of-day run is in progress" in second.stdout
    after = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert after.returncode == 0 and after.stdout.startswith("succeeded"), after.stdout + after.stderr


def test_the_scheduler_runs_end_of_day_at_half_past_midnight_in_ho_chi_minh_city(app):
    job = scheduler.build(app).get_job("end_of_day")
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("0", "30")
    assert str(job.trigger.timezone) == "Asia/Ho_Chi_Minh"


def test_the_scheduler_catches_up_on_missed_dates_through_yesterday(app):
    book_a_loan(app)
    app.config["FUNDAPP_TODAY"] = "2025-02-01"
    summary = scheduler.end_of_day_for_yesterday(app)
    assert summary.status == "succeeded" and summary.last_date == date(2025, 1, 31)
