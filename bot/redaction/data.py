"""The redactor's word lists: cue words (data/redaction/cues.yml) and person names
(data/redaction/names.yml plus the name lists of the `faker` package), validated on load.

Everything is compared in lower case, so the files may be written as people write the words.
The name lists are cut down here, once, by the precision rules described in names.yml:
places from the gazetteer and the routing directory, street words and words that are never
names are taken out, so that "Nelson", "Church" or "Sainsbury's" survive redaction.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, validator

from bot import paths
from bot.datafile import DataError, load_model
from bot.places.locate import load_gazetteer, normalise
from bot.routing.directory import load_directory

REDACTION_DIR = paths.DATA_DIR / "redaction"
NAME_WORD = re.compile(r"^[^\W\d_]+(?:[-'’ ][^\W\d_]+)*$")


def _lowered(values: list[str]) -> list[str]:
    return [" ".join(value.lower().replace("’", "'").split()) for value in values]


class CueFile(BaseModel, extra="forbid"):
    titles: list[str] = Field(min_items=1)
    relations: list[str] = Field(min_items=1)
    relation_owners: list[str] = Field(min_items=1)
    strong_introductions: list[str] = Field(min_items=1)
    weak_introductions: list[str] = Field(min_items=1)
    street_suffixes: list[str] = Field(min_items=1)
    ambiguous_street_suffixes: list[str] = Field(min_items=1)
    surname_like_suffixes: list[str] = Field(min_items=1)
    not_a_name_after: list[str] = Field(min_items=1)
    house_number_cues: list[str] = Field(min_items=1)
    not_house_number_before: list[str] = Field(min_items=1)
    not_house_number_after: list[str] = Field(min_items=1)
    address_prepositions: list[str] = Field(min_items=1)
    birth_cues: list[str] = Field(min_items=1)
    vehicle_cues: list[str] = Field(min_items=1)
    not_registration_letters: list[str] = Field(min_items=1)

    _lower = validator("*", pre=False, allow_reuse=True, each_item=False)(_lowered)

    @validator("ambiguous_street_suffixes", "surname_like_suffixes")
    def _ambiguous_are_suffixes(cls, value: list[str], values: dict[str, Any]) -> list[str]:
        unknown = set(value) - set(values.get("street_suffixes", []))
        if unknown:
            raise ValueError(f"not in street_suffixes: {sorted(unknown)}")
        return value


class NameFile(BaseModel, extra="forbid"):
    sources: list[str] = Field(min_items=1)
    checked: date
    faker_locales: list[str] = Field(min_items=1)
    min_length: int = Field(ge=1, le=5)
    extra_first_names: list[str]
    extra_surnames: list[str]
    common_words: list[str]
    not_names: list[str]
    places_elsewhere: list[str]
    not_name_phrases: list[str]
    capitalised_only: list[str]

    @validator(
        "extra_first_names",
        "extra_surnames",
        "common_words",
        "not_names",
        "places_elsewhere",
        "capitalised_only",
        each_item=True,
    )
    def _one_name(cls, value: str) -> str:
        if not NAME_WORD.match(value.strip().rstrip("'")):
            raise ValueError(f"{value!r} is not a name or word")
        return value.strip()

    @validator("not_names")
    def _not_also_common(cls, value: list[str], values: dict[str, Any]) -> list[str]:
        both = set(_lowered(value)) & set(_lowered(values.get("common_words", [])))
        if both:
            raise ValueError(f"both a common word (a name after a cue) and never a name: {both}")
        return value


@dataclass(frozen=True)
class Cues:
    """Cue words, lower case. Phrases are tuples of words."""

    titles: frozenset[str]
    relations: frozenset[str]
    relation_owners: frozenset[str]
    strong_introductions: tuple[tuple[str, ...], ...]
    weak_introductions: tuple[tuple[str, ...], ...]
    street_suffixes: frozenset[str]
    ambiguous_street_suffixes: frozenset[str]
    not_a_name_after: frozenset[str]
    surname_like_suffixes: frozenset[str]
    address_prepositions: frozenset[str]
    file: CueFile


@dataclass(frozen=True)
class NameLists:
    """Lower-case name sets after the precision rules, and the words that block a name."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    any_first_names: frozenset[str]  # before the precision rules: for the rest of a name
    any_surnames: frozenset[str]
    common_words: frozenset[str]  # names only when capitalised straight after a cue
    capitalised_only: frozenset[str]  # ordinary words in lower case
    not_names: frozenset[str]  # never names
    not_name_phrases: re.Pattern[str]  # "Marks and Spencer", "Jack Russell"
    places: frozenset[str]  # never a name alone; still a surname after a first name
    min_length: int


