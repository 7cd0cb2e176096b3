"""Residents per borough (data/population/boroughs.yml), for rates per 1,000 residents.

Rates are worked out from the published (rounded) count, never the exact one, so a rate
reveals nothing the table does not; a withheld count gives a withheld rate."""

from __future__ import annotations

from datetime import date
from functools import cache

from pydantic import BaseModel, Field

from bot import paths
from bot.datafile import DataError, load_model
from bot.routing.directory import Directory, load_directory
from bot.trends.suppression import Published
from bot.trends.tables import Decimal, one_decimal

POPULATION_FILE = paths.DATA_DIR / "population" / "boroughs.yml"


class PopulationFile(BaseModel, extra="forbid"):
    estimate: str
    year: int = Field(ge=2011, le=2100)
    source: str = Field(regex=r"^https://")
    checked_against: list[str] = Field(default_factory=list)
    checked: date
    licence: str
    figures: dict[str, int]  # GSS code -> residents


class Population:
    def __init__(self, data: PopulationFile, directory: Directory) -> None:
        self.data = data
        self.by_borough: dict[str, int] = {}
        for code, residents in data.figures.items():
            borough = directory.borough_by_gss(code)
            if borough is None:
                raise DataError(f"{POPULATION_FILE}: {code} is not a borough of the directory")
            if residents <= 0:
                raise DataError(f"{POPULATION_FILE}: {code} needs a positive population")
            self.by_borough[borough] = residents
        missing = set(directory.boroughs) - set(self.by_borough)
        if missing:
            raise DataError(f"{POPULATION_FILE}: no population for {sorted(missing)}")

    @property
    def total(self) -> int:
        return sum(self.by_borough.values())

    def rate(self, count: Published, borough: str | None) -> Decimal | str:
        """Concerns per 1,000 residents of `borough` (None: all five boroughs); an empty cell
        for places with no population (outside the area, not given)."""
        residents = self.total if borough is None else self.by_borough.get(borough)
        if residents is None:
            return ""
        if count.value is None:
            return Decimal(None)
        return Decimal(one_decimal(1000 * count.value / residents))

    @property
    def note(self) -> str:
        return (
            f"Per 1,000 residents: the rounded count divided by the borough's residents "
            f"({self.data.estimate}, {self.data.year}; source: {self.data.source}; "
            f"checked {self.data.checked:%-d %B %Y})."
        )


@cache
def population() -> Population:
    return Population(load_model(POPULATION_FILE, PopulationFile), load_directory())
