"""The one clock: the business date in Asia/Ho_Chi_Minh, or the date ``FUNDAPP_TODAY`` fixes.

Nothing else reads the system date. The edges (API, web, CLI, jobs) ask here and pass ``today``
into services; the domain never asks anyone.
"""
from __future__ import annotations

import os
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

BUSINESS_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _fixed(value) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def today(config: dict | None = None) -> date:
    """The business date: ``config['FUNDAPP_TODAY']`` (read on every call), else the real date."""
    if config is None:
        try:
            from flask import current_app

            config = current_app.config
        except RuntimeError:  # outside an app context (scripts, the scheduler)
            config = {}
    fixed = _fixed(config.get("FUNDAPP_TODAY")) or _fixed(os.environ.get("FUNDAPP_TODAY"))
    return fixed or datetime.now(BUSINESS_TZ).date()


def now_utc() -> datetime:
    """Wall-clock time for audit stamps and token expiry (not a business date)."""
    return datetime.now(timezone.utc)
