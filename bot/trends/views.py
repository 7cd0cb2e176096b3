"""What each view shows, as published tables: built from exact counts in the database, through
the suppression rule (bot/trends/suppression.py) and the spike rule (bot/trends/spikes.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal, overload

from bot.routing.directory import load_directory
from bot.trends.catalogue import Catalogue
from bot.trends.filters import Filters, next_period, period_start, periods, week_start
from bot.trends.maps import hex_map
from bot.trends.population import population
from bot.trends.queries import PlaceCount, TrendQueries
from bot.trends.spikes import BASELINE_WEEKS, spikes
from bot.trends.suppression import THRESHOLD, Published, change, publish
from bot.trends.tables import Cell, DataTable, Decimal, change_cells, one_decimal

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
    last_year: Published  # the same dates a year before
    last_year_change: str
    synthetic: bool  # whether any of the selection is synthetic (the count is never shown)
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
    year_before = publish(q.total(filters.last_year()))
    return Headline(
        published_now,
        published_before,
        change(published_now, published_before),
        year_before,
        change(published_now, year_before),
        synthetic=any(n for (synthetic,), n in by_kind.items() if synthetic),
        exact_total=now,
    )


def priority_label(catalogue: Catalogue, number: int) -> str:
    return f"{number}. {catalogue.priorities[number].short}"


@overload
def keys_for(by: Literal["priority"], catalogue: Catalogue, filters: Filters) -> dict[int, str]: ...
@overload
def keys_for(
    by: Literal["category", "borough", "channel"], catalogue: Catalogue, filters: Filters
) -> dict[str, str]: ...
@overload
def keys_for(
    by: str, catalogue: Catalogue, filters: Filters
) -> dict[int, str] | dict[str, str]: ...
def keys_for(by: str, catalogue: Catalogue, filters: Filters) -> dict[int, str] | dict[str, str]:
    """The columns a grouping shows, with their names."""
    if by == "priority":
        chosen = catalogue.category_priority.get(filters.category) if filters.category else None
        return {
            number: priority_label(catalogue, number)
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
    counts: dict[tuple[date, object], int] = defaultdict(int)
    totals: dict[date, int] = defaultdict(int)
    # One query serves both groupings: a category serves one priority of the plan in force.
    for (start, category), n in q.counts(filters, ("category",), per_period=True).items():
        key = catalogue.category_priority.get(category) if by == "priority" else category
        counts[(start, key)] += n
        totals[start] += n
    rows: list[list[Cell]] = []
    partial: list[int] = []
    for start in periods(filters.start, filters.end, filters.period):
        row: list[Cell] = [period_label(start, filters)]
        row += [publish(counts.get((start, key), 0)) for key in keys]
        row.append(publish(totals.get(start, 0)))
        if str(row[0]).endswith(" (part)"):
            partial.append(len(rows))
        rows.append(row)
    unit = "Week starting" if filters.period == "week" else "Month"
    return DataTable(
        key=f"{by}-over-time",
        title=f"Concerns by {'CSP priority' if by == 'priority' else by} and {filters.period}",
        header=[unit, *keys.values(), "Total"],
        rows=rows,
        notes=[SUPPRESSION_NOTE, PART_NOTE] if partial else [SUPPRESSION_NOTE],
        partial=tuple(partial),
    )


PART_NOTE = (
    "(part): a week or month only partly inside the selected dates, so its count covers only "
    "those days; charts draw it dashed with an open marker."
)


def by_borough(q: TrendQueries, catalogue: Catalogue, filters: Filters) -> DataTable:
    """Concerns per borough and CSP priority, with totals both ways."""
    priorities = keys_for("priority", catalogue, filters)
    boroughs = keys_for("borough", catalogue, filters)
    cells: dict[tuple[str, object], int] = defaultdict(int)
    row_totals: dict[object, int] = defaultdict(int)
    column_totals: dict[object, int] = defaultdict(int)
    for (borough, category), n in q.counts(filters, ("borough", "category")).items():
        priority = catalogue.category_priority.get(category)
        cells[(borough, priority)] += n
        row_totals[borough] += n
        column_totals[priority] += n
    people = population()
    rows: list[list[Cell]] = []
    for borough, name in boroughs.items():
        row: list[Cell] = [name]
        row += [publish(cells.get((borough, p), 0)) for p in priorities]
        total = publish(row_totals.get(borough, 0))
        row += [total, people.rate(total, borough)]
        rows.append(row)
    total_row: list[Cell] = ["All"]
    total_row += [publish(column_totals.get(p, 0)) for p in priorities]
    total_row.append(publish(sum(row_totals.values())))
    if filters.borough is None:  # the rate of the five boroughs, from their own total
        five = publish(sum(n for b, n in row_totals.items() if b in people.by_borough))
        total_row.append(people.rate(five, None))
    else:
        total_row.append("")
    rows.append(total_row)
    return DataTable(
        key="borough-by-priority",
        title="Concerns by borough and CSP priority",
        header=["Borough", *priorities.values(), "Total", "Per 1,000 residents"],
        rows=rows,
        notes=[
            SUPPRESSION_NOTE,
            people.note,
            "The rate in the row All is for the five boroughs' residents and their concerns.",
        ],
    )


def top_places(q: TrendQueries, catalogue: Catalogue, filters: Filters) -> list[DataTable]:
    """Per category, the places with the most concerns (a named place, or the postcode sector
    when no place was named). Only places with at least 10 concerns are listed."""
    by_category: dict[str, list[PlaceCount]] = defaultdict(list)
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


def spike_boroughs(
    q: TrendQueries, catalogue: Catalogue, filters: Filters, first: date, last: date
) -> dict[tuple[str, date], list[Spike]]:
    """(category, week) -> the boroughs where that week is a spike, for the complete weeks
    first..last: each category's weekly counts in each borough against its own 8 weeks before.
    """
    history = first - timedelta(weeks=BASELINE_WEEKS)
    counts = q.counts(
        replace(filters.with_range(history, last + timedelta(days=6)), period="week"),
        ("category", "borough"),
        per_period=True,
    )
    weeks = [history + timedelta(weeks=i) for i in range((last - history).days // 7 + 1)]
    found: dict[tuple[str, date], list[Spike]] = defaultdict(list)
    for category, borough in sorted({key[1:] for key in counts}):
        series = [counts.get((week, category, borough), 0) for week in weeks]
        for index, spike in enumerate(spikes(series)):
            if spike:
                before = sum(series[index - BASELINE_WEEKS : index])
                name = catalogue.borough_name(borough)
                found[(category, weeks[index])].append(Spike(name, series[index], before))
    return found


@dataclass(frozen=True)
class Spike:
    borough: str  # its name
    count: int  # exact; published before it is shown
    before: int  # the exact total of the 8 weeks before


def weekly_average(total: Published) -> Decimal:
    """The weekly average of the 8 weeks before, from their published (rounded) total."""
    return Decimal(None if total.value is None else one_decimal(total.value / BASELINE_WEEKS))


AVERAGE_HEADING = f"Weekly average, {BASELINE_WEEKS} weeks before"


def changes(q: TrendQueries, catalogue: Catalogue, filters: Filters) -> DataTable:
    """The last complete week of the range against the week before and the weekly average of
    the 8 weeks before, per category, with the boroughs where it is a spike."""
    week = last_complete_week(filters.end)
    first = week - timedelta(weeks=BASELINE_WEEKS)
    series = weekly_series(q, filters, "category", first, week)
    spiking = spike_boroughs(q, catalogue, filters, week, week)
    rows: list[list[Cell]] = []
    for category, name in keys_for("category", catalogue, filters).items():
        counts = series.get(category, [0] * (BASELINE_WEEKS + 1))
        now, before, baseline = counts[-1], counts[-2], counts[:-1]
        published_now, published_before = publish(now), publish(before)
        boroughs = [spike.borough for spike in spiking.get((category, week), [])]
        rows.append(
            [
                name,
                priority_label(catalogue, catalogue.category_priority[category]),
                published_now,
                published_before,
                *change_cells(published_now, published_before),
                weekly_average(publish(sum(baseline))),
                ("Spike: " + ", ".join(boroughs)) if boroughs else "",
            ]
        )
    return DataTable(
        key="week-on-week",
        title=f"Week starting {week:%d %b %Y} against the weeks before",
        header=[
            "Category",
            "CSP priority",
            "This week",
            "Week before",
            "Change",
            "Change (%)",
            AVERAGE_HEADING,
            "Spike in",
        ],
        rows=rows,
        notes=[SUPPRESSION_NOTE, AVERAGE_NOTE, SPIKE_NOTE],
    )


AVERAGE_NOTE = (
    f"{AVERAGE_HEADING}: the rounded total of the {BASELINE_WEEKS} complete weeks before the "
    f"week shown, divided by {BASELINE_WEEKS}."
)
SPIKE_NOTE = (
    f"Spike: in one borough, at least {THRESHOLD} concerns of a category in a week and more "
    "than the mean of that borough's previous "
    f"{BASELINE_WEEKS} weeks plus 3 times their spread (the larger of their standard deviation "
    "and the square root of their mean)."
)


def spikes_in_range(q: TrendQueries, catalogue: Catalogue, filters: Filters) -> DataTable:
    """Every complete week in the range that the spike rule flags, per category and borough."""
    first_week = week_start(filters.start)
    if first_week < filters.start:
        first_week += timedelta(weeks=1)
    last = last_complete_week(filters.end)
    rows: list[list[Cell]] = []
    names = keys_for("category", catalogue, filters)
    if last >= first_week:
        found = spike_boroughs(q, catalogue, filters, first_week, last)
        for (category, week), spikes in sorted(found.items(), key=lambda i: (i[0][1], i[0][0])):
            if category not in names:
                continue
            for spike in spikes:
                rows.append(
                    [
                        f"{week:%d %b %Y}",
                        names[category],
                        spike.borough,
                        publish(spike.count),
                        weekly_average(publish(spike.before)),
                    ]
                )
    return DataTable(
        key="spikes",
        title="Spikes in the selected range",
        header=["Week starting", "Category", "Borough", "Concerns", AVERAGE_HEADING],
        rows=rows,
        notes=[AVERAGE_NOTE, SPIKE_NOTE],
    )


def subcategories(q: TrendQueries, catalogue: Catalogue, filters: Filters) -> DataTable:
    """Concerns per category and kind of concern (the directory's concerns: fly-tipping,
    noise and graffiti are kinds of one category), with the category's total."""
    counts = q.subtypes(filters)
    directory = load_directory()
    rows: list[list[Cell]] = []
    for category, name in keys_for("category", catalogue, filters).items():
        kinds = [cid for cid, c in directory.concerns.items() if c.category == category]
        total = sum(counts.get((category, cid), 0) for cid in kinds)
        for cid in kinds:
            rows.append(
                [name, directory.concerns[cid].label, publish(counts.get((category, cid), 0))]
            )
        if len(kinds) > 1:
            rows.append([name, "All of the category", publish(total)])
    return DataTable(
        key="subcategories",
        title="Concerns by category and kind of concern",
        header=["Category", "Kind of concern", "Concerns"],
        rows=rows,
        notes=[SUPPRESSION_NOTE],
    )


