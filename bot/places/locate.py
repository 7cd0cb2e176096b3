"""Where is the resident? Postcodes, place names and borough names, resolved to a borough.

Order of evidence, strongest first:
1. a full postcode (the ONS directory settles the council);
2. a borough name ("Rossendale", "BwD");
3. a place from the curated gazetteer ("Oswaldtwistle", "Barlick"), or a place outside;
4. a postcode sector or district, only where every postcode in it belongs to one council.
Anything else is unknown, and the conversation asks.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from bot import paths
from bot.datafile import DataError, load_model
from bot.language.text import fold
from bot.places.postcodes import (
    PostcodeDirectory,
    find_partial_postcodes,
    find_postcodes,
    postcode_directory,
)
from bot.routing.directory import Directory, load_directory

OUTSIDE = "outside"
FUZZY_MIN_LENGTH = 7  # only long names are matched despite a typo
FUZZY_CUTOFF = 0.87
PLACE_CUES = ("in", "at", "near", "from", "around", "by", "of")
NOT_A_PLACE_BEFORE = ("st", "saint", "s")  # "St Mary's Church": the "s" of the possessive
# Postcode areas that hold the five boroughs. A bare sector or district elsewhere is more
# likely a road ("M6", "A56") than an address, so it is not read as a place.
PARTIAL_POSTCODE_AREAS = ("BB", "BL", "OL")


class GazetteerPlace(BaseModel, extra="forbid"):
    name: str
    borough: str
    kind: Literal["town", "village", "neighbourhood", "area"] = "town"
    aliases: list[str] = Field(default_factory=list)
    common_word: bool = False


class OutsidePlace(BaseModel, extra="forbid"):
    name: str
    council: str
    aliases: list[str] = Field(default_factory=list)
    common_word: bool = False


class GazetteerFile(BaseModel, extra="forbid"):
    sources: list[str] = Field(min_items=1)
    checked: date
    places: list[GazetteerPlace]
    outside: list[OutsidePlace]


class NativeNamesFile(BaseModel, extra="forbid"):
    """How residents write the area's place names in another script (data/places/languages)."""

    language: str
    written_by: str
    checked: date
    names: dict[str, list[str]] = Field(description="Gazetteer or borough name: its spellings")


@dataclass(frozen=True)
class Location:
    """Where a concern is. `borough` is a borough id, OUTSIDE, or None when unknown."""

    borough: str | None
    how: Literal["postcode", "borough", "place", "sector", "district", "unknown"]
    place: str | None = None  # a named place, as a resident would read it
    sector: str | None = None  # the postcode sector: the finest location the project keeps
    council: str | None = None  # for places outside the area: whose area it is

    @property
    def known(self) -> bool:
        return self.borough is not None


UNKNOWN = Location(borough=None, how="unknown")


@dataclass(frozen=True)
class _Entry:
    name: str
    borough: str  # a borough id, or OUTSIDE
    common_word: bool
    council: str | None
    is_borough: bool = False


