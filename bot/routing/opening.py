"""Opening hours of phone lines: whether a line is open at a moment, when it opens next, and
the hours as a resident reads them.

The clock is Europe/London (the clocks change twice a year); bank holidays are England's, from
the maintained `holidays` package (nothing is downloaded). The hours are data
(`opening` in data/directory/contacts.yml); the words are data too
(data/directory/opening.yml). Nothing here knows about any particular line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

import holidays
from pydantic import BaseModel, Field, root_validator, validator

from bot import paths
from bot.datafile import load_model

LONDON = ZoneInfo("Europe/London")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RANGE_PATTERN = re.compile(r"^(\d\d):(\d\d)-(\d\d):(\d\d)$")
State = Literal["open", "closed", "unknown"]


def london_now() -> datetime:
    return datetime.now(LONDON)


@cache
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_bank_holiday(day: date) -> bool:
    """A bank holiday in England (substitute days included)."""
    return day in _bank_holidays(day.year)


def day_keys(key: str) -> tuple[str, ...]:
    """'mon-fri' -> ('mon', ..., 'fri'); 'daily' -> all seven; 'sat' -> ('sat',)."""
    if key == "daily":
        return DAYS
    first, _, last = key.partition("-")
    if first not in DAYS or (last and last not in DAYS):
        raise ValueError(f"{key!r} is not a day, a range of days like 'mon-fri', or 'daily'")
    if not last:
        return (first,)
    start, end = DAYS.index(first), DAYS.index(last)
    if end < start:
        raise ValueError(f"{key!r}: the days must run forwards")
    return DAYS[start : end + 1]


def _minutes(hours: str, minutes: str) -> int:
    return int(hours) * 60 + int(minutes)


def parse_range(text: str) -> tuple[int, int]:
    """'08:45-17:00' -> (525, 1020), minutes after midnight; '20:00-24:00' runs to midnight."""
    match = RANGE_PATTERN.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a time range like '08:00-20:00'")
    start, end = _minutes(*match.group(1, 2)), _minutes(*match.group(3, 4))
    if not (0 <= start < end <= 24 * 60) or int(match.group(2)) >= 60:
        raise ValueError(f"{text!r}: the range must start before it ends, within one day")
    return start, end


class Opening(BaseModel, extra="forbid"):
    """When a phone line answers. Exactly one of: `always`; `unknown` (not published, or not
    confirmed: the assistant then says nothing about it); `hours` by day with what happens on
    bank holidays; or `outside_hours_of` another line (an out-of-hours number)."""

    always: bool = False
    unknown: bool = False
    hours: dict[str, list[str]] = Field(default_factory=dict)
    bank_holidays: Literal["closed", "as_usual", "unknown"] | None = None
    outside_hours_of: str | None = None
    when_closed: str | None = Field(
        None, description="A contact whose line is open when this one is closed"
    )

    @validator("hours")
    def _valid_hours(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        seen: set[str] = set()
        for key, ranges in value.items():
            days = day_keys(key)
            if seen & set(days):
                raise ValueError(f"{key!r} repeats a day given before")
            seen |= set(days)
            for text in ranges:
                parse_range(text)
        return value

    @root_validator(skip_on_failure=True)
    def _one_kind(cls, values: dict[str, Any]) -> dict[str, Any]:
        kinds = [
            values["always"],
            values["unknown"],
            bool(values["hours"]),
            values["outside_hours_of"] is not None,
        ]
        if sum(kinds) != 1:
            raise ValueError("opening is exactly one of: always, unknown, hours, outside_hours_of")
        if values["hours"] and values["bank_holidays"] is None:
            raise ValueError("hours need bank_holidays: closed, as_usual or unknown")
        if not values["hours"] and values["bank_holidays"] is not None:
            raise ValueError("bank_holidays goes only with hours")
        return values

    def ranges_on(self, day: date) -> list[tuple[int, int]] | None:
        """The opening ranges on `day` (minutes after midnight), or None when not known."""
        if is_bank_holiday(day):
            if self.bank_holidays == "closed":
                return []
            if self.bank_holidays == "unknown":
                return None
        weekday = DAYS[day.weekday()]
        for key, ranges in self.hours.items():
            if weekday in day_keys(key):
                return [parse_range(text) for text in ranges]
        return []


Lookup = Callable[[str], Opening | None]


def state(opening: Opening | None, moment: datetime, lookup: Lookup) -> State:
    """Whether the line is open at `moment`; `lookup` finds another line's opening by id."""
    if opening is None or opening.unknown:
        return "unknown"
    if opening.always:
        return "open"
    if opening.outside_hours_of is not None:
        other = state(lookup(opening.outside_hours_of), moment, lookup)
        flipped: dict[State, State] = {"open": "closed", "closed": "open"}
        return flipped.get(other, "unknown")
    local = moment.astimezone(LONDON)
    ranges = opening.ranges_on(local.date())
    if ranges is None:
        return "unknown"
    now = local.hour * 60 + local.minute
    return "open" if any(start <= now < end for start, end in ranges) else "closed"


