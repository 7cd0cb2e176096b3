"""The deterministic "999 first" check, beside the NLU model.

Whatever the model predicts, a message that matches the danger list is answered with 999
first. The list lives in data/safety/danger.yml so that people can maintain it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, validator

from bot import paths
from bot.datafile import load_model

DangerKind = Literal["immediate_danger", "self_harm"]


class DangerPattern(BaseModel, extra="forbid"):
    id: str
    kind: DangerKind
    regex: str

    @validator("regex")
    def _compiles(cls, value: str) -> str:
        re.compile(value)
        return value


class DangerFile(BaseModel, extra="forbid"):
    not_danger: list[str] = Field(default_factory=list)
    patterns: list[DangerPattern] = Field(min_items=1)


@dataclass(frozen=True)
class Danger:
    """Why a message was read as danger: which pattern, and what kind of help comes first."""

    pattern_id: str
    kind: DangerKind


def fold(text: str) -> str:
    """Lower case, apostrophes dropped, anything else that is not a letter or digit a space."""
    text = re.sub(r"['\u2019\u2018`]", "", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


class DangerCheck:
    def __init__(self, data: DangerFile) -> None:
        self._not_danger = [re.compile(rf"\b(?:{phrase})\b") for phrase in data.not_danger]
        # Self-harm is checked first: its answer adds Samaritans to the 999 guidance.
        ordered = sorted(data.patterns, key=lambda pattern: pattern.kind != "self_harm")
        self._patterns = [(p.id, p.kind, re.compile(p.regex)) for p in ordered]

    @classmethod
    def load(cls, path: Path = paths.SAFETY_DIR / "danger.yml") -> DangerCheck:
        return cls(load_model(path, DangerFile))

    def check(self, text: str) -> Danger | None:
        """The first danger pattern the message matches, or None."""
        folded = fold(text)
        for phrase in self._not_danger:
            folded = phrase.sub(" ", folded)
        for pattern_id, kind, regex in self._patterns:
            if regex.search(folded):
                return Danger(pattern_id=pattern_id, kind=kind)
        return None


@cache
def danger_check() -> DangerCheck:
    """The process-wide check over the project's danger list."""
    return DangerCheck.load()
