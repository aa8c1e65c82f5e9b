"""Users, passwords (Argon2id) and bearer tokens (expiring, revocable, stored only as a hash)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import ApiToken, Role, User
from ..domain.errors import DomainError

_hasher = PasswordHasher()  # argon2-cffi's defaults are Argon2id (RFC 9106 low-memory profile)
# Verifying against this keeps an unknown email as slow as a wrong password (no user enumeration).
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def use_fast_hashing_for_tests() -> None:
    """Still Argon2id, with the smallest cost, so a test suite can create hundreds of users."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    _DUMMY_HASH = _hasher.hash("not-a-real-password")

MIN_PASSWORD_LENGTH = 10


class InvalidUser(DomainError):
    rule = "user_invalid"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(session: Session, *, email: str, role: Role | str, password: str, full_name: str = "",
                borrower_id: int | None = None) -> User:
    role = Role(role)
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise InvalidUser("not an email address", field="email")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidUser(f"a password needs at least {MIN_PASSWORD_LENGTH} characters", field="password")
    if (role is Role.BORROWER) != (borrower_id is not None):
        raise InvalidUser("a borrower user is bound to exactly one borrower; staff to none", field="borrower_id")
    if session.scalar(select(User.id).where(User.email == email)):
        raise InvalidUser(f"a user with email {email} exists already", field="email")
    user = User(email=email, role=role, password_hash=hash_password(password), full_name=full_name,
                borrower_id=borrower_id, active=True, created_at=now_utc())
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    """The user if the email and password match an active account; None otherwise, in equal time."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, *, user: User, lifetime_hours: int) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    now = now_utc()
    expires_at = now + timedelta(hours=lifetime_hours)
    session.add(ApiToken(user_id=user.id, token_hash=_digest(token), created_at=now, expires_at=expires_at))
    session.flush()
    return token, expires_at


def user_for_token(session: Session, token: str) -> User | None:
    """The active user holding this unrevoked, unexpired token (one statement: every API call asks)."""
    return session.scalar(select(User).join(ApiToken, ApiToken.user_id == User.id).where(
        ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None), ApiToken.expires_at > now_utc(),
        User.active.is_(True)))


def revoke_token(session: Session, token: str) -> bool:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now_utc()
    session.flush()
    return True
