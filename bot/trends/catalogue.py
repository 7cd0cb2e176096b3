"""What the figures are grouped by, in words officers read: the CSP priorities and categories
(data/strategy/priorities.yml), the boroughs (the routing directory) and the channels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, Field

from bot import paths
from bot.concerns.schema import CHANNELS
from bot.datafile import DataError, load_model
from bot.directory import Directory, load_directory

PRIORITIES_FILE = paths.DATA_DIR / "strategy" / "priorities.yml"
OUTSIDE = "outside"
NOT_GIVEN = ""  # how the rollup stores a concern logged without a borough
CHANNEL_NAMES = {"web": "Web chat", "messenger": "Messenger", "other": "Other"}


class Priority(BaseModel, extra="forbid"):
    name: str
    short: str
    not_logged: bool = Field(False, description="No concern the assistant logs serves it")


class PrioritiesFile(BaseModel, extra="forbid"):
    source: str
    priorities: dict[int, Priority]
    categories: dict[str, str]


@dataclass(frozen=True)
class Catalogue:
    priorities: dict[int, Priority]
    categories: dict[str, str]  # category id -> name, in the file's order
    category_priority: dict[str, int]
    boroughs: dict[str, str]  # borough id -> name; also "outside" and "" (not given)
    channels: dict[str, str]

    def categories_of(self, priority: int) -> list[str]:
        return [c for c in self.categories if self.category_priority.get(c) == priority]

    def category_name(self, category: str) -> str:
        return self.categories.get(category, category)

    def borough_name(self, borough: str | None) -> str:
        return self.boroughs.get(borough or NOT_GIVEN, borough or "Not given")


def build_catalogue(data: PrioritiesFile, directory: Directory) -> Catalogue:
    if sorted(data.priorities) != [1, 2, 3, 4, 5]:
        raise DataError(f"{PRIORITIES_FILE}: the CSP has priorities 1 to 5")
    category_priority: dict[str, int] = {}
    for cid, concern in directory.concerns.items():
        if concern.category not in data.categories:
            raise DataError(f"{PRIORITIES_FILE}: category {concern.category!r} has no name")
        known = category_priority.setdefault(concern.category, concern.priority)
        if known != concern.priority:
            raise DataError(f"concern {cid}: category {concern.category} spans two priorities")
    unused = set(data.categories) - set(category_priority)
    if unused:
        raise DataError(f"{PRIORITIES_FILE}: categories not in the directory: {sorted(unused)}")
    boroughs = {
        **directory.borough_names(),
        OUTSIDE: "Outside Pennine Lancashire",
        NOT_GIVEN: "Not given",
    }
    return Catalogue(
        priorities=dict(sorted(data.priorities.items())),
        categories=dict(data.categories),
        category_priority=category_priority,
        boroughs=boroughs,
        channels={channel: CHANNEL_NAMES[channel] for channel in CHANNELS},
    )


@cache
def catalogue() -> Catalogue:
    return build_catalogue(load_model(PRIORITIES_FILE, PrioritiesFile), load_directory())
