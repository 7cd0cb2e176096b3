"""A small concern log whose every figure was worked out by hand (see the tests' comments).

Two complete weeks: W1 starts Monday 2 November 2026, W2 Monday 9 November 2026.
  W1: asb Burnley (Padiham, web) x12; asb Hyndburn (BB5 3, messenger) x3;
      noise Burnley (web) x10; domestic abuse Pendle (web) x2                  -> 27
  W2: asb Burnley (Padiham, web) x13; speeding Rossendale (Bacup, other) x11;
      fly-tipping, no borough (web) x1; hate crime outside the area (web) x4    -> 29
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from bot.concerns.record import build_record
from bot.concerns.store import ConcernStore
from bot.directory import Directory
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


def load(store: ConcernStore, directory: Directory, rows: list[tuple] = ROWS) -> None:
    number = 0
    for day, concern, borough, place, sector, channel, count in rows:
        for _ in range(count):
            number += 1
            store.add(
                build_record(
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
                )
            )
