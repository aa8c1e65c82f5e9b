"""Settings for fundapp: one class per environment, chosen by ``FUNDAPP_ENV``.

``development`` (the default) uses an SQLite file under ``instance/``; ``testing`` is what the
test suite uses; ``production`` refuses to start without ``DATABASE_URL`` and ``SECRET_KEY``.
Every setting can be overridden by an environment variable of the same name.
"""
from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

INSTANCE_DIR = Path(os.environ.get("FUNDAPP_INSTANCE", Path(__file__).resolve().parent.parent / "instance"))


class MissingSetting(RuntimeError):
    """Production was asked to start without a setting it cannot guess."""


class Base:
    BUSINESS_TIMEZONE = "Asia/Ho_Chi_Minh"
    FUNDAPP_TODAY = None  # "YYYY-MM-DD" fixes the business date (tests, training, demos)
    SQLALCHEMY_ECHO = False
    TOKEN_LIFETIME_HOURS = 12
    FUND_NAME = "Quỹ hỗ trợ phát triển hợp tác xã tỉnh Lâm Đồng"
    # Decree 45/2021 Art. 23: concentration limits as a share of actual charter capital.
    SINGLE_BORROWER_LIMIT = Decimal("0.15")
    RELATED_GROUP_LIMIT = Decimal("0.25")
    MINIMUM_CHARTER_CAPITAL = 20_000_000_000  # Art. 37: a warning, never a refusal
    # Decree 45 Art. 21: the borrower's own capital is at least this share of the total investment.
    OWN_CAPITAL_MIN_SHARE = Decimal("0.20")
    # How old a bad-debt check (CIC) may be at approval, in days (None = any age, as long as it precedes).
    BAD_DEBT_CHECK_MAX_AGE_DAYS: int | None = None
    DOCUMENTS_DIR = None  # supporting documents; None = <instance>/documents
    # Approval authority by amount: role -> the largest amount it may approve (None = no limit).
    APPROVAL_LIMITS: dict[str, int | None] = {}
    CONTRACT_NUMBER_FORMAT = "HĐ-{year}-{seq:04d}"
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    API_TITLE = "fundapp API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    OPENAPI_SWAGGER_UI_URL = None  # no CDN: the docs page is served from our own templates
    # Notices (domain.md §5): a reminder N days before a due date, overdue notices on these days.
    NOTICE_REMINDER_DAYS = 7
    NOTICE_OVERDUE_DAYS = (1, 10, 30)
    # Decree 45 Art. 45 KPIs: the least number of criteria met (of outstanding growth, bad-debt ratio,
    # financial result) for each grade; fewer than the last is C.
    KPI_GRADES = {"A": 3, "B": 2}
    SMTP_HOST = None  # no email until set; notices still reach the portal
    SMTP_PORT = 25
    MAIL_FROM = "quy-htx@localhost"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"


class Development(Base):
    ENV_NAME = "development"
    SECRET_KEY = "development-only-not-secret"
    DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'fundapp.sqlite3'}"


class Testing(Base):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"
    DATABASE_URL = "sqlite://"  # the suite always passes its own DATABASE_URL


class Production(Base):
    ENV_NAME = "production"
    DATABASE_URL = None
    SECRET_KEY = None
    SESSION_COOKIE_SECURE = True
    REQUIRED = ("DATABASE_URL", "SECRET_KEY")


ENVIRONMENTS = {"development": Development, "testing": Testing, "production": Production}
FROM_ENVIRONMENT = ("DATABASE_URL", "SECRET_KEY", "FUNDAPP_TODAY", "FUND_NAME", "TOKEN_LIFETIME_HOURS",
                    "SMTP_HOST", "SMTP_PORT", "MAIL_FROM")


def load(overrides: dict | None = None) -> dict:
    """The settings for ``FUNDAPP_ENV`` (or ``overrides['ENV_NAME']``), environment, then overrides."""
    overrides = dict(overrides or {})
    name = overrides.get("ENV_NAME") or os.environ.get("FUNDAPP_ENV", "development")
    if name not in ENVIRONMENTS:
        raise MissingSetting(f"FUNDAPP_ENV must be one of {', '.join(ENVIRONMENTS)}, not {name!r}")
    cls = ENVIRONMENTS[name]
    settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
    for key in FROM_ENVIRONMENT:
        if os.environ.get(key):
            settings[key] = os.environ[key]
    settings.update(overrides)
    missing = [key for key in getattr(cls, "REQUIRED", ()) if not settings.get(key)]
    if missing:
        raise MissingSetting(
            f"the {name} settings need {' and '.join(missing)} from the environment; refusing to start"
        )
    settings["TOKEN_LIFETIME_HOURS"] = int(settings["TOKEN_LIFETIME_HOURS"])
    return settings
