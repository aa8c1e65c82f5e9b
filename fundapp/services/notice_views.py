"""Reading notices: a borrower user sees its own; staff see all."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..db.models import Notice, User
from . import reach

WHAT = "thông báo / notice"


def notice_query(*, viewer: User | None, borrower_id: int | None = None, loan_id: int | None = None,
                 kind: str | None = None) -> Select:
    query = select(Notice).order_by(Notice.id.desc())
    own = reach.own_borrower_id(viewer)
    if reach.is_borrower_user(viewer):
        query = query.where(Notice.borrower_id == own)
    if borrower_id is not None:
        query = query.where(Notice.borrower_id == borrower_id)
    if loan_id is not None:
        query = query.where(Notice.loan_id == loan_id)
    if kind:
        query = query.where(Notice.kind == kind)
    return query


def get_notice(session: Session, notice_id: int, *, viewer: User | None) -> Notice:
    notice = reach.find(session, Notice, notice_id, what=WHAT)
    reach.check_borrower_reach(viewer, notice.borrower_id, what=WHAT, ident=notice_id)
    return notice
