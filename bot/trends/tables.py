"""Published tables: every figure already through the suppression rule. The dashboard shows
them beside their charts, offers them as CSV, and the board report prints them."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from bot.trends.suppression import Published

Cell = str | Published


@dataclass(frozen=True)
class DataTable:
    key: str  # names the CSV download: letters, digits and hyphens
    title: str
    header: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        for row in self.rows:
            writer.writerow([str(cell) for cell in row])
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
