"""Charts as SVG, drawn on the server with matplotlib (no display, no pyplot: a Figure per
chart, so the web server's threads never share one). They plot published figures only: a
suppressed point is a gap in its line, a hatched cell in a heat map. Each chart is shown
beside the table it is drawn from, which is what a screen reader reads."""

from __future__ import annotations

import io
import math
import re

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from bot.trends.tables import DataTable

# GOV.UK Design System colours, in an order that keeps neighbours apart.
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#5694ca", "#b58840"]
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
MOST_LINES = 6  # more series than this are drawn as a heat map
WIDTH = 9.0  # inches, at 72 points an inch in the SVG: 648 px wide at 100%
FONT_SIZE = 13  # px in the SVG; the smallest text in a chart (tick labels) is this size
# The dashboard's own font stack (web/scss/app.scss: GOV.UK Frontend with Arial, as services
# off gov.uk use it), with Liberation Sans, Arial's metric twin on Linux. Written into the SVG
# as a real family list: a quoted generic ('sans-serif') is read as a font name and browsers
# fall back to their serif font.
FONT_STACK = "Arial, 'Liberation Sans', Helvetica, sans-serif"

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: sharp, searchable, and in the page's font
        "svg.hashsalt": "csp-dashboard",  # the same figures give the same file
        "font.family": "sans-serif",
        "font.sans-serif": ["Arial", "Liberation Sans", "DejaVu Sans"],
        "font.size": FONT_SIZE,
        "axes.edgecolor": GRID,
        "axes.labelcolor": TEXT,
        "xtick.color": TEXT,
        "ytick.color": TEXT,
        "legend.fontsize": FONT_SIZE,
    }
)

_FONT = re.compile(r"font:\s*((?:[\w-]+\s+)*?)([\d.]+)px\s+'[^']*'")


def _svg(figure: Figure) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg")  # fixed margins: one drawing pass, no "tight" bbox
    # matplotlib 3.5 writes each text's family as one quoted name: give the real stack.
    return _FONT.sub(
        lambda m: f"font: {m.group(1)}{m.group(2)}px {FONT_STACK}",
        out.getvalue(),
    )


def tick_label(label: str) -> str:
    """'02 Nov 2026' -> '2 Nov\n2026'; 'Nov 2026' -> 'Nov\n2026'; a part period keeps
    '(part)' on a third line. Unrotated and centred, so none runs off the chart's edge."""
    part = label.endswith(" (part)")
    words = label.removesuffix(" (part)").split()
    if len(words) == 3:
        words = [words[0].lstrip("0"), *words[1:]]
    text = " ".join(words[:-1]) + "\n" + words[-1]
    return text + ("\n(part)" if part else "")


def _period_ticks(axes: Axes, labels: list[str], most: int = 8) -> None:
    step = max(1, math.ceil(len(labels) / most))
    ticks = list(range(0, len(labels), step))
    if ticks[-1] != len(labels) - 1:  # the first and the latest period are always labelled,
        ticks[-1 if len(ticks) > 1 else 1 :] = [len(labels) - 1]  # at least a step apart
    axes.set_xticks(ticks)
    axes.set_xticklabels([tick_label(labels[i]) for i in ticks])
    axes.set_xlim(-0.6, len(labels) - 0.4)


