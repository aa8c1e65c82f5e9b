"""Writing many rows at once, in the caller's transaction: the loan book import and the generated
demo book (``services.importing.loading``, ``services.synthetic``).

Rows go in with Core ``executemany`` on SQLite and ``COPY … FROM STDIN`` on PostgreSQL (psycopg's
``executemany`` sends one INSERT a row), never one ORM object at a time, so the audit trail records
the batch that names them, not each row. The ids the next rows point at are reserved beforehand
and written explicitly: ``RETURNING`` in parameter order would make SQLite insert one row at a time.
"""
from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import JSON, func, insert, select, text
from sqlalchemy.orm import Session

CHUNK = 5_000
Progress = Callable[[str, int, int], None]  # (what, done, total)


class Writer:
    """Inserts in chunks (no ORM bookkeeping per row), counting rows for a progress bar:
    ``write(Model, rows, ids=True)`` returns the new ids, in the order of ``rows``."""

    def __init__(self, session: Session, progress: Progress | None, total: int, *, label: str = "write"):
        self.session, self.progress, self.total, self.done, self.label = session, progress, total, 0, label
        self.postgresql = session.get_bind().dialect.name == "postgresql"

    def reserve(self, table, count: int) -> list[int]:
        """``count`` new ids for ``table``: from its sequence on PostgreSQL; on SQLite after the
        largest id, which is safe because the transaction holds the database's write lock."""
        if not count:
            return []
        if self.postgresql:
            return list(self.session.scalars(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) "
                                                  "FROM generate_series(1, :n)"), {"t": table.name, "n": count}))
        last = self.session.scalar(select(func.coalesce(func.max(table.c.id), 0)))
        return list(range(last + 1, last + count + 1))

    def _copy(self, table, rows: list[dict]) -> None:
        """``COPY … FROM STDIN`` in the session's transaction, each value made what SQLAlchemy would
        send (the columns' bind processors: rates as text, enums as their values), and the columns'
        Python defaults filled in as an INSERT would. JSON is sent as its text, serialized once per
        object: a value many rows share (a generated book's plan) is serialized once per chunk (the
        rows keep it alive meanwhile, so its ``id`` names it)."""
        dialect = self.session.get_bind().dialect
        defaults = {c.key: c.default.arg for c in table.columns
                    if c.key not in rows[0] and c.default is not None and c.default.is_scalar}
        serialize = dialect._json_serializer or json.dumps
        texts: dict[int, str] = {}

        def as_json(value) -> str:
            text_ = texts.get(id(value))
            if text_ is None:
                text_ = texts[id(value)] = serialize(value)
            return text_

        columns = [(name, defaults.get(name),
                    as_json if isinstance(table.c[name].type, JSON) else
                    table.c[name].type._cached_bind_processor(dialect)) for name in [*rows[0], *defaults]]
        raw = self.session.connection().connection.driver_connection
        names = ", ".join(name for name, _, _ in columns)
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([value if (value := row.get(name, default)) is None or p is None else p(value)
                                for name, default, p in columns])

    def __call__(self, model, rows: list[dict], *, ids: bool = False) -> list[int]:
        table = model.__table__
        created = self.reserve(table, len(rows)) if ids else []
        for row, new_id in zip(rows, created):
            row["id"] = new_id
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            if self.postgresql:
                self._copy(table, chunk)
            else:
                self.session.execute(insert(table), chunk)
            self.done += len(chunk)
            if self.progress:
                self.progress(self.label, min(self.done, self.total), self.total)
        return created


def analyze(session: Session, models) -> None:
    """PostgreSQL: refresh the planner's statistics of tables just filled in bulk, in the caller's
    transaction (ANALYZE counts the rows its own transaction inserted). Until autovacuum gets to
    them the planner takes a table of a hundred thousand rows for an empty one, and a correlated
    subquery over it becomes a scan per row. SQLite plans without statistics."""
    if session.get_bind().dialect.name == "postgresql":
        for model in models:
            session.execute(text(f"ANALYZE {model.__table__.name}"))
