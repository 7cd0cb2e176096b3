"""Officers' accounts on SQLite and real PostgreSQL: argon2 hashes, lockout that holds across
server processes (two separate engines here), and sessions that end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select

from bot.concern_log.store import ConcernStore
from bot.officers.accounts import (
    ABSOLUTE,
    IDLE,
    LOCKOUT,
    MAX_FAILURES,
    AccountError,
    OfficerAccounts,
    token_hash,
    utcnow,
)
from bot.officers.schema import officer_sessions, officers

EMAIL, PASSWORD = "Officer@Burnley.gov.uk", "a long passphrase"


def test_passwords_are_argon2_hashes_and_emails_are_unique(empty_store: ConcernStore) -> None:
    accounts = OfficerAccounts(empty_store.engine)
    accounts.add(EMAIL, PASSWORD)
    with empty_store.engine.connect() as connection:
        stored = connection.execute(select(officers.c.email, officers.c.password_hash)).one()
    assert stored.email == "officer@burnley.gov.uk"
    assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
    with pytest.raises(AccountError):
        accounts.add("officer@burnley.gov.uk", PASSWORD)
    with pytest.raises(AccountError):
        accounts.add("someone@example.org", "short")
    assert accounts.authenticate("officer@burnley.gov.uk ", PASSWORD) is not None
    assert accounts.authenticate(EMAIL, PASSWORD + "x") is None
    assert accounts.authenticate("nobody@example.org", PASSWORD) is None


def test_lockout_holds_across_processes(empty_store: ConcernStore) -> None:
    first = OfficerAccounts(empty_store.engine)
    first.add(EMAIL, PASSWORD)
    second = OfficerAccounts(create_engine(empty_store.url, future=True))  # another process
    now = utcnow()
    for attempt in range(MAX_FAILURES):
        accounts = first if attempt % 2 else second
        assert accounts.authenticate(EMAIL, "wrong password", now=now) is None
    assert first.is_locked(EMAIL, now=now) and second.is_locked(EMAIL, now=now)
    assert second.authenticate(EMAIL, PASSWORD, now=now) is None  # even the right one
    later = now + LOCKOUT + timedelta(seconds=1)
    assert first.authenticate(EMAIL, PASSWORD, now=later) is not None
    second.engine.dispose()


def test_sessions_keep_only_a_hash_and_end(empty_store: ConcernStore) -> None:
    accounts = OfficerAccounts(empty_store.engine)
    officer = accounts.add(EMAIL, PASSWORD)
    now = utcnow()
    token = accounts.start_session(officer, now=now)
    with empty_store.engine.connect() as connection:
        stored = connection.execute(select(officer_sessions.c.token_hash)).scalar_one()
    assert stored == token_hash(token) and token not in stored
    session = accounts.session(token, now=now)
    assert session is not None and session.officer.email == officer.email
    assert accounts.session("forged" + token, now=now) is None
    assert accounts.session(token, now=now + IDLE + timedelta(seconds=1)) is None  # idle
    token = accounts.start_session(officer, now=now)
    assert accounts.session(token, now=now + ABSOLUTE) is None  # too old, however busy
    token = accounts.start_session(officer, now=now)
    accounts.end_session(token)
    assert accounts.session(token, now=now) is None
