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
from typing import Literal

from pydantic import BaseModel, Field, root_validator, validator

from bot import paths
from bot.datafile import DataError, load_model

CONTACT_FIELDS = ("name", "phone", "textphone", "web", "email", "hours")
SOURCE_PATTERN = re.compile(r"^https?://\S+$")


class Contact(BaseModel, extra="forbid"):
    """One way of reaching one body, as a resident would be told it."""

    name: str
    say: str = Field(description="What the resident reads; may use {name} {phone} {web} ...")
    phone: str | None = None
    textphone: str | None = None
    web: str | None = None
    email: str | None = None
    hours: str | None = None
    source: list[str] = Field(min_items=1, description="Public addresses the facts come from")
    checked: date = Field(description="When the facts were last checked against the source")
    confidence: Literal["confirmed", "secondary", "unconfirmed"]
    caveat: str | None = Field(None, description="For maintainers: what is still to be checked")

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
    def _say_uses_known_fields(cls, values: dict) -> dict:
        for _, field, _, _ in string.Formatter().parse(values["say"]):
            if field is None:
                continue
            if field not in CONTACT_FIELDS:
                raise ValueError(f"say uses {{{field}}}, which is not one of {CONTACT_FIELDS}")
            if not values.get(field):
                raise ValueError(f"say uses {{{field}}} but the contact has no {field}")
        return values

    def render(self) -> str:
        return self.say.format(**{field: getattr(self, field) for field in CONTACT_FIELDS})


class RouteStep(BaseModel, extra="forbid"):
    """Either a fixed contact (national or Lancashire-wide) or a role the borough fills."""

    contact: str | None = None
    role: str | None = None

    @root_validator(skip_on_failure=True)
    def _exactly_one(cls, values: dict) -> dict:
        if (values.get("contact") is None) == (values.get("role") is None):
            raise ValueError("a route step names exactly one of 'contact' or 'role'")
        return values


class Concern(BaseModel, extra="forbid"):
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

    @property
    def roles(self) -> list[str]:
        return [step.role for step in self.routes if step.role]


class Borough(BaseModel, extra="forbid"):
    name: str
    gss_code: str = Field(regex=r"^E0[678]\d{6}$", description="ONS local authority code")
    aliases: list[str] = Field(default_factory=list)
    roles: dict[str, str]


class ContactsFile(BaseModel, extra="forbid"):
    contacts: dict[str, Contact]


class ConcernsFile(BaseModel, extra="forbid"):
    concerns: dict[str, Concern]


class BoroughsFile(BaseModel, extra="forbid"):
    boroughs: dict[str, Borough]


@dataclass(frozen=True)
class Route:
    """What one resident is told for one concern in one place."""

    concern: Concern
    contacts: tuple[Contact, ...]
    local_missing: bool  # True when borough-specific steps were left out (area unknown/outside)


class Directory:
    """The validated directory, with the two-tier routing rule."""

    def __init__(
        self,
        contacts: dict[str, Contact],
        concerns: dict[str, Concern],
        boroughs: dict[str, Borough],
    ) -> None:
        self.contacts = contacts
        self.concerns = concerns
        self.boroughs = boroughs
        self._check_references()
        self.concern_by_intent = {concern.intent: cid for cid, concern in concerns.items()}
        if len(self.concern_by_intent) != len(concerns):
            raise DataError("two concerns share one intent")

    @classmethod
    def load(cls, folder: Path = paths.DIRECTORY_DIR) -> Directory:
        return cls(
            load_model(folder / "contacts.yml", ContactsFile).contacts,
            load_model(folder / "concerns.yml", ConcernsFile).concerns,
            load_model(folder / "boroughs.yml", BoroughsFile).boroughs,
        )

    def _check_references(self) -> None:
        problems: list[str] = []
        for cid, concern in self.concerns.items():
            for step in concern.routes:
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

    def route(self, concern_id: str, borough_id: str | None) -> Route:
        """The contacts for a concern; `borough_id` None means the area is unknown or outside."""
        concern = self.concerns[concern_id]
        borough = self.boroughs.get(borough_id) if borough_id else None
        chosen: list[Contact] = []
        missing = False
        for step in concern.routes:
            if step.contact:
                contact_id = step.contact
            elif borough is not None:
                contact_id = borough.roles[step.role]
            else:
                missing = True
                continue
            contact = self.contacts[contact_id]
            if contact not in chosen:
                chosen.append(contact)
        return Route(concern=concern, contacts=tuple(chosen), local_missing=missing)

    def needs_area(self, concern_id: str) -> bool:
        return bool(self.concerns[concern_id].roles)

    def borough_names(self) -> dict[str, str]:
        return {bid: borough.name for bid, borough in self.boroughs.items()}

    def borough_by_gss(self, gss_code: str) -> str | None:
        for bid, borough in self.boroughs.items():
            if borough.gss_code == gss_code:
                return bid
        return None


@cache
def load_directory() -> Directory:
    """The directory from the project's data folder, loaded once per process."""
    return Directory.load()