def normalise(text: str) -> str:
    """Lower case, letters and digits only, single spaces: how names are compared."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


class Gazetteer:
    """Names of places in and around the five boroughs, matched against free text."""

    def __init__(
        self,
        data: GazetteerFile,
        directory: Directory,
        native: list[NativeNamesFile] | None = None,
    ) -> None:
        self._entries: dict[str, _Entry] = {}
        self._native: dict[str, _Entry] = {}  # folded name in another script -> the place
        for place in data.places:
            if place.borough not in directory.boroughs:
                raise DataError(f"gazetteer: {place.name} names unknown borough {place.borough}")
            entry = _Entry(place.name, place.borough, place.common_word, None)
            self._add([place.name, *place.aliases], entry)
        for outside in data.outside:
            entry = _Entry(outside.name, OUTSIDE, outside.common_word, outside.council)
            self._add([outside.name, *outside.aliases], entry)
        for bid, borough in directory.boroughs.items():
            entry = _Entry(borough.name, bid, False, None, is_borough=True)
            self._add([borough.name, *borough.aliases], entry)
        for names in native or []:
            for english, spellings in names.names.items():
                known = self._entries.get(normalise(english))
                if known is None:
                    raise DataError(f"place names in {names.language}: unknown place {english!r}")
                for spelling in spellings:
                    self._native[fold(spelling)] = known
        self._longest = max(len(key.split()) for key in self._entries)
        self._fuzzy_keys = [
            key
            for key, entry in self._entries.items()
            if len(key) >= FUZZY_MIN_LENGTH and not entry.common_word
        ]

    def _add(self, names: list[str], entry: _Entry) -> None:
        for name in names:
            key = normalise(name)
            existing = self._entries.get(key)
            if existing is not None and existing != entry:
                if existing.borough == entry.borough and entry.is_borough:
                    continue  # "Burnley" is both a town and its borough: same answer
                raise DataError(f"gazetteer: {name!r} means both {existing.name} and {entry.name}")
            self._entries[key] = entry

    def find(self, text: str) -> _Entry | None:
        """The place named in `text`: the first ordinary place name, the longest at each
        position; a name that is also an ordinary word ("Church") only if nothing else is named
        and it reads as a place; failing both, a close misspelling of a long name."""
        raw_words = re.findall(r"[A-Za-z0-9]+", text)
        words = [word.lower() for word in raw_words]
        common_word_match: _Entry | None = None
        for start in range(len(words)):
            for length in range(min(self._longest, len(words) - start), 0, -1):
                entry = self._entries.get(" ".join(words[start : start + length]))
                if entry is None:
                    continue
                if not entry.common_word:
                    return entry
                if common_word_match is None and self._named_as_place(raw_words, words, start):
                    common_word_match = entry
                break
        return common_word_match or self._find_native(text) or self._find_misspelt(words)

    def _find_native(self, text: str) -> _Entry | None:
        """A place named in another script (data/places/languages), the longest first."""
        folded = f" {fold(text)} "
        for key in sorted(self._native, key=len, reverse=True):
            if f" {key} " in folded:
                return self._native[key]
        return None

    @staticmethod
    def _named_as_place(raw_words: list[str], words: list[str], start: int) -> bool:
        """A common word counts as a place after "in", "at", "near"... or capitalised mid-sentence,
        but not after "St" or a possessive ("St Mary's Church", "the farmer's Fence")."""
        before = words[start - 1] if start > 0 else ""
        if before in PLACE_CUES:
            return True
        capitalised = raw_words[start][:1].isupper() and start > 0
        return capitalised and before not in NOT_A_PLACE_BEFORE

    def _find_misspelt(self, words: list[str]) -> _Entry | None:
        for word in words:
            if len(word) < FUZZY_MIN_LENGTH:
                continue
            close = difflib.get_close_matches(word, self._fuzzy_keys, n=1, cutoff=FUZZY_CUTOFF)
            if close:
                return self._entries[close[0]]
        return None


class Locator:
    """Resolves free text (a message, or an entity value from the NLU) to a Location."""

    def __init__(
        self, gazetteer: Gazetteer, directory: Directory, postcodes: PostcodeDirectory
    ) -> None:
        self._gazetteer = gazetteer
        self._directory = directory
        self._postcodes = postcodes

    def locate(self, text: str) -> Location:
        for match in find_postcodes(text):
            authority = self._postcodes.authority(match.text)
            if authority is None:
                continue  # not a live postcode: keep looking
            borough = self._directory.borough_by_gss(authority) or OUTSIDE
            return Location(borough=borough, how="postcode", sector=match.sector)
        entry = self._gazetteer.find(text)
        if entry is not None:
            return Location(
                borough=entry.borough,
                how="borough" if entry.is_borough else "place",
                place=entry.name,
                council=entry.council,
            )
        for part in find_partial_postcodes(text):
            if not part.text.startswith(PARTIAL_POSTCODE_AREAS):
                continue  # "M6" is a motorway far more often than a Salford postcode
            authorities = self._postcodes.authorities_of_part(part.text)
            if len(authorities) != 1:
                continue  # unknown, or straddles councils: only the resident can say
            (authority,) = authorities
            borough = self._directory.borough_by_gss(authority) or OUTSIDE
            sector = part.text if part.kind == "sector" else None
            assert part.kind != "full"  # find_partial_postcodes finds sectors and districts
            return Location(borough=borough, how=part.kind, sector=sector)
        return UNKNOWN


def load_gazetteer(path: Path = paths.PLACES_DIR / "gazetteer.yml") -> GazetteerFile:
    return load_model(path, GazetteerFile)


def load_native_names(folder: Path = paths.PLACES_DIR / "languages") -> list[NativeNamesFile]:
    return [load_model(path, NativeNamesFile) for path in sorted(folder.glob("*.yml"))]


@cache
def locator() -> Locator:
    """The process-wide locator over the project's data."""
    directory = load_directory()
    gazetteer = Gazetteer(load_gazetteer(), directory, load_native_names())
    return Locator(gazetteer, directory, postcode_directory())