LANGUAGE_NOTE = (
    "Language: the one the assistant answered the resident in when the concern was logged "
    "(chosen by the resident or read from their messages). Concerns logged before the "
    "assistant recorded languages count as English."
)


def language_names(catalogue: Catalogue, found: set[str]) -> dict[str, str]:
    """Every supported language by its English name, English first, then any other code found
    in the log (a language since taken out of the data), by its code."""
    names = dict(catalogue.languages)
    names.update({code: catalogue.language_name(code) for code in sorted(found - set(names))})
    return names


def by_language(q: TrendQueries, catalogue: Catalogue, filters: Filters) -> DataTable:
    """Concerns per language the assistant answered in and CSP priority, with totals both
    ways: whether the partnership reaches residents who write in each language."""
    priorities = keys_for("priority", catalogue, filters)
    cells: dict[tuple[str, object], int] = defaultdict(int)
    row_totals: dict[str, int] = defaultdict(int)
    column_totals: dict[object, int] = defaultdict(int)
    for (_, category, language), n in q.languages(filters).items():
        priority = catalogue.category_priority.get(category)
        cells[(language, priority)] += n
        row_totals[language] += n
        column_totals[priority] += n
    rows: list[list[Cell]] = []
    for code, name in language_names(catalogue, set(row_totals)).items():
        row: list[Cell] = [name]
        row += [publish(cells.get((code, p), 0)) for p in priorities]
        row.append(publish(row_totals.get(code, 0)))
        rows.append(row)
    total_row: list[Cell] = ["All"]
    total_row += [publish(column_totals.get(p, 0)) for p in priorities]
    total_row.append(publish(sum(row_totals.values())))
    rows.append(total_row)
    return DataTable(
        key="language-by-priority",
        title="Concerns by language and CSP priority",
        header=["Language", *priorities.values(), "Total"],
        rows=rows,
        notes=[SUPPRESSION_NOTE, LANGUAGE_NOTE],
    )


