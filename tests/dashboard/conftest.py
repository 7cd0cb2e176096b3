"""Databases for the dashboard's tests: SQLite and real PostgreSQL, with the hand-worked
fixture loaded (tests/dashboard/fixture.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.concerns.store import ConcernStore
from bot.directory import Directory
from tests.dashboard import fixture
from tests.databases import postgres_database, sqlite_url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ConcernStore]:
    if request.param == "sqlite":
        store = ConcernStore(sqlite_url(tmp_path))
        store.upgrade()
        yield store
        store.engine.dispose()
    else:
        with postgres_database() as url:
            store = ConcernStore(url)
            store.upgrade()
            yield store
            store.engine.dispose()


@pytest.fixture
def store(empty_store: ConcernStore, directory: Directory) -> ConcernStore:
    fixture.load(empty_store, directory)
    return empty_store
