"""What each view shows, as published tables: built from exact counts in the database, through
the suppression rule (bot/trends/suppression.py) and the spike rule (bot/trends/spikes.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot.trends.catalogue import Catalogue
from bot.trends.filters import Filters, next_period, periods, week_start
from bot.trends.queries import TrendQueries
from bot.trends.spikes import BASELINE_WEEKS, check_week
from bot.trends.suppression import THRESHOLD, Published, change, publish
from bot.trends.tables import Cell, DataTable

SUPPRESSION_NOTE = (
    "[c]: fewer than 10 concerns, not shown. Other figures are rounded to the nearest 5, "
    "totals included, so they may not add up."
)
TOP_PLACES = 5


@dataclass(frozen=True)
class Headline:
    total: Published
    previous: Published
    change: str
    synthetic: int  # how many of the selection are synthetic (0 for real data)
    exact_total: int  # for the checks against the export; never shown


def period_label(start: date, filters: Filters) -> str:
    end = next_period(start, filters.period) - timedelta(days=1)
    partial = start < filters.start or end > filters.end
    text = start.strftime("%d %b %Y") if filters.period == "week" else start.strftime("%b %Y")
    return text + (" (part)" if partial else "")


def headline(q: TrendQueries, filters: Filters) -> Headline:
    by_kind = q.counts(filters, ("is_synthetic",))
    now, before = sum(by_kind.values()), q.total(filters.previous())
    published_now, published_before = publish(now), publish(before)
    return Headline(
        published_now,
        published_before,
        change(published_now, published_before),
        synthetic=sum(n for (synthetic,), n in by_kind.items() if synthetic),
        exact_total=now,
    )


def keys_for(by: str, catalogue: Catalogue, filters: Filters) -> dict[object, str]:
    """The columns a grouping shows, with their names."""
    if by == "priority":
        chosen = catalogue.category_priority.get(filters.category) if filters.category else None
        return {
            number: f"{number}. {p.short}"
            for number, p in catalogue.priorities.items()
            if not p.not_logged and (chosen is None or chosen == number)
        }
    if by == "category":
        if filters.category:
            return {filters.category: catalogue.category_name(filters.category)}
        return dict(catalogue.categories)
    if by == "borough":
        if filters.borough is not None:
            return {filters.borough: catalogue.borough_name(filters.borough)}
        return dict(catalogue.boroughs)
    if by == "channel":
        return dict(catalogue.channels)
    raise ValueError(by)


def over_time(q: TrendQueries, catalogue: Catalogue, filters: Filters, by: str) -> DataTable:
    """Concerns per week or month, one column per priority or category, and the total."""
    keys = keys_for(by, catalogue, filters)
    position = {"category": 1, "priority": 2}[by]
    counts: dict[tuple[date, object], int] = defaultdict(int)
    totals: dict[date, int] = defaultdict(int)
    # One query serves both groupings (a category belongs to one priority).
    for key, n in q.counts(filters, ("category", "priority"), per_period=True).items():
        counts[(key[0], key[position])] += n
        totals[key[0]] += n
    rows: list[list[Cell]] = []
    for start in periods(filters.start, filters.end, filters.period):
        row: list[Cell] = [period_label(start, filters)]
        row += [publish(counts.get((start, key), 0)) for key in keys]
        row.append(publish(totals.get(start, 0)))
        rows.append(row)
    unit = "Week starting" if filters.period == "week" else "Month"
    return DataTable(
        key=f"{by}-over-time",
        title=f"Concerns by {'CSP priority' if by == 'priority' else by} and {filters.period}",
        header=[unit, *keys.values(), "Total"],
        rows=rows,
        notes=[SUPPRESSION_NOTE],
    )


def by_borough(q: TrendQueries, catalogue: Catalogue, filters: Filters) -> DataTable:
    """Concerns per borough and CSP priority, with totals both ways."""
    priorities = keys_for("priority", catalogue, filters)
    boroughs = keys_for("borough", catalogue, filters)
    cells = q.counts(filters, ("borough", "priority"))
    row_totals: dict[object, int] = defaultdict(int)
    column_totals: dict[object, int] = defaultdict(int)
    for (borough, priority), n in cells.items():
        row_totals[borough] += n
        column_totals[priority] += n
    rows: list[list[Cell]] = []
    for borough, name in boroughs.items():
        row: list[Cell] = [name]
        row += [publish(cells.get((borough, p), 0)) for p in priorities]
        row.append(publish(row_totals.get(borough, 0)))
        rows.append(row)
    total_row: list[Cell] = ["All boroughs"]
    total_row += [publish(column_totals.get(p, 0)) for p in priorities]
    total_row.append(publish(sum(row_totals.values())))
    rows.append(total_row)
    return DataTable(
        key="borough-by-priority",
        title="Concerns by borough and CSP priority",
        header=["Borough", *priorities.values(), "Total"],
        rows=rows,
        notes=[SUPPRESSION_NOTE],
    )


def top_places(q: TrendQueries, catalogue: Catalogue, filters: Filters) -> list[DataTable]:
    """Per category, the places with the most concerns (a named place, or the postcode sector
    when no place was named). Only places with at least 10 concerns are listed."""
    by_category: dict[str, list] = defaultdict(list)
    for found in q.places(filters):
        if found.count >= THRESHOLD and len(by_category[found.category]) < TOP_PLACES:
            by_category[found.category].append(found)
    tables = []
    for category in keys_for("category", catalogue, filters):
        rows: list[list[Cell]] = [
            [p.place, catalogue.borough_name(p.borough), publish(p.count)]
            for p in by_category.get(category, [])
        ]
        tables.append(
            DataTable(
                key=f"places-{category.replace('_', '-')}",
                title=f"Top places: {catalogue.category_name(category)}",
                header=["Place or postcode sector", "Borough", "Concerns"],
                rows=rows,
                notes=["Places with fewer than 10 concerns are not listed."],
            )
        )
    return tables


def last_complete_week(end: date) -> date:
    """The Monday of the last Monday-to-Sunday week that ends on or before `end`."""
    return week_start(end + timedelta(days=1)) - timedelta(weeks=1)


def weekly_series(
    q: TrendQueries, filters: Filters, by: str, first: date, last: date
) -> dict[object, list[int]]:
    """Exact counts of the complete weeks first..last (Mondays), per value of `by`."""
    span = replace(filters.with_range(first, last + timedelta(days=6)), period="week")
    counts = q.counts(span, (by,), per_period=True)
    weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    keys = {key for _, key in counts}
    return {key: [counts.get((week, key), 0) for week in weeks] for key in keys}


def changes(q: TrendQueries, catalogue: Catalogue, filters: Filters) -> DataTable:
    """The last complete week of the range against the week before and the 8 weeks before,
    per category, with spikes flagged."""
    week = last_complete_week(filters.end)
    first = week - timedelta(weeks=BASELINE_WEEKS)
    series = weekly_series(q, filters, "category", first, week)
    rows: list[list[Cell]] = []
    for category, name in keys_for("category", catalogue, filters).items():
        counts = series.get(category, [0] * (BASELINE_WEEKS + 1))
        now, before, baseline = counts[-1], counts[-2], counts[:-1]
        test = check_week(now, baseline)
        published_now, published_before = publish(now), publish(before)
        rows.append(
            [
                name,
                str(catalogue.category_priority[category]),
                published_now,
                published_before,
                change(published_now, published_before),
                publish(sum(baseline)),
                "Spike" if test and test.is_spike else "",
            ]
        )
    return DataTable(
        key="week-on-week",
        title=f"Week starting {week:%d %b %Y} against the weeks before",
        header=[
            "Category",
            "Priority",
            "This week",
            "Week before",
            "Change",
            f"{BASELINE_WEEKS} weeks before",
            "Spike",
        ],
        rows=rows,
        notes=[SUPPRESSION_NOTE, SPIKE_NOTE],
    )


SPIKE_NOTE = (
    f"Spike: at least {THRESHOLD} concerns and more than the mean of the previous "
    f"{BASELINE_WEEKS} weeks plus 3 times their spread (the larger of their standard deviation "
    "and the square root of their mean)."
)


def spikes_in_range(q: TrendQueries, catalogue: Catalogue, filters: Filters) -> DataTable:
    """Every complete week in the range that the spike rule flags, per category."""
    first_week = week_start(filters.start)
    if first_week < filters.start:
        first_week += timedelta(weeks=1)
    last = last_complete_week(filters.end)
    rows: list[list[Cell]] = []
    found: list[tuple[str, date, int, int]] = []
    if last >= first_week:
        history_start = first_week - timedelta(weeks=BASELINE_WEEKS)
        series = weekly_series(q, filters, "category", history_start, last)
        names = keys_for("category", catalogue, filters)
        for category, counts in series.items():
            if category not in names:
                continue
            for index in range(BASELINE_WEEKS, len(counts)):
                test = check_week(counts[index], counts[:index])
                if test and test.is_spike:
                    week = history_start + timedelta(weeks=index)
                    baseline = counts[index - BASELINE_WEEKS : index]
                    found.append((names[category], week, counts[index], sum(baseline)))
        for name, week, count, before in sorted(found):
            rows.append([f"{week:%d %b %Y}", name, publish(count), publish(before)])
    return DataTable(
        key="spikes",
        title="Spikes in the selected range",
        header=["Week starting", "Category", "Concerns", f"Previous {BASELINE_WEEKS} weeks"],
        rows=rows,
        notes=[SPIKE_NOTE],
    )
