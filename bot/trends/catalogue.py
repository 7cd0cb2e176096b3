"""What the figures are grouped by, in words officers read: the CSP priorities of the plan in
force and the categories (data/strategy/priorities.yml), the boroughs (the routing directory),
the channels and the languages (their English names, data/languages/languages.yml).

The priorities belong to a plan period: the file lists each Community Safety Plan with its
dates, its priorities and which priority each category serves. The figures for a range follow
the plan in force on the range's last day (a category's concerns are counted under that plan's
priority, whatever priority was stored when they were logged). A range after the last plan's
end uses the last plan and says so, until the partnership's current plan is added."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from pydantic import BaseModel, Field

from bot import paths
from bot.concern_log.schema import CHANNELS
from bot.datafile import DataError, load_model
from bot.language.languages import logged_languages, supported
from bot.routing.directory import Directory, load_directory

PRIORITIES_FILE = paths.DATA_DIR / "strategy" / "priorities.yml"
OUTSIDE = "outside"
NOT_GIVEN = ""  # how the rollup stores a concern logged without a borough
CHANNEL_NAMES = {"web": "Web chat", "messenger": "Messenger", "other": "Other"}


class Priority(BaseModel, extra="forbid"):
    name: str
    short: str
    not_logged: bool = Field(False, description="No concern the assistant logs serves it")


class Plan(BaseModel, extra="forbid"):
    name: str
    source: str
    starts: date
    ends: date
    priorities: dict[int, Priority]
    # category -> priority number, for every category of the directory
    category_priorities: dict[str, int]


class PrioritiesFile(BaseModel, extra="forbid"):
    plans: list[Plan] = Field(min_items=1)
    categories: dict[str, str]


@dataclass(frozen=True)
class Catalogue:
    priorities: dict[int, Priority]
    categories: dict[str, str]  # category id -> name, in the file's order
    category_priority: dict[str, int]
    boroughs: dict[str, str]  # borough id -> name; also "outside" and "" (not given)
    channels: dict[str, str]
    plan: Plan | None = None
    plan_expired: bool = False  # the range ends after the last plan in the file
    languages: dict[str, str] = field(default_factory=dict)  # code -> English name, en first

    def categories_of(self, priority: int) -> list[str]:
        return [c for c in self.categories if self.category_priority.get(c) == priority]

    def category_name(self, category: str) -> str:
        return self.categories.get(category, category)

    def borough_name(self, borough: str | None) -> str:
        return self.boroughs.get(borough or NOT_GIVEN, borough or "Not given")

    def language_name(self, code: str) -> str:
        return self.languages.get(code, code)


def check_plans(data: PrioritiesFile, directory: Directory) -> None:
    """Every plan numbers its priorities 1..n, names a priority for every category of the
    directory (and no other), and the plans follow each other without overlapping."""
    categories = {concern.category for concern in directory.concerns.values()}
    for concern in directory.concerns.values():
        if concern.category not in data.categories:
            raise DataError(f"{PRIORITIES_FILE}: category {concern.category!r} has no name")
    unused = set(data.categories) - categories
    if unused:
        raise DataError(f"{PRIORITIES_FILE}: categories not in the directory: {sorted(unused)}")
    for plan in data.plans:
        if sorted(plan.priorities) != list(range(1, len(plan.priorities) + 1)):
            raise DataError(f"{PRIORITIES_FILE}: {plan.name}: number the priorities from 1")
        if set(plan.category_priorities) != categories:
            raise DataError(f"{PRIORITIES_FILE}: {plan.name}: give every category a priority")
        wrong = set(plan.category_priorities.values()) - set(plan.priorities)
        if wrong or plan.ends < plan.starts:
            raise DataError(f"{PRIORITIES_FILE}: {plan.name}: unknown priority or dates")
    for earlier, later in zip(data.plans, data.plans[1:], strict=False):
        if later.starts <= earlier.ends:
            raise DataError(f"{PRIORITIES_FILE}: list the plans in order, without overlaps")


def plan_for(data: PrioritiesFile, on: date) -> tuple[Plan, bool]:
    """The plan in force on `on`; after the last plan, the last one (and True)."""
    started = [plan for plan in data.plans if plan.starts <= on]
    if not started:
        return data.plans[0], False
    return started[-1], on > started[-1].ends


def build_catalogue(data: PrioritiesFile, directory: Directory, on: date) -> Catalogue:
    check_plans(data, directory)
    plan, expired = plan_for(data, on)
    category_priority = dict(plan.category_priorities)
    boroughs = {
        **directory.borough_names(),
        OUTSIDE: "Outside Pennine Lancashire",
        NOT_GIVEN: "Not given",
    }
    return Catalogue(
        priorities=dict(sorted(plan.priorities.items())),
        categories=dict(data.categories),
        category_priority=category_priority,
        boroughs=boroughs,
        channels={channel: CHANNEL_NAMES[channel] for channel in CHANNELS},
        plan=plan,
        plan_expired=expired,
        languages={code: supported()[code].english for code in logged_languages()},
    )


@cache
def priorities_file() -> PrioritiesFile:
    return load_model(PRIORITIES_FILE, PrioritiesFile)


@cache
def catalogue(on: date | None = None) -> Catalogue:
    """What the figures for a range ending on `on` (default: today) are grouped by."""
    return build_catalogue(priorities_file(), load_directory(), on or date.today())
