"""Alembic environment: the URL comes from the caller (fundapp.db.migrate) or DATABASE_URL."""
from __future__ import annotations

import os

from alembic import context

from fundapp.db.models import Base
from fundapp.db.session import make_engine

config = context.config
url = config.attributes.get("database_url") or os.environ.get("DATABASE_URL")
if not url:
    import config as settings

    url = settings.load()["DATABASE_URL"]


def run_migrations_online() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            compare_type=True,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
