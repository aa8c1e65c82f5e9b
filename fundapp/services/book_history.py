"""The loan book at each closed month end, by debt group: what the dashboard's chart draws.

Read from the month-end snapshots (``MonthEndSnapshot``, one per loan per closed month; a closed
month never changes), summed by the database. Only months with a ``MonthClose`` appear, the
latest ``months`` of them, oldest first; every group 1–5 is present in each (zero when empty)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import MonthClose, MonthEndSnapshot
from ..domain.classification import GROUPS, is_bad_debt


def outstanding_by_month(session: Session, *, months: int = 12) -> list[dict]:
    """``[{month_end, by_group: {1..5: đồng}, total, bad_debt}]`` for the last ``months`` closed months."""
    ends: list[date] = sorted(session.scalars(select(MonthClose.month_end).order_by(MonthClose.month_end.desc())
                                              .limit(months)))
    if not ends:
        return []
    sums = session.execute(
        select(MonthEndSnapshot.month_end, MonthEndSnapshot.debt_group,
               func.coalesce(func.sum(MonthEndSnapshot.principal_outstanding), 0))
        .where(MonthEndSnapshot.month_end.in_(ends))
        .group_by(MonthEndSnapshot.month_end, MonthEndSnapshot.debt_group)).all()
    table = {end: {group: 0 for group in GROUPS} for end in ends}
    for end, group, amount in sums:
        table[end][group] = table[end].get(group, 0) + int(amount)
    return [{"month_end": end, "by_group": by_group, "total": sum(by_group.values()),
             "bad_debt": sum(amount for group, amount in by_group.items() if is_bad_debt(group))}
            for end, by_group in table.items()]
