"""Aggregation against hand-worked figures (tests/dashboard/fixture.py), on SQLite and real
PostgreSQL: exact counts match the export, published tables follow the rule, and the rollup
the dashboard reads stays exact through inserts, updates and deletes."""

from __future__ import annotations

import contextlib
import csv
import io
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Table, func, select, update

from bot.concern_log.export import write_export
from bot.concern_log.schema import concerns
from bot.concern_log.store import MIGRATIONS, ConcernStore
from bot.routing.directory import Directory
from bot.trends import views
from bot.trends.catalogue import Priority, build_catalogue, catalogue, priorities_file
from bot.trends.queries import TrendQueries, spans
from bot.trends.rollup import BY_GRAIN, PLACES_BY_GRAIN, concern_daily, concern_place_monthly
from bot.trends.suppression import Published
from bot.trends.tables import Decimal, Percent, Signed
from tests.dashboard import fixture
from tests.dashboard.fixture import FILTERS
from tests.databases import postgres_database, sqlite_url

C = Published(None)  # a withheld cell


def P(value: int) -> Published:
    return Published(value)


def exported(store: ConcernStore) -> list[dict]:
    out = io.StringIO()
    write_export(store, out, "csv")
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_exact_counts_match_the_export(store: ConcernStore) -> None:
    rows = exported(store)
    q = TrendQueries(store.engine)
    assert len(rows) == fixture.TOTAL == q.total(FILTERS)
    assert views.headline(q, FILTERS).exact_total == 56
    by_category = Counter(row["category"] for row in rows)
    assert {k[0]: n for k, n in q.counts(FILTERS, ("category",)).items()} == by_category
    by_borough = Counter(row["borough"] for row in rows)  # "" in the CSV when not given
    assert {k[0]: n for k, n in q.counts(FILTERS, ("borough",)).items()} == by_borough


def test_priority_by_week_is_published_by_the_rule(store: ConcernStore) -> None:
    table = views.over_time(TrendQueries(store.engine), catalogue(), FILTERS, "priority")
    assert table.header == [
        "Week starting",
        "1. Crime and anti-social behaviour",
        "2. Vulnerable people",
        "3. Causes of crime",
        "5. Roads",
        "Total",
    ]
    # W1: p1 12+3+10 = 25, p2 2, total 27 -> 25. W2: p1 13+1+4 = 18 -> 20, p5 11 -> 10,
    # total 29 -> 30.
    assert table.rows == [
        ["02 Nov 2026", P(25), C, P(0), P(0), P(25)],
        ["09 Nov 2026", P(20), P(0), P(0), P(10), P(30)],
    ]
    assert table.csv().splitlines()[1:] == ["02 Nov 2026,25,[c],0,0,25", "09 Nov 2026,20,0,0,10,30"]


def test_months_and_a_partial_period_are_labelled(store: ConcernStore) -> None:
    table = views.over_time(
        TrendQueries(store.engine), catalogue(), replace(FILTERS, period="month"), "category"
    )
    assert table.labels() == ["Nov 2026 (part)"]
    row = dict(zip(table.header, table.rows[0], strict=True))
    assert row["Anti-social behaviour"] == P(30)  # 28
    assert row["Noise, fly-tipping and graffiti"] == P(10)  # 11
    assert row["Total"] == P(55)  # 56


def test_boroughs_with_totals_both_ways(store: ConcernStore) -> None:
    table = views.by_borough(TrendQueries(store.engine), catalogue(), FILTERS)
    assert table.header[-2:] == ["Total", "Per 1,000 residents"]
    rows = {row[0]: row[1:] for row in table.rows}
    # Rates from the rounded total and data/population/boroughs.yml: Burnley 35 / 94,700
    # residents = 0.37 per 1,000; Rossendale 10 / 70,800 = 0.14.
    assert rows["Burnley"] == [P(35), P(0), P(0), P(0), P(35), Decimal(0.4)]
    assert rows["Hyndburn"] == [C, P(0), P(0), P(0), C, Decimal(None)]
    assert rows["Pendle"] == [P(0), C, P(0), P(0), C, Decimal(None)]
    assert rows["Rossendale"] == [P(0), P(0), P(0), P(10), P(10), Decimal(0.1)]
    assert rows["Outside Pennine Lancashire"] == [C, P(0), P(0), P(0), C, ""]
    assert rows["Not given"] == [C, P(0), P(0), P(0), C, ""]
    assert rows["Blackburn with Darwen"] == [P(0)] * 5 + [Decimal(0.0)]
    # p1 12+3+10+13+1+4 = 43 -> 45; p5 11 -> 10; all 56 -> 55. The five boroughs' own
    # 35+3+2+11 = 51 -> 50 over their 498,300 residents: 0.10 per 1,000.
    assert rows["All"] == [P(45), C, P(0), P(10), P(55), Decimal(0.1)]
    assert table.csv().splitlines()[1] == "Blackburn with Darwen,0,0,0,0,0,0.0"
    assert "Burnley,35,0,0,0,35,0.4" in table.csv().splitlines()


