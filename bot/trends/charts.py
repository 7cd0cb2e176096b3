"""Charts as SVG, drawn on the server with matplotlib (no display, no pyplot: a Figure per
chart, so the web server's threads never share one). They plot published figures only: a
suppressed point is a gap in its line, a hatched cell in a heat map. Each chart is shown
beside the table it is drawn from, which is what a screen reader reads."""

from __future__ import annotations

import io
import math

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.trends.tables import DataTable

# GOV.UK Design System colours, in an order that keeps neighbours apart.
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#5694ca", "#b58840"]
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
MOST_LINES = 6  # more series than this are drawn as a heat map
WIDTH = 9.0  # inches, at 72 points an inch in the SVG

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: sharp, searchable, and in the page's font
        "svg.hashsalt": "csp-dashboard",  # the same figures give the same file
        "font.family": "sans-serif",
        "font.sans-serif": ["Arial", "Liberation Sans", "DejaVu Sans"],
        "font.size": 10,
        "axes.edgecolor": GRID,
        "axes.labelcolor": TEXT,
        "xtick.color": TEXT,
        "ytick.color": TEXT,
    }
)


def _svg(figure: Figure) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg")  # fixed margins: one drawing pass, no "tight" bbox
    return out.getvalue()


def _period_ticks(axes: Axes, labels: list[str], most: int = 8) -> None:
    step = max(1, math.ceil(len(labels) / most))
    ticks = list(range(0, len(labels), step))
    axes.set_xticks(ticks)
    axes.set_xticklabels(
        [labels[i].replace(" (part)", "*") for i in ticks], rotation=30, ha="right"
    )


def _plain(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def line_chart(table: DataTable, series: list[int]) -> str:
    """One line per column index in `series` over the table's rows (periods); a heat map
    when there are more than MOST_LINES series."""
    if len(series) > MOST_LINES:
        return heatmap(table, series)
    labels = table.labels()
    x = list(range(len(labels)))
    figure = Figure(figsize=(WIDTH, 3.8))
    figure.subplots_adjust(left=0.07, right=0.64, top=0.95, bottom=0.22)
    axes = figure.add_subplot()
    highest = 10.0  # an empty chart still reads 0 to 10
    for n, index in enumerate(series):
        values = [math.nan if v is None else v for v in table.column(index)]
        highest = max([highest, *(v for v in values if not math.isnan(v))])
        colour = COLOURS[n % len(COLOURS)]
        axes.plot(x, values, color=colour, linewidth=2, label=table.header[index], marker=".")
    _period_ticks(axes, labels)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    axes.set_ylim(bottom=0, top=highest * 1.1)
    axes.grid(axis="y", color=GRID, linewidth=0.5)
    axes.set_ylabel("Concerns")
    axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    _plain(axes)
    return _svg(figure)


def heatmap(table: DataTable, series: list[int]) -> str:
    """One row per column index in `series`, one cell per period, darker for more concerns;
    suppressed cells are hatched grey."""
    labels = table.labels()
    grid = np.ma.masked_invalid(
        np.array(
            [[math.nan if v is None else v for v in table.column(i)] for i in series], dtype=float
        )
    )
    height = 0.3 * len(series) + 1.3
    figure = Figure(figsize=(WIDTH, height))
    figure.subplots_adjust(left=0.27, right=0.93, top=1 - 0.15 / height, bottom=0.9 / height)
    axes = figure.add_subplot()
    axes.set_facecolor("#f3f2f1")
    axes.patch.set_hatch("///")
    axes.patch.set_edgecolor(GRID)
    image = axes.imshow(grid, aspect="auto", cmap="Blues", interpolation="nearest", vmin=0)
    axes.set_yticks(range(len(series)))
    axes.set_yticklabels([table.header[i] for i in series])
    _period_ticks(axes, labels)
    for side in axes.spines.values():
        side.set_visible(False)
    figure.colorbar(image, ax=axes, label="Concerns", fraction=0.03, pad=0.02)
    return _svg(figure)


def bar_chart(labels: list[str], values: list[int | None], xlabel: str = "Concerns") -> str:
    """Horizontal bars, one per label; a suppressed value has no bar."""
    height = 0.4 * len(labels) + 0.9
    figure = Figure(figsize=(7, height))
    figure.subplots_adjust(left=0.33, right=0.96, top=1 - 0.1 / height, bottom=0.6 / height)
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
    return _svg(figure)