def next_opening(opening: Opening, moment: datetime, days_ahead: int = 8) -> datetime | None:
    """When a line with `hours` next opens after `moment` (London time), if known this week."""
    local = moment.astimezone(LONDON)
    for offset in range(days_ahead):
        day = local.date() + timedelta(days=offset)
        for start, _ in sorted(opening.ranges_on(day) or []):
            at = datetime.combine(day, time(start // 60, start % 60), tzinfo=LONDON)
            if at > local:
                return at
    return None


class OpeningWords(BaseModel, extra="forbid"):
    """The words a resident reads about opening hours (data/directory/opening.yml)."""

    day_names: dict[str, str]
    am: str
    pm: str
    midday: str
    midnight: str
    time_range: str
    day_hours: str
    join: str
    always: str
    bank_holidays_closed: str
    today_at: str
    tomorrow_at: str
    day_at: str
    closed_now: str
    closed_now_no_time: str
    closed_alternative: str
    bank_holiday_unknown: str
    bank_holiday_alternative: str
    interpreter: str = Field(description="Said after a line that arranges interpreters")
    clock_hours: Literal[12, 24] = Field(
        12, description="The clock the language tells the time by (languages.yml: clock_hours)"
    )

    @validator("day_names")
    def _known_days(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            day_keys(key)
        return value

    def clock(self, minutes: int) -> str:
        """525 -> '8:45am'; 720 -> 'midday'; 1440 -> 'midnight'."""
        if minutes in (0, 24 * 60):
            return self.midnight
        if minutes == 12 * 60:
            return self.midday
        hour, minute = divmod(minutes, 60)
        words = self.am if hour < 12 else self.pm  # "{time}am"
        if self.clock_hours == 24:
            return words.format(time=f"{hour:02d}:{minute:02d}")
        shown = hour % 12 or 12
        return words.format(time=f"{shown}" if minute == 0 else f"{shown}:{minute:02d}")

    def hours_text(self, opening: Opening) -> str | None:
        """'Monday to Friday, 8am to 8pm' for lines with hours; None when it cannot be said."""
        if opening.always:
            return self.always
        if not opening.hours:
            return None
        parts = []
        for key, ranges in opening.hours.items():
            times = self.join.join(
                self.time_range.format(start=self.clock(s), end=self.clock(e))
                for s, e in map(parse_range, ranges)
            )
            parts.append(self.day_hours.format(days=self.day_names[key], times=times))
        text = self.join.join(parts)
        if opening.bank_holidays == "closed":
            text = f"{text}{self.bank_holidays_closed}"
        return text

    def when(self, moment: datetime, at: datetime) -> str:
        """'today at 8am', 'tomorrow at 9am' or 'on Monday at 8am', seen from `moment`."""
        local = moment.astimezone(LONDON)
        clock = self.clock(at.hour * 60 + at.minute)
        days = (at.date() - local.date()).days
        if days == 0:
            return self.today_at.format(time=clock)
        if days == 1:
            return self.tomorrow_at.format(time=clock)
        return self.day_at.format(day=self.day_names[DAYS[at.weekday()]], time=clock)


class OpeningWordsFile(BaseModel, extra="forbid"):
    opening: OpeningWords


@cache
def opening_words() -> OpeningWords:
    return load_model(paths.DIRECTORY_DIR / "opening.yml", OpeningWordsFile).opening