def test_filters_narrow_every_count(store: ConcernStore) -> None:
    q = TrendQueries(store.engine)
    burnley_asb = replace(FILTERS, borough="burnley", category="asb")
    assert q.total(burnley_asb) == 25
    assert q.total(replace(FILTERS, channel="messenger")) == 3
    assert q.total(replace(FILTERS, borough="")) == 1  # not given
    assert q.total(replace(FILTERS, end=date(2026, 11, 8))) == 27
    table = views.over_time(q, catalogue(), burnley_asb, "category")
    assert table.rows == [["02 Nov 2026", P(10), P(10)], ["09 Nov 2026", P(15), P(15)]]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 11, 2), date(2026, 11, 15)),  # days inside a month: from `concerns`
        (date(2026, 10, 20), date(2026, 12, 10)),  # all of November: from the monthly rollup
        (date(2026, 11, 1), date(2026, 11, 30)),  # exactly November: the rollup alone
        (date(2026, 10, 26), date(2026, 11, 22)),  # four whole weeks: the weekly rollup
    ],
)
def test_top_places_name_only_places_with_ten_or_more(
    store: ConcernStore, start: date, end: date
) -> None:
    q, chosen = TrendQueries(store.engine), FILTERS.with_range(start, end)
    tables = {t.title: t.rows for t in views.top_places(q, catalogue(), chosen)}
    assert tables["Top places: Anti-social behaviour"] == [["Padiham", "Burnley", P(25)]]
    assert tables["Top places: Road safety"] == [["Bacup", "Rossendale", P(10)]]  # 11
    assert tables["Top places: Hate crime"] == []  # BB5 3 (3) and others are under 10


def test_week_on_week_changes(store: ConcernStore) -> None:
    table = views.changes(TrendQueries(store.engine), catalogue(), FILTERS)
    assert table.header[1] == "CSP priority"
    assert table.header[-2] == "Weekly average, 8 weeks before"
    rows = {row[0]: row[1:] for row in table.rows}
    # asb: week of 9 Nov 13 -> 15, week of 2 Nov 15 -> 15; 8 weeks before: 15 -> 15, a
    # weekly average of 15 / 8 = 1.875 -> 1.9
    assert rows["Anti-social behaviour"] == [
        "1. Crime and anti-social behaviour", P(15), P(15), Signed(0), Percent(0),
        Decimal(1.9), "",
    ]  # fmt: skip
    # noise 1 (withheld) after 10; the 8 weeks before: 10 -> 10, 1.25 a week -> 1.3
    assert rows["Noise, fly-tipping and graffiti"][1:] == [
        C,
        P(10),
        Signed(None),
        Percent(None, withheld=True),
        Decimal(1.3),
        "",
    ]
    # 11 after eight empty weeks in Rossendale: at least 10 and above a limit of 0, a spike
    assert rows["Road safety"] == [
        "5. Roads",
        P(10),
        P(0),
        Signed(10),
        Percent(None),
        Decimal(0.0),
        "Spike: Rossendale",
    ]
    lines = table.csv().splitlines()
    assert lines[0] == (
        "Category,CSP priority,This week,Week before,Change,Change (%),"
        '"Weekly average, 8 weeks before",Spike in'
    )
    assert "Road safety,5. Roads,10,0,10,,0.0,Spike: Rossendale" in lines
    assert "Anti-social behaviour,1. Crime and anti-social behaviour,15,15,0,0,1.9," in lines


