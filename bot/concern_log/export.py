"""Export of the concern log (CSV or JSON to a stream) and retention by age."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, timedelta
from typing import IO

from bot.concern_log.store import EXPORT_COLUMNS, ConcernStore

# Records are anonymous, but are still kept no longer than the partnership needs: two years
# lets the board compare a year with the one before. See docs/privacy.md.
DEFAULT_RETENTION = "730d"
DURATION = re.compile(r"^(\d+)([dwmy])$")
DAYS_PER_UNIT = {"d": 1, "w": 7, "m": 30, "y": 365}


def parse_duration(text: str) -> timedelta:
    """'90d', '12w', '24m' (30-day months), '2y' (365-day years)."""
    match = DURATION.match(text.strip().lower())
    if not match:
        raise ValueError(f"{text!r} is not a duration like 90d, 12w, 24m or 2y")
    return timedelta(days=int(match.group(1)) * DAYS_PER_UNIT[match.group(2)])


def write_export(store: ConcernStore, out: IO[str], file_format: str) -> int:
    """Write every record to `out`; returns how many."""
    count = 0
    if file_format == "csv":
        writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in store.rows():
            writer.writerow(row)
            count += 1
    elif file_format == "json":
        out.write("[")
        for row in store.rows():
            out.write(("," if count else "") + "\n" + json.dumps(row, default=str))
            count += 1
        out.write("\n]\n")
    else:
        raise ValueError(f"unknown format {file_format!r}")
    return count


def purge_older_than(store: ConcernStore, duration: str, today: date | None = None) -> int:
    cutoff = (today or date.today()) - parse_duration(duration)
    return store.purge(cutoff)
