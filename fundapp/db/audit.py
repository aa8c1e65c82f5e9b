"""The audit trail, written by the session itself: every insert, update and delete flushed through
a session records who, when, what and the values before and after, in the same transaction.
Left out: caches and bookkeeping (``NOT_AUDITED``, derived columns) and the inserts of append-only
records that carry their own who and when (``SELF_RECORDING``: loan events, journal entries).

The edge that opens the session says who acts: ``session.info["actor"] = Actor(...)``.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from ..clock import now_utc
from .models.audit import AuditRecord

# job_runs is itself the history of batch runs; business_day_steps its bookkeeping.
NOT_AUDITED = {"audit_records", "idempotency_records", "api_tokens", "job_runs", "business_day_steps", "job_locks",
               "loan_checkpoints"}  # a cache of the loan's events (services.checkpoints)
# Append-only records that say themselves who recorded them and when (``recorded_by``,
# ``recorded_at``; a journal line through its entry): a copy of each insert would be the same row
# twice. An update or a delete of one (there should never be any) is still recorded.
SELF_RECORDING = {"loan_events", "journal_entries", "journal_lines"}
SECRET_COLUMNS = {"password_hash", "token_hash"}


@dataclass(frozen=True)
class Actor:
    id: int | None
    label: str  # an email, or "system"
    channel: str  # api, web, cli, job


SYSTEM = Actor(None, "system", "job")


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (date, datetime, Decimal)):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    return value


def _columns(obj, *, old: bool = False) -> dict:
    state = inspect(obj)
    values = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in SECRET_COLUMNS:
            values[key] = "***"
            continue
        history = state.attrs[key].history
        if old and history.deleted:
            values[key] = _plain(history.deleted[0])
        elif old and history.unchanged:
            values[key] = _plain(history.unchanged[0])
        elif old:
            values[key] = _plain(state.committed_state.get(key, getattr(obj, key, None)))
        else:
            values[key] = _plain(getattr(obj, key, None))
    return values


# Columns that cache what a loan's events give (``services.booking``): recomputable, changed by
# every booking and every end of day. The events and journal entries that move them are audited;
# an update that changes nothing else is not (it would be a record per loan per day).
DERIVED_PREFIXES = ("cached_", "carry_", "booked_")
# A loan's change counter moves with every money event, and the event itself is audited.
COUNTERS = frozenset({"version"})


def _changed(obj) -> bool:
    """Whether a column other than the derived ones changed. Only attributes set since the load
    are in ``committed_state`` (end of day sets forty derived ones on thousands of loans: looking
    at every attribute of every loan was a fifth of its time)."""
    state = inspect(obj)
    return any(get_history(obj, key).has_changes() for key in list(state.committed_state)
               if key in state.mapper.column_attrs and not key.startswith(DERIVED_PREFIXES) and key not in COUNTERS)


def install(session_factory) -> None:
    """Attach the audit listeners to every session the factory makes."""

    @event.listens_for(session_factory, "before_flush")
    def _record_updates_and_deletes(session: Session, _context, _instances):
        actor = session.info.get("actor", SYSTEM)
        for obj in list(session.dirty):
            if obj.__tablename__ in NOT_AUDITED or not _changed(obj):
                continue
            session.add(_record(actor, "update", obj, before=_columns(obj, old=True), after=_columns(obj)))
        for obj in list(session.deleted):
            if obj.__tablename__ in NOT_AUDITED:
                continue
            session.add(_record(actor, "delete", obj, before=_columns(obj, old=True), after=None))
        # Inserts are recorded after the flush, when their ids are known.
        session.info.setdefault("_audit_new", []).extend(
            o for o in session.new if o.__tablename__ not in NOT_AUDITED and o.__tablename__ not in SELF_RECORDING
        )

    @event.listens_for(session_factory, "after_flush_postexec")
    def _record_inserts(session: Session, _context):
        pending = session.info.pop("_audit_new", [])
        if not pending:
            return
        actor = session.info.get("actor", SYSTEM)
        for obj in pending:
            session.add(_record(actor, "insert", obj, before=None, after=_columns(obj)))
        # These new audit rows are flushed on the next flush (at the latest, on commit).


def _record(actor: Actor, action: str, obj, *, before, after) -> AuditRecord:
    identity = inspect(obj).identity
    return AuditRecord(
        at=now_utc(), actor_id=actor.id, actor=actor.label, channel=actor.channel, action=action,
        table_name=obj.__tablename__, row_id=",".join(str(v) for v in identity) if identity else "?",
        before=before, after=after,
    )
