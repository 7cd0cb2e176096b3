"""The rollups of the concern log, which the dashboard reads instead of a million rows.

* `concern_daily`, `concern_weekly`, `concern_monthly`: concerns per day (week, month),
  category, priority, borough, channel and synthetic flag. A range is read from the weekly
  or monthly table for its whole weeks or months and from the daily one for the days around.
* `concern_place_monthly`, `concern_place_weekly`: concerns with a named place or postcode
  sector, per month and per week.

Database triggers (migration 0002) keep them all exact on every insert, update and delete of
`concerns`, so the dashboard's totals still match `csp-bot concerns export`. A concern logged
without a borough is kept under borough "" (a key cannot hold NULL). On SQLite, a future
migration that rebuilds `concerns` in batch mode drops the triggers: such a migration must
create them again (tests/dashboard checks the rollups after upgrade).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Integer, MetaData, String, Table

metadata = MetaData()


def _counts(name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("reported_on", Date, primary_key=True),  # the day, Monday or first of the month
        Column("category", String(64), primary_key=True),
        Column("priority", Integer, primary_key=True),
        Column("borough", String(32), primary_key=True),
        Column("channel", String(16), primary_key=True),
        Column("is_synthetic", Boolean, primary_key=True),
        Column("n", Integer, nullable=False),
    )


concern_daily = _counts("concern_daily")
concern_weekly = _counts("concern_weekly")  # reported_on: the Monday of the week
concern_monthly = _counts("concern_monthly")  # reported_on: the first of the month
BY_GRAIN = {"day": concern_daily, "week": concern_weekly, "month": concern_monthly}

# Concerns with a named place or postcode sector, per calendar month (`month` is its first
# day), category, borough ("" when not given), channel and place (the named place, else the
# sector). The top-places view reads it for whole months and `concerns` for the days around.
concern_place_monthly = Table(
    "concern_place_monthly",
    metadata,
    Column("category", String(64), primary_key=True),
    Column("borough", String(32), primary_key=True),
    Column("place", String(80), primary_key=True),
    Column("channel", String(16), primary_key=True),
    Column("reported_on", Date, primary_key=True),  # the first day of the month
    Column("n", Integer, nullable=False),
)

# The same per week (`reported_on` is its Monday), keyed week first: read for the whole weeks
# around the whole months of a range.
concern_place_weekly = Table(
    "concern_place_weekly",
    metadata,
    Column("reported_on", Date, primary_key=True),
    Column("category", String(64), primary_key=True),
    Column("borough", String(32), primary_key=True),
    Column("place", String(80), primary_key=True),
    Column("channel", String(16), primary_key=True),
    Column("n", Integer, nullable=False),
)
PLACES_BY_GRAIN = {"month": concern_place_monthly, "week": concern_place_weekly}
