"""The application factory. It reads like a table of contents: settings, database, API, pages, CLI."""
from __future__ import annotations

import logging

from flask import Flask

import config as settings

from . import unit_of_work
from .db import audit
from .db.session import make_engine, make_session_factory


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides the settings of ``FUNDAPP_ENV`` and the environment."""
    app = Flask(__name__, instance_path=str(settings.INSTANCE_DIR), instance_relative_config=False)
    app.config.update(settings.load(config))
    logging.basicConfig(level=logging.INFO)

    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        settings.INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    engine = make_engine(app.config["DATABASE_URL"], echo=app.config["SQLALCHEMY_ECHO"])
    session_factory = make_session_factory(engine)
    audit.install(session_factory)
    app.extensions["fundapp.engine"] = engine
    app.extensions["fundapp.session_factory"] = session_factory
    unit_of_work.init_app(app)

    from . import api

    api.init_app(app)
    from . import web

    web.init_app(app)
    from . import cli

    cli.register(app)
    return app
