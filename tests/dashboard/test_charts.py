"""The charts are real SVG drawn from the published table: names and withheld cells show, the
text is in the dashboard's font at a legible size, a part period is drawn as part, and no
label runs off the drawing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.trends import charts
from bot.trends.suppression import publish
from bot.trends.tables import DataTable

SVG = "{http://www.w3.org/2000/svg}"


def table(columns: int, weeks: int = 2, partial: tuple[int, ...] = ()) -> DataTable:
    labels = [f"{2 + 7 * w:02d} Nov 2026" for w in range(weeks)]
    labels = [label + (" (part)" if i in partial else "") for i, label in enumerate(labels)]
    rows = [[label, *(publish(10 * (w + 1) * c) for c in range(1, columns + 1))]
            for w, label in enumerate(labels)]  # fmt: skip
    header = ["Week starting", *(f"Series {c}" for c in range(1, columns + 1))]
    return DataTable("t", "T", header, rows, partial=partial)


def texts(svg: str) -> list[ElementTree.Element]:
    root = ElementTree.fromstring(svg)
    return [element for element in root.iter(f"{SVG}text") if element.text]


def words(svg: str) -> set[str]:
    return {element.text for element in texts(svg)}


def test_a_line_per_series_with_its_name() -> None:
    svg = charts.line_chart(table(3), [1, 2, 3])
    assert {"Series 1", "Series 2", "Series 3", "Concerns"} <= words(svg)


def test_many_series_become_a_heat_map() -> None:
    svg = charts.line_chart(table(8), list(range(1, 9)))
    assert "<image" in svg and "Series 8" in words(svg)


def test_a_withheld_bar_says_so() -> None:
    svg = charts.bar_chart(["Burnley", "Pendle"], [publish(40).value, publish(3).value])
    assert {"Burnley", "Pendle", "[c]"} <= words(svg)


@pytest.mark.parametrize(
    "svg",
    [
        charts.line_chart(table(3, 10, (9,)), [1, 2, 3]),
        charts.line_chart(table(8, 10, (0, 9)), list(range(1, 9))),
        charts.bar_chart(["Burnley", "Pendle"], [40, None], "Concerns per 1,000 residents"),
    ],
    ids=["line", "heat map", "bars"],
)
def test_text_is_in_a_real_font_family_at_a_legible_size(svg: str) -> None:
    found = texts(svg)
    assert found
    for element in found:
        style = element.get("style", "")
        font = re.search(r"font:\s*(?:[\w-]+\s+)*?([\d.]+)px\s+([^;]+)", style)
        assert font, style
        assert float(font.group(1)) >= 12, style  # at the SVG's own size: 648 px wide
        family = font.group(2)
        assert family.startswith("Arial,") and family.rstrip().endswith("sans-serif"), family
        assert "'sans-serif'" not in family  # a quoted generic is a font name: serif fallback


def _inside(figure: Figure) -> list[str]:
    """Every visible text that reaches outside the drawing, with where it is."""
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    width, height = figure.bbox.width, figure.bbox.height
    undrawn = set()  # tick labels matplotlib keeps for ticks beyond the axis: not drawn
    for axes in figure.axes:
        for axis, limits in ((axes.xaxis, axes.get_xlim()), (axes.yaxis, axes.get_ylim())):
            low, high = sorted(limits)
            for tick in axis.get_major_ticks():
                if not low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    undrawn |= {tick.label1, tick.label2}
    outside = []
    for text in figure.findobj(Text):
        if text in undrawn or not text.get_visible() or not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < 0 or box.y0 < 0 or box.x1 > width or box.y1 > height:
            outside.append(f"{text.get_text()!r} at {box}")
    return outside


@pytest.mark.parametrize("weeks", [2, 10, 53])
def test_no_label_is_clipped(weeks: int) -> None:
    many = table(5, weeks, (0, weeks - 1))
    many = DataTable(many.key, many.title, [many.header[0], "1. Crime and anti-social behaviour",
                     "2. Vulnerable people", "3. Causes of crime", "5. Roads", "Total"],
                     many.rows, partial=many.partial)  # fmt: skip
    assert _inside(charts.line_figure(many, [1, 2, 3, 4, 5])) == []
    assert _inside(charts.heatmap_figure(many, [1, 2, 3, 4, 5])) == []
    names = ["Blackburn with Darwen", "Outside Pennine Lancashire", "Not given"]
    assert _inside(charts.bar_figure(names, [1.5, None, 0.2], "Per 1,000 residents")) == []


def test_the_first_date_is_labelled_in_full() -> None:
    figure = charts.line_figure(table(2, 10), [1, 2])
    labels = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert labels[0] == "2 Nov\n2026"  # the first and the last period are always labelled
    assert labels[-1] == "65 Nov\n2026"


def test_a_part_period_is_drawn_as_part_not_as_a_fall() -> None:
    # Ten weeks, the last only partly inside the range (3 where the others have 10 to 100).
    part = table(1, 10, (9,))
    figure = charts.line_figure(part, [1])
    lines = figure.axes[0].get_lines()
    whole = next(line for line in lines if line.get_label() == "Series 1")
    assert list(whole.get_ydata()[:9]) == [10.0 * (w + 1) for w in range(9)]
    assert str(whole.get_ydata()[9]) == "nan"  # the solid line stops before the part week
    dashed = [line for line in lines if line.get_linestyle() == "--" and len(line.get_xdata()) == 2]
    assert [list(line.get_xdata()) for line in dashed] == [[8, 9]]
    key = "Part period: only some of its days"
    open_marker = [
        line for line in lines
        if line.get_markerfacecolor() == "white" and line.get_label() != key
    ]  # fmt: skip
    assert [list(line.get_xdata()) for line in open_marker] == [[9]]
    assert key in words(charts.line_chart(part, [1]))
    assert "(part)" in " ".join(t.get_text() for t in figure.axes[0].get_xticklabels())
