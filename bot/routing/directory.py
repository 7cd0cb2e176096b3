"""The routing directory: who handles each concern, in each borough, and how to reach them.

Routing follows FixMyStreet's rule for two-tier areas: the *category* decides which kind of
body handles a concern (a "role", such as the highway authority or the borough's ASB team),
and the *place* decides which body of that kind. Everything here is read from
`data/directory/*.yml` and validated on load; nothing about the world is written in Python.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr, root_validator, validator

from bot import paths
from bot.datafile import DataError, Model, load_model, parse_model, read_yaml
from bot.language.catalogue import RESIDENT_FIELDS, replace_strings
from bot.language.languages import ENGLISH, supported
from bot.language.translations import translator
from bot.routing.opening import Opening, OpeningWords, OpeningWordsFile

CONTACT_FIELDS = ("name", "phone", "textphone", "web", "email", "hours")
SOURCE_PATTERN = re.compile(r"^https?://\S+$")


class InterpreterFact(BaseModel, extra="forbid"):
    """That a line arranges interpreters, with where that is said; an unconfirmed one is kept
    for the keepers and never said."""

    source: list[str] = Field(min_items=1)
    checked: date
    confidence: Literal["confirmed", "secondary", "unconfirmed"]
    caveat: str | None = None

    @property
    def said(self) -> bool:
        return self.confidence != "unconfirmed"


class Contact(BaseModel, extra="forbid"):
    """One way of reaching one body, as a resident would be told it."""

    name: str
    say: str = Field(description="What the resident reads; may use {name} {phone} {web} ...")
    phone: str | None = None
    textphone: str | None = None
    web: str | None = None
    email: str | None = None
    opening: Opening | None = Field(
        None, description="When the phone line answers; {hours} in `say` is written from it"
    )
    unconfirmed: list[Literal["phone", "textphone", "web", "email", "hours"]] = Field(
        default_factory=list,
        description="Facts kept for the keepers but never said: no current source shows them",
    )
    source: list[str] = Field(min_items=1, description="Public addresses the facts come from")
    checked: date = Field(description="When the facts were last checked against the source")
    confidence: Literal["confirmed", "secondary", "unconfirmed"]
    caveat: str | None = Field(
        None, description="For maintainers: how each finding was applied, what is still to check"
    )
    interpreters: InterpreterFact | None = Field(
        None, description="The line arranges interpreters: said to residents in other languages"
    )
    _hours_text: str | None = PrivateAttr(None)

    @validator("source", pre=True)
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @validator("source", each_item=True)
    def _is_address(cls, value: str) -> str:
        if not SOURCE_PATTERN.match(value):
            raise ValueError(f"source must be a web address, got {value!r}")
        return value

    @validator("web")
    def _web_is_address(cls, value: str | None) -> str | None:
        if value is not None and not SOURCE_PATTERN.match(value):
            raise ValueError(f"web must be a web address, got {value!r}")
        return value

    @root_validator(skip_on_failure=True)
    def _say_uses_known_fields(cls, values: dict[str, Any]) -> dict[str, Any]:
        opening: Opening | None = values.get("opening")
        for _, field, _, _ in string.Formatter().parse(values["say"]):
            if field is None:
                continue
            if field not in CONTACT_FIELDS:
                raise ValueError(f"say uses {{{field}}}, which is not one of {CONTACT_FIELDS}")
            if field in values["unconfirmed"]:
                raise ValueError(f"say uses {{{field}}}, which is unconfirmed: leave it out")
            if field == "hours":
                if opening is None or not (opening.hours or opening.always):
                    raise ValueError("say uses {hours} but opening gives no hours to say")
            elif not values.get(field):
                raise ValueError(f"say uses {{{field}}} but the contact has no {field}")
        for field in values["unconfirmed"]:
            value = values.get(field)
            if field != "hours" and not value:
                raise ValueError(f"{field} is listed as unconfirmed but the contact has none")
            if value and isinstance(value, str) and value in values["say"]:
                raise ValueError(f"say gives the unconfirmed {field} {value!r}: leave it out")
        if values.get("phone") and "phone" not in values["unconfirmed"] and opening is None:
            raise ValueError("a phone line needs `opening` (use `unknown: true` if not published)")
        return values

    @property
    def said_phone(self) -> str | None:
        """The phone number the resident is given, if any (never an unconfirmed one)."""
        if self.phone and "phone" not in self.unconfirmed and "{phone}" in self.say:
            return self.phone
        return None

    @property
    def hours(self) -> str | None:
        return self._hours_text

    def render(self) -> str:
        return self.say.format(**{field: getattr(self, field) for field in CONTACT_FIELDS})


class RouteStep(BaseModel, extra="forbid"):
    """Either a fixed contact (national or Lancashire-wide) or a role the borough fills."""

    contact: str | None = None
    role: str | None = None

    @root_validator(skip_on_failure=True)
    def _exactly_one(cls, values: dict[str, Any]) -> dict[str, Any]:
        if (values.get("contact") is None) == (values.get("role") is None):
            raise ValueError("a route step names exactly one of 'contact' or 'role'")
        return values


class ConcernType(BaseModel, extra="forbid"):
    """A kind of concern a resident raises, and the doors it goes to, in order."""

    intent: str
    category: str
    subtype: str
    priority: int = Field(ge=1, le=5, description="The CSP strategy priority (1-5)")
    title: str
    label: str = Field(
        max_length=30,
        description="A short plain button title, capitalised, as a resident reads it",
    )
    in_menu: bool = Field(False, description="One of the help menu's buttons")
    offer_log: bool = Field(
        True,
        description="Offer to log it anonymously after the route; false where a log would not "
        "help the resident or the partnership (a mental-health crisis)",
    )
    ask_danger_now: bool = Field(
        False,
        description="May involve danger the message does not mention: ask 'is anyone hurt or "
        "in danger right now?' before the route, unless the message says nobody is",
    )
    intro: str
    danger_first: bool = Field(description="Lead with 'if anyone is in danger now, call 999'")
    help_first: bool = Field(
        False,
        description="When the area is not known yet, give the routes that do not depend on it "
        "straight away and then ask for the area, instead of asking first",
    )
    routes: list[RouteStep] = Field(min_items=1)
    first_contact_by_kind: list[str] = Field(
        default_factory=list,
        description="Kinds (the `kinds` of this file) whose first contact comes before `routes`: "
        "the kind the message's words point to, or, when unclear, each with its condition",
    )
    if_it_goes_on: str | None = Field(
        None,
        description="A kind said after the routes (first, when the message's words point to "
        "it): what to do when the problem goes on",
    )

    @property
    def kind_ids(self) -> list[str]:
        return [*self.first_contact_by_kind, *([self.if_it_goes_on] if self.if_it_goes_on else [])]


class Kind(BaseModel, extra="forbid"):
    """One kind of a concern with its own first contact, e.g. ASB in a public place."""

    cues: list[str] = Field(
        min_items=1, description="Words or phrases in a message that point to this kind"
    )
    condition: str = Field(description="What the resident reads before this kind's contacts")
    routes: list[RouteStep] = Field(min_items=1)

    def matches(self, text: str) -> bool:
        lowered = text.lower()
        return any(
            re.search(rf"\b{re.escape(cue.lower())}(?:s|es)?\b", lowered) for cue in self.cues
        )


class Borough(BaseModel, extra="forbid"):
    name: str
    gss_code: str = Field(regex=r"^E0[678]\d{6}$", description="ONS local authority code")
    aliases: list[str] = Field(default_factory=list)
    roles: dict[str, str]


class ContactsFile(BaseModel, extra="forbid"):
    contacts: dict[str, Contact]


class ConcernsFile(BaseModel, extra="forbid"):
    kinds: dict[str, Kind] = Field(default_factory=dict)
    concerns: dict[str, ConcernType]


class BoroughsFile(BaseModel, extra="forbid"):
    boroughs: dict[str, Borough]


@dataclass(frozen=True)
class Section:
    """Contacts said together, after the condition they are for (None: no condition)."""

    condition: str | None
    contacts: tuple[Contact, ...]


@dataclass(frozen=True)
class Route:
    """What one resident is told for one concern in one place."""

    concern: ConcernType
    sections: tuple[Section, ...]
    local_missing: bool  # True when borough-specific steps were left out (area unknown/outside)

    @property
    def contacts(self) -> tuple[Contact, ...]:
        return tuple(contact for section in self.sections for contact in section.contacts)


class Directory:
    """The validated directory, with the two-tier routing rule."""

    def __init__(
        self,
        contacts: dict[str, Contact],
        concerns: dict[str, ConcernType],
        boroughs: dict[str, Borough],
        kinds: dict[str, Kind] | None = None,
        words: OpeningWords | None = None,
        language: str = ENGLISH,
    ) -> None:
        self.language = language  # the language of its words
        self.contacts = contacts
        self.concerns = concerns
        self.boroughs = boroughs
        self.kinds = kinds or {}
        self.words = words
        self._check_references()
        self._check_opening()
        self.concern_by_intent = {concern.intent: cid for cid, concern in concerns.items()}
        if len(self.concern_by_intent) != len(concerns):
            raise DataError("two concerns share one intent")

    @classmethod
    def load(cls, folder: Path = paths.DIRECTORY_DIR, language: str = ENGLISH) -> Directory:
        """The directory, its words in `language` (data/languages/translations): the same
        facts and routes, the resident-facing fields (catalogue.RESIDENT_FIELDS) translated."""

        def read(name: str, model: type[Model]) -> Model:
            if language == ENGLISH:
                return load_model(folder / name, model)
            say = translator(language).text
            raw = replace_strings(read_yaml(folder / name), RESIDENT_FIELDS.get(name), say)
            if name == "opening.yml":
                raw["opening"]["clock_hours"] = supported()[language].clock_hours
            return parse_model(folder / name, raw, model)

        concerns = read("concerns.yml", ConcernsFile)
        return cls(
            read("contacts.yml", ContactsFile).contacts,
            concerns.concerns,
            load_model(folder / "boroughs.yml", BoroughsFile).boroughs,
            concerns.kinds,
            read("opening.yml", OpeningWordsFile).opening,
            language,
        )

    def _steps(self, concern: ConcernType) -> list[RouteStep]:
        kinds = [self.kinds[k] for k in concern.kind_ids if k in self.kinds]
        return [*concern.routes, *(step for kind in kinds for step in kind.routes)]

    def _check_references(self) -> None:
        problems: list[str] = []
        for cid, concern in self.concerns.items():
            problems += [
                f"concern {cid}: unknown kind {kind!r}"
                for kind in concern.kind_ids
                if kind not in self.kinds
            ]
            for step in self._steps(concern):
                if step.contact and step.contact not in self.contacts:
                    problems.append(f"concern {cid}: unknown contact {step.contact!r}")
                for bid, borough in self.boroughs.items():
                    if step.role and step.role not in borough.roles:
                        problems.append(f"concern {cid}: borough {bid} has no {step.role!r}")
        for bid, borough in self.boroughs.items():
            for role, contact in borough.roles.items():
                if contact not in self.contacts:
                    problems.append(f"borough {bid}, role {role}: unknown contact {contact!r}")
        if problems:
            raise DataError("routing directory is inconsistent:\n" + "\n".join(problems))

    def _check_opening(self) -> None:
        """Other lines named by an opening exist and can be rung; the words cover every day."""
        problems: list[str] = []
        for cid, contact in self.contacts.items():
            opening = contact.opening
            if opening is None:
                continue
            for other in (opening.outside_hours_of, opening.when_closed):
                if other is None:
                    continue
                if other not in self.contacts:
                    problems.append(f"contact {cid}: opening names unknown contact {other!r}")
                elif not self.contacts[other].said_phone or self.contacts[other].opening is None:
                    problems.append(f"contact {cid}: {other} has no confirmed phone with opening")
            if self.words is not None:
                missing = [key for key in opening.hours if key not in self.words.day_names]
                problems += [f"contact {cid}: opening.yml has no words for {k!r}" for k in missing]
                if not missing:
                    object.__setattr__(contact, "_hours_text", self.words.hours_text(opening))
        if problems:
            raise DataError("opening hours are inconsistent:\n" + "\n".join(problems))

    def opening_of(self, contact_id: str) -> Opening | None:
        contact = self.contacts.get(contact_id)
        return contact.opening if contact else None

    def contact_id(self, contact: Contact) -> str:
        return next(cid for cid, c in self.contacts.items() if c is contact)

    def _section(
        self,
        condition: str | None,
        steps: list[RouteStep],
        borough: Borough | None,
        chosen: list[Contact],
    ) -> tuple[Section | None, bool]:
        contacts: list[Contact] = []
        missing = False
        for step in steps:
            if step.contact:
                contact_id = step.contact
            elif borough is not None:
                assert step.role is not None  # a step without a contact names a role
                contact_id = borough.roles[step.role]
            else:
                missing = True
                continue
            contact = self.contacts[contact_id]
            if contact not in chosen:
                chosen.append(contact)
                contacts.append(contact)
        if not contacts:
            return None, missing
        return Section(condition, tuple(contacts)), missing

    def kinds_said(self, concern: ConcernType, text: str) -> tuple[list[str], list[str]]:
        """The kinds said before and after the concern's routes, for what `text` says: a
        problem that goes on leads when the words point to it, and otherwise comes last; the
        kind of first contact the words point to, or, when they point to none or to several,
        every kind of first contact, each with its condition."""
        goes_on = concern.if_it_goes_on
        leads = bool(goes_on and self.kinds[goes_on].matches(text))
        by_kind = concern.first_contact_by_kind
        matched = [k for k in by_kind if self.kinds[k].matches(text)]
        first = matched if len(matched) == 1 else by_kind
        before = [*([goes_on] if goes_on and leads else []), *first]
        after = [goes_on] if goes_on and not leads else []
        return before, after

    def route(self, concern_id: str, borough_id: str | None, text: str = "") -> Route:
        """The contacts for a concern; `borough_id` None means the area is unknown or outside;
        `text` is what the resident wrote, for concerns whose first contact depends on its kind."""
        concern = self.concerns[concern_id]
        borough = self.boroughs.get(borough_id) if borough_id else None
        before, after = self.kinds_said(concern, text)
        parts: list[tuple[str | None, list[RouteStep]]] = [
            *((self.kinds[k].condition, self.kinds[k].routes) for k in before),
            (None, concern.routes),
            *((self.kinds[k].condition, self.kinds[k].routes) for k in after),
        ]
        chosen: list[Contact] = []
        sections: list[Section] = []
        missing = False
        for condition, steps in parts:
            section, lost = self._section(condition, steps, borough, chosen)
            missing |= lost
            sections += [section] if section else []
        return Route(concern=concern, sections=tuple(sections), local_missing=missing)

    def needs_area(self, concern_id: str) -> bool:
        return any(step.role for step in self._steps(self.concerns[concern_id]))

    def borough_names(self) -> dict[str, str]:
        return {bid: borough.name for bid, borough in self.boroughs.items()}

    def borough_by_gss(self, gss_code: str) -> str | None:
        for bid, borough in self.boroughs.items():
            if borough.gss_code == gss_code:
                return bid
        return None


@cache
def load_directory(language: str = ENGLISH) -> Directory:
    """The directory from the project's data folder in `language`, loaded once per process."""
    return Directory.load(language=language)
