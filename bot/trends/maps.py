"""The map of concerns: Pennine Lancashire as hexagons (data/maps/hexes.yml, built from the ONS
Postcode Directory by scripts/build_map.py), drawn on the server as SVG. Each hexagon takes
the published figure of its borough (or postcode district): a withheld figure is hatched grey
and labelled [c], exactly as in the tables. Nothing is fetched at run time."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from html import escape

from pydantic import BaseModel, Field, validator

from bot import paths
from bot.datafile import DataError, load_model
from bot.routing.directory import load_directory
from bot.trends.charts import FONT_STACK, TEXT
from bot.trends.suppression import ROUND_TO

MAP_FILE = paths.DATA_DIR / "maps" / "hexes.yml"
# GOV.UK blues, light to dark: five classes; text on the two darkest is white.
SHADES = ["#d2e2f1", "#a5c6e4", "#5694ca", "#1d70b8", "#003078"]
EMPTY = "#ffffff"
WITHHELD = "#f3f2f1"
EDGE = "#0b0c0c"
SIDE = 720  # the drawing's width in px
# Each neighbour (axial step) and the two corners of the side that faces it.
_NEIGHBOURS = [
    ((1, 0), (0, 1)),
    ((1, -1), (5, 0)),
    ((0, -1), (4, 5)),
    ((-1, 0), (3, 4)),
    ((-1, 1), (2, 3)),
    ((0, 1), (1, 2)),
]


class MapFile(BaseModel, extra="forbid"):
    what: str
    radius_m: float = Field(gt=0)
    source: str
    attribution: str = Field(regex=".*Open Government Licence")
    licence: str = Field(regex=r"^https://")
    built: str
    built_by: str
    cells: list[tuple[int, int, str, str]]

    @validator("cells")
    def _some(cls, cells: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
        if not cells:
            raise ValueError("the map has no hexagons")
        return cells


@dataclass(frozen=True)
class HexMap:
    data: MapFile

    def corners(self, q: int, r: int) -> list[tuple[float, float]]:
        """The six corners of a hexagon on the National Grid (metres), pointy top."""
        size = self.data.radius_m
        x = size * math.sqrt(3) * (q + r / 2)
        y = size * 1.5 * r
        return [
            (x + size * math.cos(math.radians(60 * i - 30)),
             y + size * math.sin(math.radians(60 * i - 30)))
            for i in range(6)
        ]  # fmt: skip

    @property
    def districts(self) -> set[str]:
        return {cell[3] for cell in self.data.cells}


@cache
def hex_map() -> HexMap:
    data = load_model(MAP_FILE, MapFile)
    boroughs = set(load_directory().boroughs)
    unknown = {cell[2] for cell in data.cells} - boroughs
    if unknown:
        raise DataError(f"{MAP_FILE}: boroughs not in the directory: {sorted(unknown)}")
    return HexMap(data)


def _nice(raw: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that is at least `raw`."""
    power: float = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-12)


def classes(values: list[float], least: float) -> tuple[list[float], int]:
    """Upper bounds of five classes of one round width (at least `least`: 5 for counts
    rounded to 5, 0.1 for rates) that span the figures shown, from just under the lowest to
    the highest, so that boroughs with close rates still differ; and the decimals their labels
    need. Zero is left out: it is drawn blank."""
    shown = [v for v in values if v] or [least]
    low_value, high_value = min(shown), max(shown)
    step = _nice(max((high_value - low_value) / len(SHADES), least))
    while True:
        low = max(0.0, math.ceil(low_value / step - 1e-9) * step - step)
        if low + step * len(SHADES) >= high_value - 1e-9:
            break
        step = _nice(step * 1.01)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return [round(low + step * (i + 1), 6) for i in range(len(SHADES))], decimals


def _shade(value: float, bounds: list[float]) -> str:
    for bound, colour in zip(bounds, SHADES, strict=True):
        if value <= bound:
            return colour
    return SHADES[-1]


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _legend(unit: str, bounds: list[float], decimals: int) -> list[str]:
    """The key: a swatch per class, then no concerns and withheld."""
    x, y = SIDE - 230, 60
    parts = [f'<text x="{x}" y="{y - 12}" font-weight="bold">{escape(unit)}</text>']
    entries = []
    low = 0.0
    for i, (bound, colour) in enumerate(zip(bounds, SHADES, strict=True)):
        high = _number(bound, decimals)
        text = f"{high} or less" if not i else f"over {_number(low, decimals)} to {high}"
        entries.append((colour, text))
        low = bound
    entries += [(EMPTY, "None"), ("url(#withheld)", "[c] fewer than 10")]
    for i, (fill, text) in enumerate(entries):
        top = y + i * 26
        parts.append(
            f'<rect x="{x}" y="{top}" width="22" height="18" fill="{fill}" stroke="{EDGE}"/>'
        )
        parts.append(f'<text x="{x + 30}" y="{top + 14}">{text}</text>')
    return parts