def _plain(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def line_figure(table: DataTable, series: list[int]) -> Figure:
    """One line per column index in `series` over the table's rows (periods). A period only
    partly inside the range (table.partial) is drawn as such: an open marker joined by a
    dashed line, not as the fall a short count would otherwise look like."""
    labels = table.labels()
    x = list(range(len(labels)))
    legend_rows = math.ceil((len(series) + bool(table.partial)) / 2)
    height = 3.6 + 0.3 * legend_rows
    figure = Figure(figsize=(WIDTH, height))
    figure.subplots_adjust(
        left=0.1, right=0.94, top=1 - 0.2 / height, bottom=(1.1 + 0.3 * legend_rows) / height
    )
    axes = figure.add_subplot()
    highest = 10.0  # an empty chart still reads 0 to 10
    part = set(table.partial)
    for n, index in enumerate(series):
        values = [math.nan if v is None else float(v) for v in table.column(index)]
        highest = max([highest, *(v for v in values if not math.isnan(v))])
        colour = COLOURS[n % len(COLOURS)]
        whole = [math.nan if i in part else v for i, v in enumerate(values)]
        axes.plot(x, whole, color=colour, linewidth=2.5, label=table.header[index], marker="o",
                  markersize=4)  # fmt: skip
        for i in sorted(part):
            neighbour = i - 1 if i > 0 and i - 1 not in part else i + 1
            if 0 <= neighbour < len(values):
                axes.plot([neighbour, i], [values[neighbour], values[i]], color=colour,
                          linewidth=2, linestyle=(0, (3, 2)))  # fmt: skip
            axes.plot([i], [values[i]], color=colour, marker="o", markersize=7,
                      markerfacecolor="white", markeredgewidth=2, linestyle="none")  # fmt: skip
    if part:
        axes.plot([], [], color=TEXT, linestyle=(0, (3, 2)), marker="o", markerfacecolor="white",
                  label="Part period: only some of its days")  # fmt: skip
    _period_ticks(axes, labels)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    axes.set_ylim(bottom=0, top=highest * 1.1)
    axes.grid(axis="y", color=GRID, linewidth=0.5)
    axes.set_ylabel("Concerns")
    # The key under the chart, two columns, clear of the date labels above it.
    figure.legend(frameon=False, loc="lower left", ncol=2, bbox_to_anchor=(0.01, 0.01))
    _plain(axes)
    return figure


def line_chart(table: DataTable, series: list[int]) -> str:
    """A line chart, or a heat map when there are more than MOST_LINES series."""
    if len(series) > MOST_LINES:
        return heatmap(table, series)
    return _svg(line_figure(table, series))


def heatmap_figure(table: DataTable, series: list[int]) -> Figure:
    """One row per column index in `series`, one cell per period, darker for more concerns;
    suppressed cells are hatched grey, part periods outlined with a dashed line."""
    labels = table.labels()
    # numpy 1.23 leaves numpy.ma unannotated.
    grid = np.ma.masked_invalid(  # type: ignore[no-untyped-call]
        np.array(
            [[math.nan if v is None else v for v in table.column(i)] for i in series], dtype=float
        )
    )
    height = 0.34 * len(series) + 1.5
    figure = Figure(figsize=(WIDTH, height))
    figure.subplots_adjust(left=0.37, right=0.9, top=1 - 0.15 / height, bottom=1.1 / height)
    axes = figure.add_subplot()
    axes.set_facecolor("#f3f2f1")
    axes.patch.set_hatch("///")
    axes.patch.set_edgecolor(GRID)
    image = axes.imshow(grid, aspect="auto", cmap="Blues", interpolation="nearest", vmin=0)
    for i in table.partial:
        axes.add_patch(Rectangle((i - 0.5, -0.5), 1, len(series), fill=False, edgecolor=TEXT,
                                 linestyle=(0, (3, 2)), linewidth=1.5))  # fmt: skip
    axes.set_yticks(range(len(series)))
    axes.set_yticklabels([table.header[i] for i in series])
    _period_ticks(axes, labels)
    for side in axes.spines.values():
        side.set_visible(False)
    figure.colorbar(image, ax=axes, label="Concerns", fraction=0.03, pad=0.02)
    return figure


def heatmap(table: DataTable, series: list[int]) -> str:
    return _svg(heatmap_figure(table, series))


def bar_figure(labels: list[str], values: list[float | None], xlabel: str) -> Figure:
    """Horizontal bars, one per label; a suppressed value has no bar."""
    height = 0.45 * len(labels) + 1.1
    figure = Figure(figsize=(WIDTH, height))
    figure.subplots_adjust(left=0.3, right=0.96, top=1 - 0.15 / height, bottom=0.8 / height)
    axes = figure.add_subplot()
    y = list(range(len(labels)))
    axes.barh(y, [v or 0 for v in values], color=COLOURS[0])
    for position, value in zip(y, values, strict=True):
        if value is None:  # withheld: say so where the bar would be
            axes.annotate(
                "[c]", (0, position), xytext=(4, 0), textcoords="offset points", va="center"
            )
    axes.set_yticks(y)
    axes.set_yticklabels(labels)
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.grid(axis="x", color=GRID, linewidth=0.5)
    _plain(axes)
    return figure


def bar_chart(labels: list[str], values: list[float | None], xlabel: str = "Concerns") -> str:
    return _svg(bar_figure(labels, values, xlabel))