def test_a_spike_is_flagged_in_the_database(
    empty_store: ConcernStore, directory: Directory
) -> None:
    # 2 asb concerns in each of the eight weeks from Monday 7 September, then 15 in the week
    # of 2 November: baseline mean 2, spread sqrt(2), limit 2 + 3 x 1.414 = 6.24.
    rows = [(date(2026, 9, 8) + timedelta(weeks=i), "asb", "pendle", None, None, "web", 2)
            for i in range(8)]  # fmt: skip
    rows.append((date(2026, 11, 3), "asb", "pendle", None, None, "web", 15))
    fixture.load(empty_store, directory, rows)
    q = TrendQueries(empty_store.engine)
    week = replace(FILTERS, end=date(2026, 11, 8))
    changes = {row[0]: row for row in views.changes(q, catalogue(), week).rows}
    assert changes["Anti-social behaviour"][-1] == "Spike: Pendle"
    spikes = views.spikes_in_range(q, catalogue(), replace(week, start=date(2026, 9, 1)))
    # the 8 weeks before: 16 -> 15, a weekly average of 1.875 -> 1.9
    assert spikes.header == [
        "Week starting", "Category", "Borough", "Concerns", "Weekly average, 8 weeks before"
    ]  # fmt: skip
    assert spikes.rows == [["02 Nov 2026", "Anti-social behaviour", "Pendle", P(15), Decimal(1.9)]]


def _rollup(
    store: ConcernStore, counts: Table = concern_daily, places: Table = concern_place_monthly
) -> Counter:
    """(category, borough) counts from a counts rollup and (category, borough, place) counts
    from the place rollup."""
    found: Counter = Counter()
    with store.engine.connect() as connection:
        rows = select(counts.c.category, counts.c.borough, counts.c.n)
        for category, borough, n in connection.execute(rows).all():
            found[(category, borough)] += n
        t = places.c
        rows = select(t.category, t.borough, t.place, t.n)
        for category, borough, place, n in connection.execute(rows).all():
            found[(category, borough, place)] += n
    return found


def _base(store: ConcernStore) -> Counter:
    """The same counts, straight from the concerns table."""
    c = concerns.c
    borough, place = func.coalesce(c.borough, ""), func.coalesce(c.place, c.sector)
    query = select(c.category, borough, place, func.count()).group_by(c.category, borough, place)
    found: Counter = Counter()
    with store.engine.connect() as connection:
        for category, where, at, n in connection.execute(query).all():
            found[(category, where)] += n
            if at is not None:
                found[(category, where, at)] += n
    return found


def _all_exact(store: ConcernStore) -> bool:
    base = _base(store)
    return all(
        _rollup(store, counts, places) == base
        for counts in BY_GRAIN.values()
        for places in PLACES_BY_GRAIN.values()
    )


def test_the_rollups_stay_exact_through_updates_and_deletes(store: ConcernStore) -> None:
    assert _all_exact(store)
    with store.engine.begin() as connection:
        connection.execute(
            update(concerns).where(concerns.c.borough == "hyndburn").values(borough="pendle")
        )
    assert _all_exact(store)
    assert _rollup(store)[("asb", "pendle")] == 3
    assert _rollup(store)[("asb", "pendle", "BB5 3")] == 3
    assert store.purge(date(2026, 11, 9)) == 27
    assert _all_exact(store)
    assert sum(n for key, n in _rollup(store).items() if len(key) == 2) == 29
    store.purge(date(2027, 1, 1))
    with store.engine.connect() as connection:
        for table in (*BY_GRAIN.values(), *PLACES_BY_GRAIN.values()):
            query = select(func.count()).select_from(table)
            assert connection.execute(query).scalar_one() == 0


def test_ranges_are_read_from_whole_periods_and_the_days_around() -> None:
    wednesday, sunday = date(2026, 10, 28), date(2026, 11, 15)
    assert spans(wednesday, sunday, "week") == [
        ("day", wednesday, date(2026, 11, 1)),
        ("week", date(2026, 11, 2), sunday),
    ]
    assert spans(date(2026, 10, 20), date(2026, 12, 10), "month") == [
        ("day", date(2026, 10, 20), date(2026, 10, 31)),
        ("month", date(2026, 11, 1), date(2026, 11, 30)),
        ("day", date(2026, 12, 1), date(2026, 12, 10)),
    ]
    assert spans(date(2026, 11, 3), date(2026, 11, 8), "week") == [
        ("day", date(2026, 11, 3), date(2026, 11, 8))
    ]


