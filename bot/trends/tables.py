"""Published tables: every figure already through the suppression rule. The dashboard shows
them beside their charts, offers them as CSV, and the board report prints them.

A cell is a word (str) or a figure. On screen a figure reads as people write it (1,230, +5,
-25%, 3.2); in a CSV file it is a bare number a spreadsheet reads as one (1230, 5, -25, 3.2),
one value per cell, and a withheld figure is the ONS symbol [c]."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

from bot.trends.suppression import SUPPRESSED, Published, difference, percent_change


@dataclass(frozen=True)
class Signed:
    """A change between two published figures: None when either is withheld."""

    value: int | None

    def __str__(self) -> str:
        return SUPPRESSED if self.value is None else f"{self.value:+,}"

    def csv_text(self) -> str:
        return SUPPRESSED if self.value is None else str(self.value)


@dataclass(frozen=True)
class Percent:
    """A percentage change: None when either figure is withheld, or the base is 0 (no
    percentage can be given; the cell is empty)."""

    value: int | None
    withheld: bool = False

    def __str__(self) -> str:
        if self.withheld:
            return SUPPRESSED
        return "" if self.value is None else f"{self.value:+d}%"

    def csv_text(self) -> str:
        if self.withheld:
            return SUPPRESSED
        return "" if self.value is None else str(self.value)


@dataclass(frozen=True)
class Decimal:
    """A rate or an average worked out from published figures, to one decimal place."""

    value: float | None

    def __str__(self) -> str:
        return SUPPRESSED if self.value is None else f"{self.value:,.1f}"

    def csv_text(self) -> str:
        return SUPPRESSED if self.value is None else f"{self.value:.1f}"


def one_decimal(value: float) -> float:
    """Rounded to one decimal place, halves up (1.25 -> 1.3), as the 10-5 rule rounds."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


Figure = Published | Signed | Percent | Decimal
Cell = str | Figure


def csv_text(cell: Cell) -> str:
    if isinstance(cell, Published):
        return SUPPRESSED if cell.value is None else str(cell.value)
    if isinstance(cell, str):
        return cell
    return cell.csv_text()


@dataclass(frozen=True)
class DataTable:
    key: str  # names the CSV download: letters, digits and hyphens
    title: str
    header: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    partial: tuple[int, ...] = ()  # rows (periods) only partly inside the selected range

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        for row in self.rows:
            writer.writerow([csv_text(cell) for cell in row])
        return out.getvalue()

    def column(self, index: int) -> list[int | None]:
        """A column's published values (None where suppressed), for a chart."""
        values = []
        for row in self.rows:
            cell = row[index]
            values.append(cell.value if isinstance(cell, Published) else None)
        return values

    def labels(self) -> list[str]:
        return [str(row[0]) for row in self.rows]


def change_cells(now: Published, before: Published) -> list[Cell]:
    """The change and the percentage change, as two cells (one value per cell)."""
    withheld = now.value is None or before.value is None
    return [Signed(difference(now, before)), Percent(percent_change(now, before), withheld)]
