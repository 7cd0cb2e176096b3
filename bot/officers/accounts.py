"""Officer accounts: adding them, signing in with lockout, and sessions that really end.

* Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second recommended
  profile) and never stored or logged in clear.
* After MAX_FAILURES wrong passwords in a row an account is locked for LOCKOUT; while locked,
  even the right password is refused. The count lives in the database, so it holds across
  server processes, and is raised with one UPDATE so two processes cannot lose a failure.
* A session is a random token in the officer's cookie; the database keeps only its SHA-256,
  so a copy of the database does not let anyone sign in. Signing out deletes the row. A session
  ends after IDLE without a request or ABSOLUTE after sign-in, whichever comes first.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.officers.schema import officer_sessions, officers

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
IDLE = timedelta(hours=1)
ABSOLUTE = timedelta(hours=10)
MIN_PASSWORD = 12
TOUCH_EVERY = timedelta(minutes=1)  # how often a session's last request time is saved
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_hasher = PasswordHasher()
# Verified against when the email is unknown, so an unknown address takes as long as a known one.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """An account cannot be added as asked (bad email, short password, already exists)."""


@dataclass(frozen=True)
class Officer:
    id: int
    email: str


@dataclass(frozen=True)
class Session:
    officer: Officer
    csrf_token: str
    expires_at: datetime


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


class OfficerAccounts:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ---------------------------------------------------------------- accounts

    def add(self, email: str, password: str) -> Officer:
        email = normalise_email(email)
        if not EMAIL.match(email):
            raise AccountError(f"{email!r} is not an email address")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
        row = {"email": email, "password_hash": _hasher.hash(password), "created_at": utcnow()}
        try:
            with self.engine.begin() as connection:
                result = connection.execute(insert(officers).values(**row))
                officer_id = result.inserted_primary_key[0]
        except IntegrityError as error:
            raise AccountError(f"an officer with email {email} already exists") from error
        return Officer(officer_id, email)

    def set_password(self, email: str, password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
        with self.engine.begin() as connection:
            found = connection.execute(
                update(officers)
                .where(officers.c.email == normalise_email(email))
                .values(password_hash=_hasher.hash(password), failed_attempts=0, locked_until=None)
            )
            if not found.rowcount:
                raise AccountError(f"no officer has email {email}")

    # ---------------------------------------------------------------- signing in

    def authenticate(
        self, email: str, password: str, now: datetime | None = None
    ) -> Officer | None:
        """The officer if the password is right and the account not locked; else None."""
        now = now or utcnow()
        email = normalise_email(email)
        with self.engine.connect() as connection:
            row = connection.execute(
                select(officers).where(officers.c.email == email)
            ).one_or_none()
        if row is None:
            self._verify(_DUMMY_HASH, password)
            return None
        if row.locked_until is not None and row.locked_until > now:
            self._verify(_DUMMY_HASH, password)
            return None
        if not self._verify(row.password_hash, password):
            self._record_failure(row.id, now)
            return None
        with self.engine.begin() as connection:
            connection.execute(
                update(officers)
                .where(officers.c.id == row.id)
                .values(failed_attempts=0, locked_until=None, last_sign_in=now)
            )
        if _hasher.check_needs_rehash(row.password_hash):
            self.set_password(email, password)
        return Officer(row.id, row.email)

    @staticmethod
    def _verify(password_hash: str, password: str) -> bool:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def _record_failure(self, officer_id: int, now: datetime) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(officers)
                .where(officers.c.id == officer_id)
                .values(failed_attempts=officers.c.failed_attempts + 1)
            )
            connection.execute(
                update(officers)
                .where(officers.c.id == officer_id, officers.c.failed_attempts >= MAX_FAILURES)
                .values(failed_attempts=0, locked_until=now + LOCKOUT)
            )

    def is_locked(self, email: str, now: datetime | None = None) -> bool:
        now = now or utcnow()
        with self.engine.connect() as connection:
            until = connection.execute(
                select(officers.c.locked_until).where(officers.c.email == normalise_email(email))
            ).scalar_one_or_none()
        return until is not None and until > now

    # ---------------------------------------------------------------- sessions

    def start_session(self, officer: Officer, now: datetime | None = None) -> str:
        """A new session for `officer`; returns the token for the cookie (kept nowhere else)."""
        now = now or utcnow()
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            connection.execute(
                insert(officer_sessions).values(
                    token_hash=token_hash(token),
                    officer_id=officer.id,
                    csrf_token=secrets.token_urlsafe(32),
                    created_at=now,
                    last_seen=now,
                    expires_at=now + ABSOLUTE,
                )
            )
        return token

    def session(self, token: str, now: datetime | None = None) -> Session | None:
        """The live session for a cookie's token (its idle time restarts), or None."""
        now = now or utcnow()
        s, o = officer_sessions.c, officers.c
        query = (
            select(s.id, s.csrf_token, s.last_seen, s.expires_at, o.id.label("officer_id"), o.email)
            .join_from(officer_sessions, officers, s.officer_id == o.id)
            .where(s.token_hash == token_hash(token))
        )
        with self.engine.begin() as connection:
            row = connection.execute(query).one_or_none()
            if row is None:
                return None
            if row.expires_at <= now or row.last_seen + IDLE <= now:
                connection.execute(delete(officer_sessions).where(s.id == row.id))
                return None
            if now - row.last_seen >= TOUCH_EVERY:  # a write per request would be wasted
                connection.execute(
                    update(officer_sessions).where(s.id == row.id).values(last_seen=now)
                )
        return Session(Officer(row.officer_id, row.email), row.csrf_token, row.expires_at)

    def end_session(self, token: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                delete(officer_sessions).where(officer_sessions.c.token_hash == token_hash(token))
            )

    def end_expired_sessions(self, now: datetime | None = None) -> int:
        now = now or utcnow()
        s = officer_sessions.c
        with self.engine.begin() as connection:
            result = connection.execute(
                delete(officer_sessions).where((s.expires_at <= now) | (s.last_seen <= now - IDLE))
            )
        return int(result.rowcount or 0)
