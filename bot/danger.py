"""The deterministic "999 first" check, beside the NLU model.

Whatever the model predicts, a message that matches the danger list is answered with 999
first. The list lives in data/safety/danger.yml so that people can maintain it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, validator

from bot import paths
from bot.datafile import load_model
from bot.language.text import fold

DangerKind = Literal["immediate_danger", "self_harm"]
MODEL_PATTERN = "model"  # danger read by the NLU model rather than by a listed pattern


class DangerPattern(BaseModel, extra="forbid"):
    id: str
    kind: DangerKind
    regex: str

    @validator("regex")
    def _compiles(cls, value: str) -> str:
        re.compile(value)
        return value


class DangerFile(BaseModel, extra="forbid"):
    model_min_confidence: float = Field(
        gt=0,
        le=1,
        description="The model's confidence in `emergency` that counts as danger even when "
        "the model ranks something else first",
    )
    long_ago: list[str] = Field(default_factory=list)
    still_now: list[str] = Field(default_factory=list)
    not_danger: list[str] = Field(default_factory=list)
    patterns: list[DangerPattern] = Field(min_items=1)


@dataclass(frozen=True)
class Danger:
    """Why a message was read as danger: which pattern, and what kind of help comes first."""

    pattern_id: str
    kind: DangerKind


class LanguageDangerFile(BaseModel, extra="forbid"):
    """The same lists in one more language (data/safety/languages/<code>.yml)."""

    language: str = Field(min_length=2, max_length=3)
    written_by: str = Field(min_length=1, description="Who wrote the patterns")
    review: Literal["drafted", "reviewed"]
    checked: date
    long_ago: list[str] = Field(default_factory=list)
    still_now: list[str] = Field(default_factory=list)
    not_danger: list[str] = Field(default_factory=list)
    patterns: list[DangerPattern] = Field(min_items=1)


class DangerCheck:
    def __init__(self, data: DangerFile) -> None:
        # Word edges are spaces, not \b, which Python puts inside Gurmukhi or Bengali words.
        self._not_danger = [re.compile(rf"(?<!\S)(?:{phrase})(?!\S)") for phrase in data.not_danger]
        # Self-harm is checked first: its answer adds Samaritans to the 999 guidance.
        ordered = sorted(data.patterns, key=lambda pattern: pattern.kind != "self_harm")
        self._patterns = [(p.id, p.kind, re.compile(p.regex)) for p in ordered]
        self.model_min_confidence = data.model_min_confidence
        self._long_ago = [re.compile(phrase) for phrase in data.long_ago]
        self._still_now = [re.compile(phrase) for phrase in data.still_now]

    @classmethod
    def load(cls, folder: Path = paths.SAFETY_DIR) -> DangerCheck:
        """danger.yml, with every language's lists (languages/*.yml) added to it: a message is
        checked against all of them, since residents mix languages."""
        data = load_model(folder / "danger.yml", DangerFile)
        for path in sorted((folder / "languages").glob("*.yml")):
            extra = load_model(path, LanguageDangerFile)
            for field in ("long_ago", "still_now", "not_danger", "patterns"):
                getattr(data, field).extend(getattr(extra, field))
        return cls(data)

    def says_safe(self, text: str) -> bool:
        """Whether the message itself says nobody is in danger ("nobody was hurt")."""
        folded = fold(text)
        return any(phrase.search(folded) for phrase in self._not_danger)

    def _long_past(self, folded: str) -> bool:
        """Says when, and that was long ago, and nothing says it is still going on."""
        return any(p.search(folded) for p in self._long_ago) and not any(
            p.search(folded) for p in self._still_now
        )

    def check(self, text: str, emergency_confidence: float = 0.0) -> Danger | None:
        """The first danger pattern the message matches; else danger by the model's own
        reading (its confidence in `emergency`) unless the message says nobody is in danger;
        else None."""
        folded = fold(text)
        said_safe = False
        for phrase in self._not_danger:
            folded, removed = phrase.subn(" ", folded)
            said_safe = said_safe or removed > 0
        long_past = self._long_past(folded)
        for pattern_id, kind, regex in self._patterns:
            if regex.search(folded) and not (long_past and kind == "immediate_danger"):
                return Danger(pattern_id=pattern_id, kind=kind)
        if long_past or said_safe:
            return None
        if emergency_confidence >= self.model_min_confidence:
            return Danger(pattern_id=MODEL_PATTERN, kind="immediate_danger")
        return None


@cache
def danger_check() -> DangerCheck:
    """The process-wide check over the project's danger list."""
    return DangerCheck.load()