def language_over_time(q: TrendQueries, catalogue: Catalogue, filters: Filters) -> DataTable:
    """Concerns per week or month, one column per language, and the total."""
    counts: dict[tuple[date, str], int] = defaultdict(int)
    totals: dict[date, int] = defaultdict(int)
    starts: dict[date, date] = {}
    for (day, _, language), n in q.languages(filters).items():
        if day not in starts:
            starts[day] = period_start(day, filters.period)
        counts[(starts[day], language)] += n
        totals[starts[day]] += n
    names = language_names(catalogue, {language for _, language in counts})
    rows: list[list[Cell]] = []
    partial: list[int] = []
    for start in periods(filters.start, filters.end, filters.period):
        row: list[Cell] = [period_label(start, filters)]
        row += [publish(counts.get((start, code), 0)) for code in names]
        row.append(publish(totals.get(start, 0)))
        if str(row[0]).endswith(" (part)"):
            partial.append(len(rows))
        rows.append(row)
    unit = "Week starting" if filters.period == "week" else "Month"
    notes = [SUPPRESSION_NOTE, LANGUAGE_NOTE]
    return DataTable(
        key="language-over-time",
        title=f"Concerns by language and {filters.period}",
        header=[unit, *names.values(), "Total"],
        rows=rows,
        notes=[*notes, PART_NOTE] if partial else notes,
        partial=tuple(partial),
    )


