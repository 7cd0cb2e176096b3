"""Databases for the dashboard's tests: SQLite and real PostgreSQL, with the hand-worked
fixture loaded (tests/dashboard/fixture.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.concern_log.store import ConcernStore
from bot.routing.directory import Directory
from tests.dashboard import fixture
from tests.databases import upgraded_store


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ConcernStore]:
    with upgraded_store(request.param, tmp_path) as upgraded:
        yield upgraded


@pytest.fixture
def store(empty_store: ConcernStore, directory: Directory) -> ConcernStore:
    fixture.load(empty_store, directory)
    return empty_store
