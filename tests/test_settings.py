"""Settings: production refuses to start without its secrets; the clock can be fixed."""
from __future__ import annotations

from datetime import date

import pytest

import config
from fundapp import clock


def test_production_refuses_to_start_without_database_url_and_secret_key(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(config.MissingSetting, match="DATABASE_URL and SECRET_KEY"):
        config.load({"ENV_NAME": "production"})
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/fund")
    with pytest.raises(config.MissingSetting, match="SECRET_KEY"):
        config.load({"ENV_NAME": "production"})
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    assert config.load({"ENV_NAME": "production"})["DATABASE_URL"] == "postgresql://db/fund"


def test_development_uses_an_sqlite_file_under_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = config.load({"ENV_NAME": "development"})
    assert settings["DATABASE_URL"].startswith("sqlite:///") and "instance" in settings["DATABASE_URL"]


def test_the_business_date_is_what_fundapp_today_says_and_moves_when_it_changes(app):
    with app.app_context():
        assert clock.today() == date(2025, 6, 30)
        app.config["FUNDAPP_TODAY"] = "2025-07-01"
        assert clock.today() == date(2025, 7, 1)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    from sqlalchemy import text

    from fundapp.db.session import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 15000
    engine.dispose()


def test_the_layers_hold_the_domain_imports_neither_flask_nor_sqlalchemy():
    """import-linter's contracts in pyproject.toml: interfaces → services → db → domain."""
    import subprocess
    import sys
    from pathlib import Path

    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
