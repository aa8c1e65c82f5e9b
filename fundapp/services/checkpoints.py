"""Stored checkpoints of a loan's fold (``domain.checkpoint``, table ``loan_checkpoints``).

Recording a repayment (or reversing one) takes one: the fold at the start of the latest value
date among the loan's events, or of the day a month before today if that is earlier
(``day_for``). A balance, a payoff quote, a schedule or the next repayment as of that day or
later then folds only the events from that day on, so a 20-year loan with 240 payments answers
about as fast as a new one (docs/benchmarks.md).

A checkpoint is a cache and is checked on every read, never trusted: it applies while every
event recorded after it (id above ``through_event_id``) is dated on or after its day, and every
reversal recorded after it reverses such an event. A back-dated payment, or the reversal of an
older one, simply makes the next read fold from the first event (and the next repayment stores a
new checkpoint). Events are append-only, so nothing else can change what it folded.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..db.models import EventKind, LoanCheckpoint, LoanEvent
from ..domain.checkpoint import Checkpoint, terms_digest
from ..domain.terms import LoanTerms

# A checkpoint stays this far behind the business date, so that a payment keyed in up to a month
# after its value date (a bank statement read late) still resumes from it.
KEPT_BEHIND = timedelta(days=31)
# What ``loans.domain_events`` reads of an event row.
EVENT_FIELDS = (LoanEvent.id, LoanEvent.loan_id, LoanEvent.kind, LoanEvent.value_date, LoanEvent.amount,
                LoanEvent.reverses_id, LoanEvent.details)


def day_for(*, latest_value_date: date, today: date) -> date:
    """Where to take a checkpoint: the start of the loan's latest value date, but no later than a
    month before today. (Before the first event there is none: the replay never reaches it.)"""
    return min(latest_value_date, today - KEPT_BEHIND)


def resumable(session: Session, loan_id: int, terms: LoanTerms, *, as_of: date) -> tuple[Checkpoint, list] | None:
    """The loan's stored checkpoint and the event rows to fold after it, if it still applies to a
    state as of ``as_of``; None means: fold from the first event."""
    stored = session.execute(select(LoanCheckpoint.day, LoanCheckpoint.through_event_id, LoanCheckpoint.terms_digest,
                                    LoanCheckpoint.fold).where(LoanCheckpoint.loan_id == loan_id)).first()
    if stored is None or stored.day > as_of or stored.terms_digest != terms_digest(terms):
        return None
    rows = session.execute(select(*EVENT_FIELDS).where(
        LoanEvent.loan_id == loan_id,
        or_(LoanEvent.value_date >= stored.day, LoanEvent.id > stored.through_event_id)).order_by(LoanEvent.id)).all()
    loaded = {row.id for row in rows}
    for row in rows:
        if row.id <= stored.through_event_id:
            continue
        if row.kind is EventKind.REVERSAL:
            if row.reverses_id not in loaded:  # it undoes an event the checkpoint folded
                return None
        elif row.value_date < stored.day:  # back-dated before the checkpoint
            return None
    checkpoint = Checkpoint.from_json(stored.fold)
    return None if checkpoint is None else (checkpoint, rows)


def _upsert(dialect: str):
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](LoanCheckpoint)
    return insert.on_conflict_do_update(index_elements=["loan_id"], set_={
        name: insert.excluded[name] for name in ("day", "through_event_id", "terms_digest", "fold")})


UPSERT = {dialect: _upsert(dialect) for dialect in ("postgresql", "sqlite")}  # one statement, compiled once


def save(session: Session, loan_id: int, checkpoint: Checkpoint, *, through_event_id: int, terms: LoanTerms) -> None:
    """Store (or replace) the loan's checkpoint: one upsert, outside the audit trail (a cache)."""
    session.execute(UPSERT[session.get_bind().dialect.name], {
        "loan_id": loan_id, "day": checkpoint.day, "through_event_id": through_event_id,
        "terms_digest": terms_digest(terms), "fold": checkpoint.to_json()})
