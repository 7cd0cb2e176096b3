"""What the assistant tells a resident about one concern in one place: the decision, not the words.

The words live in the routing directory (data) and in domain.yml; this module decides which
of them are said, and in what order. Rules, from the partnership's brief:
- danger first: concerns that can involve danger open with the 999 line;
- the category decides the body, the place decides which one (two-tier routing);
- an unknown area is asked for; where help should not wait (domestic abuse, rough sleeping...)
  the routes that do not depend on the area are given straight away, then the area is asked;
- a place outside the five boroughs is named as such, and still gets the wider routes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.directory import Contact, Directory
from bot.opening import LONDON, is_bank_holiday, london_now, next_opening, state
from bot.places import OUTSIDE


@dataclass(frozen=True)
class RouteWords:
    """A route as the resident reads it: the intro and the most useful door (the route's first,
    with its condition and any closed-line note), then the other doors, in the directory's order."""

    lead: str
    more: str  # "" when there is only one door

    @property
    def text(self) -> str:
        return "\n\n".join(part for part in (self.lead, self.more) if part)


@dataclass(frozen=True)
class Advice:
    concern_id: str
    danger_first: bool  # open with "if anyone is in danger now, call 999"
    outside_area: bool  # say the place is outside the partnership's five boroughs
    route: RouteWords | None  # the intro and the contacts, or None when the area must come first
    ask_area: bool  # finish by asking which borough

    @property
    def route_words(
    directory: Directory,
    concern_id: str,
    borough: str | None,
    text: str = "",
    moment: datetime | None = None,
) -> RouteWords:
    """The intro, then each part of the route (a condition, then its contacts), each contact
    followed by a note when its line is closed at `moment` (now, in London, by default); the
    first door leads and the rest follow."""
    moment = moment or london_now()
    route = directory.route(concern_id, borough, text)
    doors: list[str] = []
    for section in route.sections:
        condition = [section.condition] if section.condition else []
        if not section.contacts:
            doors.extend(condition)
        for index, contact in enumerate(section.contacts):
            note = closed_note(directory, contact, moment)
            parts = [*(condition if index == 0 else []), contact.render(), *([note] if note else [])]
            doors.append("\n\n".join(parts))
    return RouteWords("\n\n".join([route.concern.intro, *doors[:1]]), "\n\n".join(doors[1:]))


def route_text(
    directory: Directory,
    concern_id: str,
    borough: str | None,
    text: str = "",
    moment: datetime | None = None,
) -> str:
    return route_words(directory, concern_id, borough, text, moment).text


def advise(
    directory: Directory,
    concern_id: str,
    borough: str | None,
    after_emergency: bool = False,
    text: str = "",
    moment: datetime | None = None,
) -> Advice:
    """The advice for `concern_id`; `borough` is a borough id, OUTSIDE, or None if unknown;
    `text` is what the resident said about it; `moment` is now unless a test fixes the clock."""
    concern = directory.concerns[concern_id]
    danger_first = concern.danger_first and not after_emergency
    local = directory.needs_area(concern_id)
    if borough == OUTSIDE:
        words = route_words(directory, concern_id, None, text, moment)
        return Advice(concern_id, danger_first, True, words, ask_area=False)
    if borough is not None or not local:
        words = route_words(directory, concern_id, borough, text, moment)
        return Advice(concern_id, danger_first, False, words, ask_area=False)
    if concern.help_first or after_emergency:
        words = route_words(directory, concern_id, None, text, moment)
        return Advice(concern_id, danger_first, False, words, ask_area=True)
    return Advice(concern_id, danger_first, False, None, ask_area=True)