@pytest.mark.parametrize(
    ("start", "end", "period"),
    [
        (date(2026, 10, 28), date(2026, 11, 11), "week"),  # days, a whole week, days
        (date(2026, 11, 3), date(2026, 11, 12), "week"),  # days only
        (date(2026, 11, 1), date(2026, 11, 30), "month"),  # a whole month
        (date(2026, 10, 5), date(2026, 11, 10), "month"),  # days around a whole October
    ],
)
def test_counts_over_any_range_equal_the_concerns_table(
    store: ConcernStore, start: date, end: date, period: str
) -> None:
    chosen = replace(FILTERS, start=start, end=end, period=period)
    c = concerns.c
    query = (
        select(c.category, func.count())
        .where(c.reported_on >= start, c.reported_on <= end)
        .group_by(c.category)
    )
    with store.engine.connect() as connection:
        expected = dict(connection.execute(query).all())
    q = TrendQueries(store.engine)
    assert {key[0]: n for key, n in q.counts(chosen, ("category",)).items()} == expected
    by_period = q.counts(chosen, ("category",), per_period=True)
    folded: Counter = Counter()
    for (_, category), n in by_period.items():
        folded[category] += n
    assert dict(folded) == expected


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_upgrading_a_log_counts_its_concerns_into_the_rollups(
    kind: str, tmp_path: Path, directory: Directory
) -> None:
    with contextlib.ExitStack() as stack:
        url = sqlite_url(tmp_path) if kind == "sqlite" else stack.enter_context(postgres_database())
        store = ConcernStore(url)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with store.engine.begin() as connection:  # the log as it was before the dashboard
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
        fixture.load_before_languages(store, directory)
        store.upgrade()  # `csp-bot db upgrade`
        assert _all_exact(store)
        assert TrendQueries(store.engine).total(FILTERS) == fixture.TOTAL
        store.engine.dispose()


def test_the_same_dates_a_year_before(empty_store: ConcernStore, directory: Directory) -> None:
    # 12 asb concerns on 4 November 2025, inside 2-15 November a year before the fixture's
    # range; 3 more on 20 November 2025, outside it.
    rows = [
        *fixture.ROWS,
        (date(2025, 11, 4), "asb", "burnley", None, None, "web", 12),
        (date(2025, 11, 20), "asb", "burnley", None, None, "web", 3),
    ]
    fixture.load(empty_store, directory, rows)
    head = views.headline(TrendQueries(empty_store.engine), FILTERS)
    assert FILTERS.last_year() == FILTERS.with_range(date(2025, 11, 2), date(2025, 11, 15))
    assert (head.total, head.last_year) == (P(55), P(10))  # 56 and 12
    assert head.last_year_change == "+45 (+450%)"
    leap = FILTERS.with_range(date(2028, 2, 1), date(2028, 2, 29)).last_year()
    assert (leap.start, leap.end) == (date(2027, 2, 1), date(2027, 2, 28))


def test_kinds_of_concern_within_each_category(store: ConcernStore) -> None:
    table = views.subcategories(TrendQueries(store.engine), catalogue(), FILTERS)
    rows = {(row[0], row[1]): row[2] for row in table.rows}
    assert rows[("Noise, fly-tipping and graffiti", "Noise")] == P(10)
    assert rows[("Noise, fly-tipping and graffiti", "Fly-tipping")] == C  # 1
    assert rows[("Noise, fly-tipping and graffiti", "All of the category")] == P(10)  # 11
    assert rows[("Road safety", "Speeding")] == P(10)  # 11
    assert rows[("Road safety", "A parking problem")] == P(0)
    assert "Road safety,Speeding,10" in table.csv().splitlines()


def test_postcode_districts(store: ConcernStore) -> None:
    table = views.districts(TrendQueries(store.engine), catalogue(), FILTERS)
    rows = {row[0]: row[1] for row in table.rows}
    assert rows["BB5"] == C  # the 3 asb concerns logged with sector BB5 3
    assert rows["BB4"] == P(0) and rows["Elsewhere"] == P(0)
    assert list(rows)[:3] == ["BB1", "BB2", "BB3"] and list(rows).index("BB10") > 8


def test_priorities_follow_the_plan_in_force(store: ConcernStore, directory: Directory) -> None:
    data = priorities_file().copy(deep=True)
    later = data.plans[0].copy(deep=True)
    later.name, later.starts, later.ends = "Plan 2025-2028", date(2025, 4, 1), date(2028, 3, 31)
    later.priorities = {
        1: Priority(name="Safer neighbourhoods", short="Neighbourhoods"),
        2: Priority(name="Safer roads", short="Roads"),
    }
    later.category_priorities = {c: 1 for c in later.category_priorities}
    later.category_priorities["road_safety"] = 2
    data.plans.append(later)
    plan = build_catalogue(data, directory, fixture.END)
    table = views.over_time(TrendQueries(store.engine), plan, FILTERS, "priority")
    assert table.header == ["Week starting", "1. Neighbourhoods", "2. Roads", "Total"]
    # W1: 12+3+10+2 = 27 -> 25 under priority 1; W2: 13+1+4 = 18 -> 20 and 11 -> 10
    assert table.rows == [["02 Nov 2026", P(25), P(0), P(25)], ["09 Nov 2026", P(20), P(10), P(30)]]