def load_cues(path: Path = REDACTION_DIR / "cues.yml") -> Cues:
    data = load_model(path, CueFile)

    def phrases(values: list[str]) -> tuple[tuple[str, ...], ...]:
        # longest first, so "my name is" wins over "name is"
        return tuple(sorted((tuple(v.split()) for v in values), key=len, reverse=True))

    return Cues(
        titles=frozenset(t.rstrip(".") for t in data.titles),
        relations=frozenset(data.relations),
        relation_owners=frozenset(data.relation_owners),
        strong_introductions=phrases(data.strong_introductions),
        weak_introductions=phrases(data.weak_introductions),
        street_suffixes=frozenset(data.street_suffixes),
        ambiguous_street_suffixes=frozenset(data.ambiguous_street_suffixes),
        not_a_name_after=frozenset(data.not_a_name_after),
        surname_like_suffixes=frozenset(data.surname_like_suffixes),
        address_prepositions=frozenset(data.address_prepositions),
        file=data,
    )


def _faker_names(locale: str) -> tuple[set[str], set[str]]:
    """First names and surnames of one faker person provider (plain tuples or weighted dicts)."""
    try:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    except ImportError as error:
        raise DataError(f"names.yml: faker has no person provider {locale!r}: {error}") from error
    first: set[str] = set()
    for attribute in ("first_names", "first_names_male", "first_names_female"):
        first.update(getattr(provider, attribute, ()))
    return first, set(getattr(provider, "last_names", ()))


def _place_names() -> set[str]:
    """Every gazetteer place and borough name, normalised. Words of longer names ("Lee" of
    "Constable Lee") are not taken: the entity ruler marks those where they stand."""
    gazetteer = load_gazetteer()
    names = [n for p in gazetteer.places for n in (p.name, *p.aliases)]
    names += [n for p in gazetteer.outside for n in (p.name, *p.aliases)]
    for borough in load_directory().boroughs.values():
        names += [borough.name, *borough.aliases]
    return {normalise(name) for name in names}


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    alternatives = sorted(
        (r"\s+".join(re.escape(w) for w in p.split()) for p in phrases), key=len, reverse=True
    )
    return re.compile(r"\b(?:" + "|".join(alternatives or ["(?!)"]) + r")\b", re.I)


def load_names(cues: Cues, path: Path = REDACTION_DIR / "names.yml") -> NameLists:
    data = load_model(path, NameFile)
    first: set[str] = set(data.extra_first_names)
    last: set[str] = set(data.extra_surnames)
    for locale in data.faker_locales:
        more_first, more_last = _faker_names(locale)
        first |= more_first
        last |= more_last
    common = set(_lowered(data.common_words))
    not_names = set(_lowered(data.not_names))
    places = _place_names() | set(_lowered(data.places_elsewhere))
    blocked = not_names | places | cues.street_suffixes | cues.titles

    def lowered(names: set[str]) -> frozenset[str]:
        found = {n.lower().replace("’", "'") for n in names if NAME_WORD.match(n)}
        return frozenset(n for n in found if " " not in n)

    any_first, any_last = lowered(first), lowered(last)
    return NameLists(
        first_names=any_first - blocked,
        surnames=any_last - blocked,
        any_first_names=any_first,
        any_surnames=any_last,
        common_words=frozenset(common),
        capitalised_only=frozenset(_lowered(data.capitalised_only)),
        not_names=frozenset(not_names),
        not_name_phrases=_phrase_pattern(data.not_name_phrases),
        places=frozenset(places),
        min_length=data.min_length,
    )
