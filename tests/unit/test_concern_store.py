"""The concern log's storage, on SQLite (embedded default) and real PostgreSQL (production)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from bot.concern_log.export import parse_duration, purge_older_than, write_export
from bot.concern_log.record import build_record, time_band
from bot.concern_log.store import ConcernStore, StoreUnavailable
from bot.routing.directory import Directory
from tests.databases import TcpProxy, postgres_database, upgraded_store

MOMENT = datetime(2026, 11, 20, 21, 30, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ConcernStore]:
    with upgraded_store(request.param, tmp_path) as upgraded:
        yield upgraded


def record(directory: Directory, message_id: str = "m1", **overrides: object):
    fields = {
        "message_id": message_id,
        "concern_id": "asb",
        "borough": "hyndburn",
        "place": "Oswaldtwistle",
        "sector": "BB5 3",
        "moment": MOMENT,
        "connector": "socketio",
        "recurrence": "ongoing",
        "redacted_description": "lads on bikes every night",
    }
    return build_record(directory, **{**fields, **overrides})


def test_a_record_is_stored_once_even_when_the_turn_is_retried(
    store: ConcernStore, directory: Directory
) -> None:
    assert store.add(record(directory)) is True
    assert store.add(record(directory)) is False
    assert store.count() == 1


def test_what_is_kept_is_coarse_and_nothing_identifies(
    store: ConcernStore, directory: Directory
) -> None:
    store.add(record(directory))
    (row,) = list(store.rows())
    assert row == {
        "id": row["id"],
        "concern_type": "asb",
        "category": "asb",
        "subtype": directory.concerns["asb"].subtype,
        "priority": 1,
        "borough": "hyndburn",
        "place": "Oswaldtwistle",
        "sector": "BB5 3",
        "reported_on": date(2026, 11, 20),
        "time_band": "evening",
        "channel": "web",
        "recurrence": "ongoing",
        "description": "lads on bikes every night",
        "is_synthetic": False,
        "language": "en",
    }


def test_a_full_postcode_cannot_be_kept_as_a_sector(directory: Directory) -> None:
    with pytest.raises(ValueError):
        record(directory, sector="BB5 3AB")


def test_the_database_refuses_values_outside_the_schema(
    store: ConcernStore, directory: Directory
) -> None:
    bad = record(directory)
    with pytest.raises(IntegrityError):
        store.add(type(bad)(**{**bad.as_row(), "channel": "carrier pigeon"}))
    assert store.count() == 0


def test_export_csv_and_json_hold_every_record_and_no_key(
    store: ConcernStore, directory: Directory
) -> None:
    for n in range(3):
        store.add(record(directory, message_id=f"m{n}"))
    as_csv, as_json = io.StringIO(), io.StringIO()
    assert write_export(store, as_csv, "csv") == 3
    assert write_export(store, as_json, "json") == 3
    rows = list(csv.DictReader(io.StringIO(as_csv.getvalue())))
    assert len(rows) == 3 and "idempotency_key" not in rows[0]
    parsed = json.loads(as_json.getvalue())
    assert [r["id"] for r in parsed] == [int(r["id"]) for r in rows]


def test_purge_removes_only_what_is_older_than_the_retention(
    store: ConcernStore, directory: Directory
) -> None:
    store.add(record(directory, message_id="old", moment=datetime(2024, 1, 2, tzinfo=timezone.utc)))
    store.add(record(directory, message_id="new"))
    assert purge_older_than(store, "730d", today=date(2026, 11, 24)) == 1
    assert [r["reported_on"] for r in store.rows()] == [date(2026, 11, 20)]


@pytest.mark.parametrize(("text", "days"), [("90d", 90), ("12w", 84), ("24m", 720), ("2y", 730)])
def test_durations(text: str, days: int) -> None:
    assert parse_duration(text).days == days


def test_bad_durations_are_refused() -> None:
    with pytest.raises(ValueError):
        parse_duration("forever")


@pytest.mark.parametrize(
    ("hour", "band"), [(0, "night"), (7, "morning"), (13, "afternoon"), (23, "evening")]
)
def test_time_bands_are_local_quarters_of_the_day(hour: int, band: str) -> None:
    winter = datetime(2026, 1, 10, hour, 15, tzinfo=timezone.utc)  # GMT: local = UTC
    assert time_band(winter) == band


@pytest.mark.postgres
def test_an_unreachable_database_stores_nothing_and_recovers_without_restart(
    directory: Directory,
) -> None:
    proxy = TcpProxy()
    try:
        with postgres_database(port=proxy.port) as url:
            store = ConcernStore(url)
            store.upgrade()
            assert store.add(record(directory, message_id="before"))
            proxy.cut()
            with pytest.raises(StoreUnavailable):
                store.add(record(directory, message_id="during"))
            proxy.restore()
            assert store.add(record(directory, message_id="after"))  # same store, no restart
            assert store.count() == 2
            store.engine.dispose()
    finally:
        proxy.close()
