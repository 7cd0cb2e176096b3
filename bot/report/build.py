"""The board report for the Community Safety Partnership Board: a summary (priorities, boroughs,
languages), then a section per CSP priority with headline figures, a trend chart, hotspots,
spikes and the change against the previous period of the same length. Every figure goes
through the suppression rule. One self-contained HTML file (charts inlined, print stylesheet
included); PDF through WeasyPrint when the file ends in .pdf.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypedDict

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.concern_log.store import ConcernStore
from bot.trends import charts, maps, views
from bot.trends.catalogue import Catalogue, Priority, catalogue
from bot.trends.filters import Filters, Period
from bot.trends.maps import hex_map
from bot.trends.population import population
from bot.trends.queries import TrendQueries, read_engine
from bot.trends.suppression import Published, change, publish
from bot.trends.tables import Cell, DataTable

TEMPLATES = Path(__file__).parent / "templates"
WEEKLY_UP_TO_DAYS = 120  # longer periods are charted by month
PDF_VARIANT = "pdf/ua-1"


@dataclass
class PrioritySection:
    number: int
    priority: Priority
    total: Published = field(default_factory=lambda: Published(0))
    previous: Published = field(default_factory=lambda: Published(0))
    change: str = ""
    last_year: Published = field(default_factory=lambda: Published(0))
    last_year_change: str = ""
    kinds: DataTable | None = None
    trend: DataTable | None = None
    chart: str = ""  # a data: URI of the SVG
    categories: DataTable | None = None
    boroughs: DataTable | None = None
    places: list[DataTable] = field(default_factory=list)
    spikes: DataTable | None = None


class ReportTables(TypedDict):
    """The whole period's tables, and whether they count by week or by month."""

    period: Period
    priority: DataTable
    category: DataTable
    boroughs: DataTable
    spikes: DataTable
    kinds: DataTable
    languages: DataTable


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _columns(table: DataTable, indexes: list[int], key: str, title: str) -> DataTable:
    rows = [[row[0], *(row[i] for i in indexes)] for row in table.rows]
    header = [table.header[0], *(table.header[i] for i in indexes)]
    return DataTable(key=key, title=title, header=header, rows=rows, notes=table.notes)


def _section(
    number: int,
    priority: Priority,
    cat: Catalogue,
    tables: ReportTables,
    totals: tuple[dict[object, int], ...],
    places: list[DataTable],
) -> PrioritySection:
    section = PrioritySection(number, priority)
    if priority.not_logged:
        return section
    now, before, year_before = totals
    section.total, section.previous = publish(now.get(number, 0)), publish(before.get(number, 0))
    section.change = change(section.total, section.previous)
    section.last_year = publish(year_before.get(number, 0))
    section.last_year_change = change(section.total, section.last_year)
    names = [cat.categories[c] for c in cat.categories_of(number)]
    by_category, by_priority = tables["category"], tables["priority"]
    category_columns = [by_category.header.index(name) for name in names]
    total_column = by_priority.header.index(f"{number}. {priority.short}")
    trend = _columns(by_category, category_columns, f"priority-{number}-trend", "")
    trend = DataTable(
        key=trend.key,
        title=f"Priority {number}: concerns by category and {tables['period']}",
        header=[*trend.header, "Priority total"],
        rows=[[*row, by_priority.rows[i][total_column]] for i, row in enumerate(trend.rows)],
        notes=trend.notes,
        partial=by_category.partial,
    )
    section.trend = trend
    # The chart draws the categories only: the priority's total (in the table) would set the
    # scale and wash them out.
    section.chart = _data_uri(charts.line_chart(trend, list(range(1, len(trend.header) - 1))))
    changes_rows: list[list[Cell]] = []
    for category in cat.categories_of(number):
        a, b = publish(now.get(category, 0)), publish(before.get(category, 0))
        c = publish(year_before.get(category, 0))
        changes_rows.append([cat.categories[category], a, b, change(a, b), c, change(a, c)])
    section.categories = DataTable(
        key=f"priority-{number}-categories",
        title=f"Priority {number}: this period against the period before and a year before",
        header=[
            "Category",
            "This period",
            "Previous period",
            "Change",
            "Same period last year",
            "Change on last year",
        ],
        rows=changes_rows,
        notes=[views.SUPPRESSION_NOTE],
    )
    kinds = tables["kinds"]
    section.kinds = DataTable(
        key=f"priority-{number}-kinds",
        title=f"Priority {number}: concerns by kind",
        header=kinds.header,
        rows=[row for row in kinds.rows if row[0] in names],
        notes=kinds.notes,
    )
    boroughs = tables["boroughs"]
    column = boroughs.header.index(f"{number}. {priority.short}")
    section.boroughs = _columns(
        boroughs, [column], f"priority-{number}-boroughs", f"Priority {number} by borough"
    )
    section.places = [t for t in places if t.rows and t.title.split(": ", 1)[1] in names]
    spikes = tables["spikes"]
    section.spikes = DataTable(
        key=f"priority-{number}-spikes",
        title=f"Priority {number}: spikes in the period",
        header=spikes.header,
        rows=[row for row in spikes.rows if row[1] in names],
        notes=spikes.notes,
    )
    return section


