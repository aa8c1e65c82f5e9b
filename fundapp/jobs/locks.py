"""One end-of-day run at a time: a PostgreSQL advisory lock, or a lock row on SQLite."""
from __future__ import annotations

import os
import socket
import zlib
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import delete, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..clock import now_utc
from ..db.models import JobLock

STALE_AFTER = timedelta(hours=6)  # a lock row older than this on SQLite belongs to a dead run


class Busy(Exception):
    """Another run holds the lock."""


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(holder: str) -> bool:
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname():
        return True  # cannot tell; trust the age rule
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, ValueError):
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def run_lock(engine: Engine, name: str):
    """Hold the named lock for the duration of the block, or raise Busy at once."""
    if engine.dialect.name == "postgresql":
        key = zlib.crc32(name.encode())
        connection = engine.connect()
        try:
            if not connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
                raise Busy(name)
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                connection.commit()
        finally:
            connection.close()
        return
    with engine.begin() as connection:
        row = connection.execute(select(JobLock).where(JobLock.name == name)).first()
        if row is not None and (not _alive(row.holder) or now_utc() - row.acquired_at.replace(
                tzinfo=now_utc().tzinfo) > STALE_AFTER):
            connection.execute(delete(JobLock).where(JobLock.name == name))
    try:
        with engine.begin() as connection:
            connection.execute(JobLock.__table__.insert().values(name=name, holder=_holder(), acquired_at=now_utc()))
    except IntegrityError as error:
        raise Busy(name) from error
    try:
        yield
    finally:
        with engine.begin() as connection:
            connection.execute(delete(JobLock).where(JobLock.name == name, JobLock.holder == _holder()))
