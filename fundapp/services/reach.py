"""What a caller may see: staff see the whole fund, a borrower user only its own borrower.

Every lookup by id goes through ``find``, so that an id outside the caller's reach and an id that
does not exist give the same 404 (api.md: a borrower user never learns that another's ids exist).
"""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from ..db.models import Role, User
from ..domain.errors import NotFound

T = TypeVar("T")
MAX_ID = 2**31 - 1


def own_borrower_id(viewer: User | None) -> int | None:
    """The borrower a portal user speaks for; ``None`` for staff (who see every borrower)."""
    if viewer is not None and viewer.role is Role.BORROWER:
        return viewer.borrower_id
    return None


def is_borrower_user(viewer: User | None) -> bool:
    return viewer is not None and viewer.role is Role.BORROWER


def find(session: Session, model: type[T], ident, *, what: str, lock: bool = False) -> T:
    """The row with this id, or NotFound naming ``what`` (``"khách hàng / borrower"``)."""
    row = None
    if isinstance(ident, int) and 1 <= ident <= MAX_ID:
        row = session.get(model, ident, with_for_update=lock or None)
    if row is None:
        raise NotFound(f"Không tìm thấy {what} số {ident} / no {what.split(' / ')[-1]} with id {ident}")
    return row


def check_borrower_reach(viewer: User | None, borrower_id: int, *, what: str, ident) -> None:
    """A borrower user asking for another borrower's record gets the same 404 as for no record."""
    own = own_borrower_id(viewer)
    if is_borrower_user(viewer) and own != borrower_id:
        raise NotFound(f"Không tìm thấy {what} số {ident} / no {what.split(' / ')[-1]} with id {ident}")
