"""A small concern log whose every figure was worked out by hand (see the tests' comments).

Two complete weeks: W1 starts Monday 2 November 2026, W2 Monday 9 November 2026.
  W1: asb Burnley (Padiham, web) x12; asb Hyndburn (BB5 3, messenger) x3;
      noise Burnley (web) x10; domestic abuse Pendle (web) x2                  -> 27
  W2: asb Burnley (Padiham, web) x13; speeding Rossendale (Bacup, other) x11;
      fly-tipping, no borough (web) x1; hate crime outside the area (web) x4    -> 29
All in English. The languages' own fixture (LANGUAGE_ROWS) is the two weeks after, W3 from
Monday 16 November and W4 from Monday 23 November 2026, so both can share a database:
  W3: asb Burnley (Padiham, web) x20 English, x12 Urdu; noise Burnley (web) x4 Bengali;
      domestic abuse Pendle (web) x3 Polish                                     -> 39
  W4: speeding Rossendale (Bacup, other) x11 English, x8 Polish; asb Hyndburn (messenger)
      x2 Panjabi; fly-tipping Blackburn with Darwen (web) x13 Gujarati          -> 34
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone

from bot.concern_log.record import ConcernRecord, build_record
from bot.concern_log.schema import concerns
from bot.concern_log.store import ConcernStore
from bot.routing.directory import Directory
from bot.trends.filters import Filters

START, END = date(2026, 11, 2), date(2026, 11, 15)
FILTERS = Filters(start=START, end=END)
CONNECTORS = {"web": "socketio", "messenger": "facebook", "other": None}

# (day, concern, borough, place, sector, channel, how many)
ROWS = [
    (date(2026, 11, 3), "asb", "burnley", "Padiham", None, "web", 12),
    (date(2026, 11, 4), "asb", "hyndburn", None, "BB5 3", "messenger", 3),
    (date(2026, 11, 5), "noise", "burnley", None, None, "web", 10),
    (date(2026, 11, 6), "domestic_abuse", "pendle", None, None, "web", 2),
    (date(2026, 11, 10), "asb", "burnley", "Padiham", None, "web", 13),
    (date(2026, 11, 11), "road_speeding", "rossendale", "Bacup", None, "other", 11),
    (date(2026, 11, 12), "fly_tipping", None, None, None, "web", 1),
    (date(2026, 11, 13), "hate_crime", "outside", None, None, "web", 4),
]
TOTAL = 56

LANGUAGE_START, LANGUAGE_END = date(2026, 11, 16), date(2026, 11, 29)
LANGUAGE_FILTERS = Filters(start=LANGUAGE_START, end=LANGUAGE_END)
# (day, concern, borough, place, sector, channel, how many, language)
LANGUAGE_ROWS = [
    (date(2026, 11, 17), "asb", "burnley", "Padiham", None, "web", 20, "en"),
    (date(2026, 11, 18), "asb", "burnley", "Padiham", None, "web", 12, "ur"),
    (date(2026, 11, 19), "noise", "burnley", None, None, "web", 4, "bn"),
    (date(2026, 11, 20), "domestic_abuse", "pendle", None, None, "web", 3, "pl"),
    (date(2026, 11, 24), "road_speeding", "rossendale", "Bacup", None, "other", 11, "en"),
    (date(2026, 11, 25), "road_speeding", "rossendale", "Bacup", None, "other", 8, "pl"),
    (date(2026, 11, 26), "asb", "hyndburn", None, None, "messenger", 2, "pa"),
    (date(2026, 11, 27), "fly_tipping", "blackburn_with_darwen", None, None, "web", 13, "gu"),
]
LANGUAGE_TOTALS = {"en": 31, "ur": 12, "bn": 4, "pl": 11, "pa": 2, "gu": 13}  # 73


def records(directory: Directory, rows: list[tuple] = ROWS) -> Iterator[ConcernRecord]:
    """Each row `count` times; a row's eighth item, if any, is its language."""
    number = 0
    for day, concern, borough, place, sector, channel, count, *language in rows:
        for _ in range(count):
            number += 1
            yield build_record(
                directory,
                message_id=f"fixture-{day}-{number}",
                concern_id=concern,
                borough=borough,
                place=place,
                sector=sector,
                moment=datetime(day.year, day.month, day.day, 13, tzinfo=timezone.utc),
                connector=CONNECTORS[channel],
                recurrence="ongoing",
                redacted_description=None,
                language=language[0] if language else "en",
            )


def load(store: ConcernStore, directory: Directory, rows: list[tuple] = ROWS) -> None:
    for record in records(directory, rows):
        store.add(record)


def load_before_languages(store: ConcernStore, directory: Directory) -> None:
    """The fixture as a log from before migration 0004 holds it: no language column."""
    old = [{k: v for k, v in r.as_row().items() if k != "language"} for r in records(directory)]
    with store.engine.begin() as connection:
        connection.execute(concerns.insert(), old)