def _totals(q: TrendQueries, cat: Catalogue, filters: Filters) -> dict[object, int]:
    """Exact concerns per priority of the plan (int keys) and per category (str keys)."""
    totals: dict[object, int] = {}
    for (category,), n in q.counts(filters, ("category",)).items():
        priority = cat.category_priority.get(category)
        totals[category] = totals.get(category, 0) + n
        totals[priority] = totals.get(priority, 0) + n
    return totals


def build_report(store: ConcernStore, start: date, end: date, today: date | None = None) -> str:
    """The report's HTML for start..end (inclusive)."""
    cat = catalogue(end)
    engine = read_engine(store.url)
    try:
        return _render(TrendQueries(engine), cat, start, end, today)
    finally:
        engine.dispose()


def _render(q: TrendQueries, cat: Catalogue, start: date, end: date, today: date | None) -> str:
    period: Period = "week" if (end - start).days < WEEKLY_UP_TO_DAYS else "month"
    filters = Filters(start=start, end=end, period=period)
    head = views.headline(q, filters)
    previous, last_year = filters.previous(), filters.last_year()
    totals = tuple(_totals(q, cat, f) for f in (filters, previous, last_year))
    tables: ReportTables = {
        "period": period,
        "priority": views.over_time(q, cat, filters, "priority"),
        "category": views.over_time(q, cat, filters, "category"),
        "boroughs": views.by_borough(q, cat, filters),
        "spikes": views.spikes_in_range(q, cat, filters),
        "kinds": views.subcategories(q, cat, filters),
        "languages": views.by_language(q, cat, filters),
    }
    places = views.top_places(q, cat, filters)
    sections = [
        _section(number, priority, cat, tables, totals, places)
        for number, priority in cat.priorities.items()
    ]
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"])
    )
    return environment.get_template("report.html").render(
        start=start,
        end=end,
        previous=previous,
        last_year=last_year,
        plan=cat.plan,
        plan_expired=cat.plan_expired,
        headline=head,
        boroughs=tables["boroughs"],
        languages=tables["languages"],
        reached=[name for code, name in cat.languages.items() if code != "en"],
        language_note=views.LANGUAGE_NOTE,
        borough_map=_data_uri(maps.borough_map(views.borough_rates(tables["boroughs"], cat))),
        hexes=hex_map().data,
        population=population(),
        sections=sections,
        synthetic=head.synthetic,
        suppression_note=views.SUPPRESSION_NOTE,
        spike_note=views.SPIKE_NOTE,
        generated=(today or datetime.now()).strftime("%-d %B %Y"),
        css=(TEMPLATES / "report.css").read_text(encoding="utf-8"),
    )


def write_report(start: date, end: date, out: Path, database_url: str | None = None) -> Path:
    """Write the report to `out`: HTML, or PDF when `out` ends in .pdf."""
    store = ConcernStore(database_url)
    store.upgrade()
    try:
        html = build_report(store, start, end)
    finally:
        store.engine.dispose()
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".pdf":
        try:
            from weasyprint import HTML
        except ImportError as error:  # pragma: no cover - WeasyPrint is a pinned dependency
            raise RuntimeError("PDF needs WeasyPrint; write .html and print it instead") from error
        # PDF/UA-1: a tagged PDF (headings, tables, figures with their alt text, reading
        # order), so the report stays accessible if the board's papers are published.
        HTML(string=html, base_url=str(TEMPLATES)).write_pdf(out, pdf_variant=PDF_VARIANT)
    else:
        out.write_text(html, encoding="utf-8")
    return out
