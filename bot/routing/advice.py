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

from bot.language.languages import ENGLISH
from bot.places.locate import OUTSIDE
from bot.routing.directory import Contact, Directory
from bot.routing.opening import LONDON, is_bank_holiday, london_now, next_opening, state


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
    def route_text(self) -> str | None:
        return self.route.text if self.route else None


def closed_note(directory: Directory, contact: Contact, moment: datetime) -> str | None:
    """'The phone line for <name> is closed now. It opens again <when>. Until then, you can call
    <open line>.' (opening.yml's words) when the line the resident is given is closed at
    `moment`; a plain 'may be closed' on a bank holiday whose hours are not published; None
    when it is open or its hours are not known."""
    words = directory.words
    if words is None or contact.said_phone is None or contact.opening is None:
        return None
    lookup = directory.opening_of
    now = state(contact.opening, moment, lookup)
    local_day = moment.astimezone(LONDON).date()
    alternative = directory.contacts.get(contact.opening.when_closed or "")
    alt_state = state(alternative.opening, moment, lookup) if alternative else "closed"
    if now == "unknown" and contact.opening.hours and is_bank_holiday(local_day):
        note = words.bank_holiday_unknown.format(name=contact.name)
        if alternative is not None and alt_state != "closed":  # open, or open if this is not
            note += " " + words.bank_holiday_alternative.format(
                alt_name=alternative.name, alt_phone=alternative.said_phone
            )
        return note
    if now != "closed":
        return None
    opens = next_opening(contact.opening, moment) if contact.opening.hours else None
    if opens is None:
        note = words.closed_now_no_time.format(name=contact.name)
    else:
        note = words.closed_now.format(name=contact.name, when=words.when(moment, opens))
    if alternative is not None and alt_state == "open":
        note += " " + words.closed_alternative.format(
            alt_name=alternative.name, alt_phone=alternative.said_phone
        )
    return note


def interpreter_said(directory: Directory, contact: Contact) -> bool:
    """Whether to say the line arranges interpreters: to a resident in another language, when a
    source says so."""
    facts = contact.interpreters
    return (
        directory.language != ENGLISH and facts is not None and facts.said and bool(directory.words)
    )


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
            said = [*(condition if index == 0 else []), contact.render(), *([note] if note else [])]
            if interpreter_said(directory, contact):
                assert directory.words is not None  # interpreter_said checks that there are words
                said[-1] += " " + directory.words.interpreter
            doors.append("\n\n".join(said))
    return RouteWords("\n\n".join([route.concern.intro, *doors[:1]]), "\n\n".join(doors[1:]))


def route_text(
    directory: Directory,
    concern_id: str,
    borough: str | None,
    text: str = "",
    moment: datetime | None = None,
) -> str:
    return route_words(directory, concern_id, borough, text, moment).text


def route_stands(
    directory: Directory, concern_id: str, borough: str | None, earlier: str | None
) -> bool:
    """Whether a route given for the place `earlier` (a borough id, OUTSIDE, or None) holds for
    the place `borough` now named: the same place, or a concern whose contacts are the same in
    every borough (victim support is county-wide), so naming a borough changes nothing. A place
    outside the five boroughs is never the same: its route says so."""
    if borough == earlier:
        return True
    return not directory.needs_area(concern_id) and OUTSIDE not in (borough, earlier)


def advise(
    directory: Directory,
    concern_id: str,
    borough: str | None,
    after_emergency: bool = False,
    text: str = "",
    moment: datetime | None = None,
    danger_said: bool = False,
) -> Advice:
    """The advice for `concern_id`; `borough` is a borough id, OUTSIDE, or None if unknown;
    `text` is what the resident said about it; `moment` is now unless a test fixes the clock;
    `danger_said`: the 999 line was already given for this concern (before the area question),
    so it is not said a second time."""
    concern = directory.concerns[concern_id]
    danger_first = concern.danger_first and not after_emergency and not danger_said
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
