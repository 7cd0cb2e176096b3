"""The selection officers make: a date range, a borough, a category, a channel, and whether
time is counted in weeks or months. Read from a query string, so every view is a plain link."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal
from urllib.parse import urlencode

from bot.trends.catalogue import NOT_GIVEN, Catalogue

Period = Literal["week", "month"]
DEFAULT_WEEKS = 52
MAX_DAYS = 5 * 366
# Dates officers may choose: far wider than the log's two-year retention, and far enough inside
# the calendar's ends (years 1 and 9999) that weeks, months and the previous period never step
# off them (an OverflowError, a 500, before these bounds).
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
NOT_GIVEN_VALUE = "not-given"  # how "no borough given" is written in a link


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def period_start(day: date, period: Period) -> date:
    return week_start(day) if period == "week" else month_start(day)


def next_period(start: date, period: Period) -> date:
    if period == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def periods(start: date, end: date, period: Period) -> list[date]:
    """The starts of every period that overlaps start..end (inclusive)."""
    found = []
    current = period_start(start, period)
    while current <= end:
        found.append(current)
        current = next_period(current, period)
    return found


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    borough: str | None = None  # a borough id, "outside", "" (not given) or None (all)
    category: str | None = None
    channel: str | None = None
    period: Period = "week"

    @classmethod
    def default(cls, today: date) -> Filters:
        """The last 52 weeks, Monday to today's week."""
        return cls(start=week_start(today) - timedelta(weeks=DEFAULT_WEEKS - 1), end=today)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Filters:
        """The same selection just before this one: the same number of whole months when the
        range is whole calendar months (a quarter against the quarter before), else the same
        number of days."""
        if self.start.day == 1 and next_period(self.end, "month") - timedelta(days=1) == self.end:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            start = self.start
            for _ in range(months):
                start = month_start(start - timedelta(days=1))
            return replace(self, start=start, end=self.start - timedelta(days=1))
        return replace(
            self, start=self.start - timedelta(days=self.days), end=self.start - timedelta(days=1)
        )

    def last_year(self) -> Filters:
        """The same selection over the same dates a year before (29 February: the 28th)."""
        return replace(self, start=year_before(self.start), end=year_before(self.end))

    def with_range(self, start: date, end: date) -> Filters:
        return replace(self, start=start, end=end)

    def as_args(self) -> dict[str, str]:
        args = {"from": self.start.isoformat(), "to": self.end.isoformat(), "period": self.period}
        if self.borough is not None:
            args["borough"] = self.borough or NOT_GIVEN_VALUE
        if self.category:
            args["category"] = self.category
        if self.channel:
            args["channel"] = self.channel
        return args

    def query_string(self, **overrides: str) -> str:
        return urlencode({**self.as_args(), **overrides})


def _date(text: str, name: str, errors: list[str]) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        errors.append(f"Enter the {name} date as a real date, for example 2026-01-31")
        return None
    if not EARLIEST <= day <= LATEST:
        errors.append(f"Enter a {name} date between {EARLIEST.year} and {LATEST.year}")
        return None
    return day


def parse_filters(
    args: Mapping[str, str], catalogue: Catalogue, today: date
) -> tuple[Filters, list[str]]:
    """Filters from a query string; unknown or missing values fall back to the defaults, and
    each problem is returned as a message for the person who made the selection."""
    default = Filters.default(today)
    errors: list[str] = []
    start = _date(args["from"], "start", errors) if args.get("from") else None
    end = _date(args["to"], "end", errors) if args.get("to") else None
    start, end = start or default.start, end or default.end
    if start > end:
        errors.append("The start date must be on or before the end date")
        start, end = default.start, default.end
    if (end - start).days >= MAX_DAYS:
        errors.append("Choose a range of five years or less")
        start = end - timedelta(days=MAX_DAYS - 1)
    borough = args.get("borough") or None
    if borough == NOT_GIVEN_VALUE:
        borough = NOT_GIVEN
    elif borough is not None and borough not in catalogue.boroughs:
        errors.append("Choose a borough from the list")
        borough = None
    category = args.get("category") or None
    if category is not None and category not in catalogue.categories:
        errors.append("Choose a category from the list")
        category = None
    channel = args.get("channel") or None
    if channel is not None and channel not in catalogue.channels:
        errors.append("Choose a channel from the list")
        channel = None
    period: Period = "month" if args.get("period") == "month" else "week"
    return Filters(start, end, borough, category, channel, period), errors
