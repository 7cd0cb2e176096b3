"""Ongoing or one-off: read from the resident's own words, using data/log/recurrence.yml."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from bot import paths
from bot.datafile import load_model


class RecurrenceWords(BaseModel, extra="forbid"):
    ongoing: list[str]
    one_off: list[str]


def _pattern(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


@cache
def _patterns(
    path: Path = paths.DATA_DIR / "log" / "recurrence.yml",
) -> tuple[re.Pattern[str], ...]:
    words = load_model(path, RecurrenceWords)
    return _pattern(words.ongoing), _pattern(words.one_off)


def infer_recurrence(text: str) -> str:
    """'ongoing' if the words say it keeps happening, 'one_off' if they date one event."""
    ongoing, one_off = _patterns()
    folded = " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())
    if ongoing.search(folded):
        return "ongoing"
    if one_off.search(folded):
        return "one_off"
    return "unknown"
