"""The charts are real SVG drawn from the published table: names and withheld cells show."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from bot.trends import charts
from bot.trends.suppression import publish
from bot.trends.tables import DataTable


def table(columns: int) -> DataTable:
    rows = [[f"{week:02d} Nov 2026", *(publish(week * c) for c in range(1, columns + 1))]
            for week in (2, 9)]  # fmt: skip
    return DataTable(
        "t", "T", ["Week starting", *(f"Series {c}" for c in range(1, columns + 1))], rows
    )


def texts(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    return [
        element.text for element in root.iter("{http://www.w3.org/2000/svg}text") if element.text
    ]


def test_a_line_per_series_with_its_name() -> None:
    svg = charts.line_chart(table(3), [1, 2, 3])
    assert {"Series 1", "Series 2", "Series 3", "Concerns"} <= set(texts(svg))


def test_many_series_become_a_heat_map() -> None:
    svg = charts.line_chart(table(8), list(range(1, 9)))
    assert "<image" in svg and "Series 8" in texts(svg)


def test_a_withheld_bar_says_so() -> None:
    svg = charts.bar_chart(["Burnley", "Pendle"], [publish(40).value, publish(3).value])
    assert {"Burnley", "Pendle", "[c]"} <= set(texts(svg))