def render(
    title: str,
    by: str,
    figures: dict[str, float | None],
    unit: str,
    decimals: int = 0,
    selected: set[str] | None = None,
) -> str:
    """The map as SVG. `by` is "borough" or "district"; `figures` maps a borough id or
    district to its published value (None: withheld; missing: no concerns, 0). With
    `selected`, areas outside it are drawn blank and labelled "not selected"."""
    hexes = hex_map()
    cells = hexes.data.cells
    owner = {(c[0], c[1]): c[2] if by == "borough" else c[3] for c in cells}
    points = [p for c in cells for p in hexes.corners(c[0], c[1])]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    scale = (SIDE - 260) / (east - west)
    height = (north - south) * scale + 90

    def xy(point: tuple[float, float]) -> str:
        return f"{(point[0] - west) * scale + 10:.1f},{(north - point[1]) * scale + 40:.1f}"

    published = [v for v in figures.values() if v is not None]
    bounds, legend_decimals = classes(published, 10**-decimals if decimals else ROUND_TO)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIDE}" height="{height:.0f}" '
        f'viewBox="0 0 {SIDE} {height:.0f}" role="img" aria-labelledby="map-title" '
        f'font-family="{FONT_STACK}" font-size="14" fill="{TEXT}">',
        f'<title id="map-title">{escape(title)}</title>',
        f"<desc>{escape(hexes.data.what)} {escape(hexes.data.attribution)}</desc>",
        '<defs><pattern id="withheld" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3f2f1"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#b1b4b6" stroke-width="2"/></pattern></defs>',
        f'<text x="10" y="24" font-size="17" font-weight="bold">{escape(title)}</text>',
    ]
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for q, r, *_ in cells:
        groups[owner[(q, r)]].append((q, r))

    def shown(area: str) -> str:
        if selected is not None and area not in selected:
            return "not selected"
        value = figures.get(area, 0)
        return "[c]" if value is None else _number(value or 0, decimals)

    for area, members in sorted(groups.items()):
        value = figures.get(area, 0)
        fill = (
            "url(#withheld)" if value is None else (EMPTY if not value else _shade(value, bounds))
        )
        if selected is not None and area not in selected:
            fill = EMPTY
        label = shown(area)
        parts.append(f'<g class="area" data-area="{escape(area)}" data-value="{label}">')
        for q, r in members:
            corners = " ".join(xy(p) for p in hexes.corners(q, r))
            parts.append(f'<polygon points="{corners}" fill="{fill}" stroke="{fill}"/>')
        parts.append("</g>")
    # Edges between areas (and at the map's edge) drawn dark, so each area reads as one shape.
    for q, r, *_ in cells:
        hexagon = hexes.corners(q, r)
        for (dq, dr), (first, second) in _NEIGHBOURS:
            other = owner.get((q + dq, r + dr))
            if other != owner[(q, r)]:
                a, b = hexagon[first], hexagon[second]
                width = 2 if other is not None else 1.2
                parts.append(
                    f'<polyline points="{xy(a)} {xy(b)}" stroke="{EDGE}" '
                    f'stroke-width="{width}" fill="none"/>'
                )
    for area, members in sorted(groups.items()):
        if by == "district" and len(members) < 3:
            continue  # too small to hold a label; its figure is in the table
        centre_x = sum(sum(p[0] for p in hexes.corners(q, r)) / 6 for q, r in members)
        centre_y = sum(sum(p[1] for p in hexes.corners(q, r)) / 6 for q, r in members)
        x, y = (float(v) for v in xy((centre_x / len(members), centre_y / len(members))).split(","))
        text = shown(area)
        name = area if by == "district" else load_directory().boroughs[area].name
        label = (
            f'<tspan x="{x:.1f}">{escape(name)}</tspan><tspan x="{x:.1f}" dy="17">{text}</tspan>'
        )
        # A white halo first, then the text: readable on any shade (PDF renderers ignore
        # paint-order, so the halo is its own copy).
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-weight="bold" '
            f'fill="#ffffff" stroke="#ffffff" stroke-width="4" aria-hidden="true">{label}</text>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-weight="bold">{label}</text>'
        )
    parts += _legend(unit, bounds, legend_decimals)
    parts.append(
        f'<text x="10" y="{height - 12:.0f}" font-size="13">Hexagons 1.4 km across, '
        "from postcode grid references; not official boundaries.</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


def borough_map(rates: dict[str, float | None], selected: set[str] | None = None) -> str:
    """The boroughs shaded by their published rate per 1,000 residents."""
    title = "Concerns per 1,000 residents by borough"
    return render(title, "borough", rates, "Per 1,000 residents", 1, selected)
