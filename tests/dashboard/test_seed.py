"""The synthetic generator: marked synthetic, shaped by the project's data, and refused
against a database that holds real concerns."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.concern_log.schema import concerns
from bot.concern_log.seed import SeedRefused, seed
from bot.concern_log.store import ConcernStore
from bot.places.locate import load_gazetteer
from bot.routing.directory import Directory
from bot.trends.filters import Filters
from bot.trends.queries import TrendQueries
from tests.dashboard import fixture
from tests.databases import sqlite_url

TODAY = date(2026, 11, 24)


def test_rows_are_synthetic_and_drawn_from_the_projects_data(
    empty_store: ConcernStore, directory: Directory
) -> None:
    seed(empty_store, 3000, today=TODAY, seed=7)
    with empty_store.engine.connect() as connection:
        rows = connection.execute(select(concerns)).all()
    assert len(rows) == 3000 and all(row.is_synthetic for row in rows)
    assert {row.concern_type for row in rows} <= set(directory.concerns)
    assert all(directory.concerns[r.concern_type].category == r.category for r in rows)
    boroughs = Counter(row.borough for row in rows)
    assert set(boroughs) == {*directory.boroughs, "outside", None}
    assert boroughs["blackburn_with_darwen"] > boroughs["rossendale"]  # by population
    names = {p.name for p in load_gazetteer().places} | {p.name for p in load_gazetteer().outside}
    assert {row.place for row in rows if row.place} <= names
    assert all(row.sector is None or row.sector[:2] in ("BB", "BL", "OL") for row in rows)
    days = [row.reported_on for row in rows]
    assert min(days) >= TODAY - timedelta(days=729) and max(days) <= TODAY
    assert (
        TrendQueries(empty_store.engine).total(Filters(TODAY - timedelta(days=729), TODAY)) == 3000
    )


def test_refused_against_a_database_with_real_concerns(
    tmp_path: Path, directory: Directory, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    store = ConcernStore(sqlite_url(tmp_path))
    store.upgrade()
    fixture.load(store, directory, fixture.ROWS[:1])
    with pytest.raises(SeedRefused):
        seed(store, 10)
    monkeypatch.setenv("DATABASE_URL", sqlite_url(tmp_path))
    assert main(["concerns", "seed", "--n", "10"]) == 2
    assert "real concerns" in capsys.readouterr().err
    assert store.count(synthetic=True) == 0 and store.count() == 12
