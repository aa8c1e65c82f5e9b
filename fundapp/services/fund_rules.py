"""The fund's rule tables as settings (``domain.fund_rules``, table ``fund_rules``): which set is
in force on a date, and adopting a new set from a later date.

A new set takes effect from a business date after today, never backwards: what was classified,
provisioned and booked stays as it was. End of day replays every loan on the day a set takes
effect (``takes_effect_on``), so each loan's group is booked under the new thresholds at once.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import FundRulesVersion
from ..domain import fund_rules
from ..domain.errors import NotFound, StateConflict
from ..domain.fund_rules import DEFAULT_RULES, FundRules, InvalidRules

_CACHE = "fund_rules"  # session.info key: (transaction, [(effective_from, rules)]), read once per transaction


def _versions(session: Session) -> list[tuple[date, FundRules]]:
    transaction, cached = session.info.get(_CACHE, (None, None))
    if cached is None or transaction is not session.get_transaction():
        with session.no_autoflush:  # nothing pending changes the rules (``adopt`` flushes its own)
            rows = session.execute(select(FundRulesVersion.effective_from, FundRulesVersion.rules)
                                   .order_by(FundRulesVersion.effective_from)).all()
        cached = [(day, fund_rules.check(**values)) for day, values in rows]
        session.info[_CACHE] = (session.get_transaction(), cached)
    return cached


def rules_on(session: Session, day: date) -> FundRules:
    """The rules in force on ``day``: the latest set adopted from that day or before, else the defaults."""
    found = DEFAULT_RULES
    for effective_from, rules in _versions(session):
        if effective_from > day:
            break
        found = rules
    return found


def takes_effect_on(session: Session, day: date) -> bool:
    return any(effective_from == day for effective_from, _ in _versions(session))


def history(session: Session) -> list[dict]:
    """Every set adopted, newest first, with the defaults in force before the first."""
    rows = session.scalars(select(FundRulesVersion).order_by(FundRulesVersion.effective_from.desc())).all()
    return [as_item(row) for row in rows]


def overview(session: Session, *, today: date) -> dict:
    """What is in force today, and every set adopted."""
    versions = history(session)
    in_force = next((item for item in versions if item["effective_from"] <= today),
                    {"id": None, "effective_from": None, "decision_no": None, "recorded_by": None,
                     "recorded_at": None, **fund_rules.as_fields(DEFAULT_RULES)})
    return {"as_of": today, "in_force": in_force, "versions": versions}


def as_item(row: FundRulesVersion) -> dict:
    return {"id": row.id, "effective_from": row.effective_from, "decision_no": row.decision_no,
            "recorded_by": row.recorded_by, "recorded_at": row.recorded_at, **row.rules}


def adopt(session: Session, *, effective_from: date, decision_no: str, recorded_by: int, today: date,
          **values) -> dict:
    """Adopt a new set from ``effective_from`` (after today); ``values`` as ``fund_rules.check``."""
    if effective_from <= today:
        raise InvalidRules(f"Ngày hiệu lực phải sau hôm nay ({today:%d/%m/%Y}): không áp dụng hồi tố / the set takes "
                           "effect from a day after today, never backwards", field="effective_from",
                           today=today.isoformat())
    if not (decision_no or "").strip():
        raise InvalidRules("Cần số quyết định / a decision number is required", field="decision_no")
    rules = fund_rules.check(**values)
    if any(day == effective_from for day, _ in _versions(session)):
        raise InvalidRules(f"Đã có bộ quy định hiệu lực từ {effective_from:%d/%m/%Y} / a set already takes effect "
                           "on that day", field="effective_from")
    row = FundRulesVersion(effective_from=effective_from, rules=fund_rules.as_fields(rules),
                           decision_no=decision_no.strip(), recorded_by=recorded_by, recorded_at=now_utc())
    session.add(row)
    session.flush()
    session.info.pop(_CACHE, None)
    return as_item(row)


def withdraw(session: Session, *, version_id: int, today: date) -> None:
    """Withdraw a set adopted by mistake, while it has not yet taken effect (afterwards only a new
    set from a later day can change the rules)."""
    row = session.get(FundRulesVersion, version_id) if 1 <= version_id <= 2**31 - 1 else None
    if row is None:
        raise NotFound(f"Không có bộ quy định số {version_id} / no set of rules {version_id}")
    if row.effective_from <= today:
        raise StateConflict(f"Bộ quy định đã áp dụng từ {row.effective_from:%d/%m/%Y}, không rút lại được / the set "
                            "already applies; adopt a new one from a later day", rule="fund_rules_in_force",
                            effective_from=row.effective_from.isoformat())
    session.delete(row)
    session.flush()
    session.info.pop(_CACHE, None)
