"""The dashboard's views: over time, kinds, boroughs, map, places, languages, changes and
spikes; each table as CSV and each chart as SVG, all for the same filters (the query string)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import cast

from flask import Response, abort, g, render_template, request

from bot.trends import charts, maps, views
from bot.trends.catalogue import Catalogue, catalogue
from bot.trends.filters import Filters, parse_filters
from bot.trends.maps import hex_map
from bot.trends.queries import TrendQueries
from bot.trends.tables import DataTable
from bot.web.dashboard import blueprint
from bot.web.dashboard.services import services

TableBuilder = Callable[[TrendQueries, Catalogue, Filters], DataTable]

TABLES: dict[str, TableBuilder] = {
    "priority-over-time": lambda q, c, f: views.over_time(q, c, f, "priority"),
    "category-over-time": lambda q, c, f: views.over_time(q, c, f, "category"),
    "borough-by-priority": views.by_borough,
    "week-on-week": views.changes,
    "spikes": views.spikes_in_range,
    "subcategories": views.subcategories,
    "postcode-districts": views.districts,
    "language-by-priority": views.by_language,
    "language-over-time": views.language_over_time,
}
NAVIGATION = [
    ("dashboard.over_time", "Over time"),
    ("dashboard.kinds", "Kinds of concern"),
    ("dashboard.boroughs", "Boroughs"),
    ("dashboard.map_view", "Map"),
    ("dashboard.places", "Places"),
    ("dashboard.languages", "Languages"),
    ("dashboard.changes", "Changes and spikes"),
]


def today() -> date:
    return date.today()


def _selection() -> tuple[Filters, list[str]]:
    return parse_filters(request.args, catalogue(), today())


def _queries() -> TrendQueries:
    """This request's queries: a query asked twice in one request runs once."""
    if "trend_queries" not in g:
        g.trend_queries = services().trends.fresh()
    return cast(TrendQueries, g.trend_queries)


def _page(template: str, **context: object) -> str:
    filters, errors = _selection()
    q = _queries()
    return render_template(
        template,
        filters=filters,
        errors=errors,
        catalogue=catalogue(filters.end),
        navigation=NAVIGATION,
        headline=views.headline(q, filters),
        **context,
    )


def _table(name: str, filters: Filters) -> DataTable:
    q, cat = _queries(), catalogue(filters.end)
    if name in TABLES:
        return TABLES[name](q, cat, filters)
    for table in views.top_places(q, cat, filters):
        if table.key == name:
            return table
    abort(404)


@blueprint.get("/")
def over_time() -> str:
    filters, _ = _selection()
    return _page(
        "dashboard/over_time.html",
        tables=[_table("priority-over-time", filters), _table("category-over-time", filters)],
    )


@blueprint.get("/kinds")
def kinds() -> str:
    filters, _ = _selection()
    return _page("dashboard/kinds.html", tables=[_table("subcategories", filters)])


@blueprint.get("/boroughs")
def boroughs() -> str:
    filters, _ = _selection()
    return _page("dashboard/boroughs.html", tables=[_table("borough-by-priority", filters)])


@blueprint.get("/map")
def map_view() -> str:
    filters, _ = _selection()
    return _page(
        "dashboard/map.html",
        tables=[_table("borough-by-priority", filters), _table("postcode-districts", filters)],
        hexes=hex_map().data,
    )


@blueprint.get("/places")
def places() -> str:
    filters, _ = _selection()
    return _page(
        "dashboard/places.html",
        tables=views.top_places(_queries(), catalogue(filters.end), filters),
    )


@blueprint.get("/languages")
def languages() -> str:
    filters, _ = _selection()
    cat = catalogue(filters.end)
    return _page(
        "dashboard/languages.html",
        tables=[_table("language-by-priority", filters), _table("language-over-time", filters)],
        reached=[name for code, name in cat.languages.items() if code != "en"],
        language_note=views.LANGUAGE_NOTE,
    )


@blueprint.get("/changes")
def changes() -> str:
    filters, _ = _selection()
    return _page(
        "dashboard/changes.html",
        tables=[_table("week-on-week", filters), _table("spikes", filters)],
    )


@blueprint.get("/download/<name>.csv")
def download(name: str) -> Response:
    filters, _ = _selection()
    table = _table(name, filters)
    filename = f"{table.key}_{filters.start}_{filters.end}.csv"
    return Response(
        table.csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@blueprint.get("/chart/<name>.svg")
def chart(name: str) -> Response:
    filters, _ = _selection()
    table = _table(name, filters)
    if name == "borough-by-priority":  # rates, so that the largest borough is not always top
        rates = views.borough_rates(table, catalogue(filters.end))
        names = [catalogue(filters.end).borough_name(b) for b in rates]
        svg = charts.bar_chart(names, list(rates.values()), "Concerns per 1,000 residents")
    elif name.endswith("over-time"):
        svg = charts.line_chart(table, list(range(1, len(table.header) - 1)))
    else:
        abort(404)
    return Response(svg, mimetype="image/svg+xml")


@blueprint.get("/map/<by>.svg")
def map_svg(by: str) -> Response:
    filters, _ = _selection()
    if by == "borough":
        table = _table("borough-by-priority", filters)
        svg = maps.borough_map(
            views.borough_rates(table, catalogue(filters.end)),
            selected=None if filters.borough is None else {filters.borough},
        )
    elif by == "district":
        table = _table("postcode-districts", filters)
        figures: dict[str, float | None] = {}
        for row in table.rows[:-1]:
            count = row[1]
            assert not isinstance(count, str)  # the district table's counts are figures
            figures[str(row[0])] = count.value
        svg = maps.render("Concerns by postcode district", "district", figures, "Concerns")
    else:
        abort(404)
    return Response(svg, mimetype="image/svg+xml")


@blueprint.get("/about")
def about() -> str:
    return render_template("dashboard/about.html")


@blueprint.get("/contacts")
def contacts() -> str:
    """The contacts not checked for 6 months or more: the list `csp-bot directory audit` gives."""
    from bot.routing.directory import load_directory
    from bot.routing.upkeep import STALE_AFTER_MONTHS, stale_contacts

    directory = load_directory()
    on = today()
    return render_template(
        "dashboard/contacts.html",
        stale=stale_contacts(directory, on),
        total=len(directory.contacts),
        today=on,
        months=STALE_AFTER_MONTHS,
    )