def districts(q: TrendQueries, catalogue: Catalogue, filters: Filters) -> DataTable:
    """Concerns per postcode district of the map, for concerns logged with a postcode."""
    counts = q.districts(filters)
    known = sorted(hex_map().districts, key=_district_order)
    rows: list[list[Cell]] = [[d, publish(counts.get(d, 0))] for d in known]
    rows.append(["Elsewhere", publish(sum(n for d, n in counts.items() if d not in known))])
    return DataTable(
        key="postcode-districts",
        title="Concerns by postcode district (concerns logged with a postcode)",
        header=["Postcode district", "Concerns"],
        rows=rows,
        notes=[SUPPRESSION_NOTE],
    )


def _district_order(district: str) -> tuple[str, int]:
    letters = district.rstrip("0123456789")
    return letters, int(district[len(letters) :] or 0)


def borough_rates(table: DataTable, catalogue: Catalogue) -> dict[str, float | None]:
    """Borough id -> its published rate per 1,000 residents (None: withheld), from the
    borough table (`by_borough`): the boroughs that have residents, in the table's order."""
    column = table.header.index("Per 1,000 residents")
    ids = {name: bid for bid, name in catalogue.boroughs.items()}
    return {
        ids[str(row[0])]: rate.value
        for row in table.rows[:-1]
        if isinstance(rate := row[column], Decimal)
    }
