"""Exact counts from the database, grouped in SQL (GROUP BY runs in the database, so a million
concerns never cross into Python). Counts come from the trigger-kept rollups: the weekly or
monthly one for the whole weeks or months of a range, the daily one for the days around them;
days are folded into periods here (date functions run per row in SQLite cost more than the
grouping itself). Places come from the monthly place rollup for
whole months, the weekly one for whole weeks around them, and the concerns table (through a
covering index) for the few days left at either end of the range."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, Table, and_, create_engine, event, func, select, type_coerce
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql.elements import ColumnElement

from bot.concern_log.schema import concerns
from bot.trends.catalogue import NOT_GIVEN
from bot.trends.filters import Filters, Period, next_period, period_start
from bot.trends.rollup import BY_GRAIN, PLACES_BY_GRAIN

if TYPE_CHECKING:
    import sqlite3

GROUPS = ("category", "priority", "borough", "channel", "is_synthetic")
# A count per key: the values of the grouped columns (str, int, bool or date), in order.
Counts = dict[tuple[Any, ...], int]
# A count per (category, borough, place).
PlaceCounts = Counter[tuple[str, str, str]]


@dataclass(frozen=True)
class PlaceCount:
    category: str
    borough: str  # "" when not given
    place: str  # a gazetteer name, or a postcode sector when no place was named
    count: int


def _conditions(table: Table, filters: Filters) -> list[ColumnElement[Any]]:
    c = table.c
    conditions: list[ColumnElement[Any]] = [
        c.reported_on >= filters.start,
        c.reported_on <= filters.end,
    ]
    if filters.borough is not None:
        if table is concerns and filters.borough == NOT_GIVEN:
            conditions.append(c.borough.is_(None))
        else:
            conditions.append(c.borough == filters.borough)
    if filters.category:
        conditions.append(c.category == filters.category)
    if filters.channel:
        conditions.append(c.channel == filters.channel)
    return conditions


class TrendQueries:
    """Counting queries. A request makes a new `TrendQueries` (cheap) so that the same query
    asked twice in one request runs once."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._memo: dict[tuple[object, ...], Counts] = {}

    def fresh(self) -> TrendQueries:
        return TrendQueries(self.engine)

    def counts(self, filters: Filters, by: tuple[str, ...], per_period: bool = False) -> Counts:
        """Concerns within the filters per value of the `by` columns; with `per_period`, the
        key starts with the start of the week or month (the filters' period)."""
        unknown = set(by) - set(GROUPS)
        if unknown:
            raise ValueError(f"cannot group by {sorted(unknown)}")
        memo_key = ("counts", filters, by, per_period)
        if memo_key in self._memo:
            return self._memo[memo_key]
        grain: Period = "month" if per_period and filters.period == "month" else "week"
        found: Counter[tuple[Any, ...]] = Counter()
        starts: dict[object, date] = {}
        for piece, first, last in spans(filters.start, filters.end, grain):
            t = BY_GRAIN[piece]
            keys: list[ColumnElement[Any]] = [t.c[name] for name in by]
            if per_period:  # days (or whole periods) here, folded into periods below
                keys.insert(0, type_coerce(t.c.reported_on, String))
            chosen = filters.with_range(first, last)
            query = select(*keys, func.sum(t.c.n)).where(and_(*_conditions(t, chosen)))
            if keys:
                query = query.group_by(*keys)
            with self.engine.connect() as connection:
                rows = connection.execute(query).all()
            for row in rows:
                if row[-1] is None:
                    continue
                key = tuple(row[:-1])
                if per_period:
                    day = key[0]
                    if day not in starts:
                        parsed = date.fromisoformat(day) if isinstance(day, str) else day
                        starts[day] = period_start(parsed, filters.period)
                    key = (starts[day], *key[1:])
                found[key] += int(row[-1])
        result = dict(found)
        self._memo[memo_key] = result
        return result

    def total(self, filters: Filters) -> int:
        return sum(self.counts(filters, ("is_synthetic",)).values())

    def places(self, filters: Filters) -> list[PlaceCount]:
        """Concerns per category and place (a named place, else the postcode sector), for
        concerns that have either; most first."""
        counts: PlaceCounts = Counter()
        for piece, first, last in spans(filters.start, filters.end, "month"):
            if piece == "month":
                counts.update(self._places_from_rollup("month", filters.with_range(first, last)))
                continue
            for edge, start, end in spans(first, last, "week"):  # the days around the months
                chosen = filters.with_range(start, end)
                if edge == "week":
                    counts.update(self._places_from_rollup("week", chosen))
                else:
                    counts.update(self._places_from_concerns(chosen))
        found = [PlaceCount(*key, n) for key, n in counts.items()]
        return sorted(found, key=lambda p: (-p.count, p.category, p.place))

    def districts(self, filters: Filters) -> dict[str, int]:
        """Concerns per postcode district ("BB4"), for concerns logged with a postcode sector;
        read from `concerns` (no rollup keeps sectors) through its date index."""
        c = concerns.c
        query = (
            select(c.sector, func.count())
            .where(and_(*_conditions(concerns, filters), c.sector.is_not(None)))
            .group_by(c.sector)
        )
        found: Counter[str] = Counter()
        with self.engine.connect() as connection:
            for sector, n in connection.execute(query).all():
                found[sector.split(" ")[0]] += n
        return dict(found)

    def subtypes(self, filters: Filters) -> dict[tuple[str, str], int]:
        """Concerns per category and concern type (the directory's concern id), from
        `concerns` through its date index (the rollups keep categories only)."""
        c = concerns.c
        query = (
            select(c.category, c.concern_type, func.count())
            .where(and_(*_conditions(concerns, filters)))
            .group_by(c.category, c.concern_type)
        )
        with self.engine.connect() as connection:
            return {(a, b): n for a, b, n in connection.execute(query).all()}

    def languages(self, filters: Filters) -> Counts:
        """Concerns per day, category and language (the one the assistant answered in), from
        `concerns` through its covering index (migration 0004; no rollup keeps languages). One
        query serves both the table by priority and the one by week or month: keys are
        (day, category, language), the day a date."""
        memo_key = ("languages", replace(filters, period="week"))
        if memo_key in self._memo:
            return self._memo[memo_key]
        c = concerns.c
        day = type_coerce(c.reported_on, String)  # parsed once per distinct day, below
        query = (
            select(day, c.category, c.language, func.count())
            .where(and_(*_conditions(concerns, filters)))
            .group_by(day, c.category, c.language)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        days: dict[object, date] = {}
        found: Counter[tuple[Any, ...]] = Counter()
        for when, category, language, n in rows:
            if when not in days:
                days[when] = date.fromisoformat(when) if isinstance(when, str) else when
            found[(days[when], category, language)] += int(n)
        result = dict(found)
        self._memo[memo_key] = result
        return result

    def _places_from_concerns(self, filters: Filters) -> PlaceCounts:
        c = concerns.c
        place = func.coalesce(c.place, c.sector)
        borough = func.coalesce(c.borough, NOT_GIVEN)
        query = (
            select(c.category, borough, place, func.count())
            .where(and_(*_conditions(concerns, filters), place.is_not(None)))
            .group_by(c.category, borough, place)
        )
        with self.engine.connect() as connection:
            return Counter({(a, b, p): n for a, b, p, n in connection.execute(query).all()})

    def _places_from_rollup(self, grain: Period, filters: Filters) -> PlaceCounts:
        t = PLACES_BY_GRAIN[grain]
        query = (
            select(t.c.category, t.c.borough, t.c.place, func.sum(t.c.n))
            .where(and_(*_conditions(t, filters)))
            .group_by(t.c.category, t.c.borough, t.c.place)
        )
        with self.engine.connect() as connection:
            return Counter({(a, b, p): int(n) for a, b, p, n in connection.execute(query).all()})


def spans(start: date, end: date, grain: Period) -> list[tuple[str, date, date]]:
    """Pieces (grain, first, last) that cover start..end: the whole weeks or months inside it
    from that grain's rollup, and the days before and after them from the daily one."""
    first = period_start(start, grain)
    if first < start:
        first = next_period(first, grain)
    after = next_period(period_start(end, grain), grain)
    if after - timedelta(days=1) > end:
        after = period_start(end, grain)
    if first >= after:
        return [("day", start, end)]
    pieces = []
    if start < first:
        pieces.append(("day", start, first - timedelta(days=1)))
    pieces.append((grain, first, after - timedelta(days=1)))
    if after <= end:
        pieces.append(("day", after, end))
    return pieces


def read_engine(url: str) -> Engine:
    """An engine for the dashboard's reads. On SQLite: pooled connections (SQLAlchemy 1.4
    opens a new one per use on a file, which starts with an empty page cache) that read the
    file through mmap; on PostgreSQL the store's defaults."""
    if not url.startswith("sqlite"):
        return create_engine(url, future=True, pool_pre_ping=True)
    engine = create_engine(
        url,
        future=True,
        poolclass=QueuePool,
        pool_size=8,
        connect_args={"check_same_thread": False},
    )

    def _tune(connection: sqlite3.Connection, _record: object) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA mmap_size = 1073741824")  # up to 1 GiB mapped, shared by all
        cursor.execute("PRAGMA query_only = 1")  # the dashboard never writes the concern log
        cursor.close()

    event.listen(engine, "connect", _tune)  # what @event.listens_for does, with its types kept
    return engine
