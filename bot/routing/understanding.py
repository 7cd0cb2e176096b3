"""Whether the assistant is sure enough of a concern to name its door, or should ask first.

"When unsure, ask; never guess a door." The model's ranking of intents is read against the
thresholds in data/dialogue/understanding.yml: a concern that leads clearly is routed; close or
weak candidates are offered as choices ("Is it about...?"); nothing likely means "say it
another way". A button the resident pressed comes with full confidence and is always routed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from bot import paths
from bot.datafile import load_model
from bot.safety.danger import EMERGENCY_INTENT

UNDERSTANDING_FILE = paths.DATA_DIR / "dialogue" / "understanding.yml"


class Thresholds(BaseModel, extra="forbid"):
    route_min_confidence: float = Field(ge=0, le=1)
    route_min_margin: float = Field(ge=0, le=1)
    choice_min_confidence: float = Field(ge=0, le=1)
    max_choices: int = Field(ge=2, le=5)
    short_answer_max_words: int = Field(ge=1, le=30)
    likeliest_min_share: float = Field(ge=0, le=1)


@dataclass(frozen=True)
class Reading:
    """What to do with a message: route one concern, offer choices, or ask to rephrase."""

    decision: Literal["route", "choose", "rephrase"]
    concerns: tuple[str, ...]  # the concern to route, or the choices, likeliest first


def confidence_of(ranking: Iterable[Mapping[str, object]], intent: str) -> float:
    """The model's confidence in `intent` (0 when it is not in the ranking)."""
    values = [
        float(confidence)
        for entry in ranking
        if entry.get("name") == intent
        and isinstance(confidence := entry.get("confidence"), int | float)
    ]
    return max(values, default=0.0)


def concern_ranking(
    ranking: Iterable[Mapping[str, object]], concern_by_intent: Mapping[str, str]
) -> list[tuple[str, float]]:
    """(concern id, confidence) for the ranked intents that are concerns, likeliest first."""
    ranked: list[tuple[str, float]] = []
    for entry in ranking:
        concern = concern_by_intent.get(str(entry.get("name", "")))
        confidence = entry.get("confidence", 0.0)
        if concern and isinstance(confidence, int | float):
            ranked.append((concern, float(confidence)))
    return sorted(ranked, key=lambda pair: -pair[1])


def likeliest(concerns: list[tuple[str, float]], thresholds: Thresholds) -> tuple[str, ...]:
    """The concerns to offer as choices: the first few of a ranking, likeliest first, each
    likely enough."""
    return tuple(
        concern
        for concern, confidence in concerns[: thresholds.max_choices]
        if confidence >= thresholds.choice_min_confidence
    )


def leader(concerns: list[tuple[str, float]], thresholds: Thresholds) -> str | None:
    """The concern that leads a ranking clearly enough to route, if one does."""
    if not concerns:
        return None
    first, confidence = concerns[0]
    runner_up = concerns[1][1] if len(concerns) > 1 else 0.0
    if (
        confidence >= thresholds.route_min_confidence
        and confidence - runner_up >= thresholds.route_min_margin
    ):
        return first
    return None


def read_ranking(
    ranking: Iterable[Mapping[str, object]],
    concern_by_intent: Mapping[str, str],
    thresholds: Thresholds,
) -> Reading:
    """What to do with a message, from the model's ranking. Where the model ranked
    `emergency` first and the message was routed as a concern all the same (the resident says
    nobody is in danger: bot/safety/danger.py), the concerns are read by their shares, as
    beside danger."""
    ranking = list(ranking)
    concerns = concern_ranking(ranking, concern_by_intent)
    if ranking and ranking[0].get("name") == EMERGENCY_INTENT:
        first = _leader_beside_danger(concerns, thresholds)
        choices = likeliest(_as_shares(concerns), thresholds)
    else:
        first = leader(concerns, thresholds)
        choices = likeliest(concerns, thresholds)
    if first:
        return Reading("route", (first,))
    if choices:
        return Reading("choose", choices)
    return Reading("rephrase", ())


def sure_concern(
    ranking: Iterable[Mapping[str, object]],
    concern_by_intent: Mapping[str, str],
    thresholds: Thresholds,
) -> str | None:
    """The concern that leads the model's whole ranking clearly enough to route, if one does."""
    return leader(concern_ranking(ranking, concern_by_intent), thresholds)


def _as_shares(concerns: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The concerns of a message the model read as danger, each as its share of what the
    concerns hold between them (in the same order): the model's confidence in `emergency`
    takes most of its ranking, so the concerns' own confidences are all small."""
    total = sum(confidence for _, confidence in concerns)
    if total <= 0:
        return []
    return [(concern, confidence / total) for concern, confidence in concerns]


def _leader_beside_danger(concerns: list[tuple[str, float]], thresholds: Thresholds) -> str | None:
    """The concern that leads the concerns' shares as clearly as any routed concern must lead
    a ranking, and is itself at least as likely as a choice must be (so that no concern leads a
    ranking the model gave almost wholly to `emergency` by a few hundredths)."""
    first = leader(_as_shares(concerns), thresholds)
    if first is None or concerns[0][1] < thresholds.choice_min_confidence:
        return None
    return first


def choices_beside_danger(
    ranking: Iterable[Mapping[str, object]],
    concern_by_intent: Mapping[str, str],
    thresholds: Thresholds,
) -> tuple[str, ...]:
    """The likeliest concerns behind a message the model read as danger, to offer after the 999
    reply, by their shares."""
    return likeliest(_as_shares(concern_ranking(ranking, concern_by_intent)), thresholds)


def likeliest_beside_danger(
    ranking: Iterable[Mapping[str, object]],
    concern_by_intent: Mapping[str, str],
    thresholds: Thresholds,
) -> str | None:
    """The likeliest concern behind a message read as danger, when it is at least as likely as
    a choice must be and holds at least `likeliest_min_share` of what the concerns hold; None
    otherwise. It need not lead clearly enough to route (see `concern_beside_danger`): only a
    door that helps whoever reads it may follow on this (actions/emergency.py)."""
    concerns = concern_ranking(ranking, concern_by_intent)
    shares = _as_shares(concerns)
    if (
        not shares
        or concerns[0][1] < thresholds.choice_min_confidence
        or shares[0][1] < thresholds.likeliest_min_share
    ):
        return None
    return concerns[0][0]


def concern_beside_danger(
    ranking: Iterable[Mapping[str, object]],
    concern_by_intent: Mapping[str, str],
    thresholds: Thresholds,
) -> str | None:
    """The concern behind a message read as danger, to route after the 999 reply, by its share
    of the concerns; None when unsure."""
    return _leader_beside_danger(concern_ranking(ranking, concern_by_intent), thresholds)


def choices_beyond_a_short_answer(
    text: str,
    ranking: Iterable[Mapping[str, object]],
    concern_by_intent: Mapping[str, str],
    thresholds: Thresholds,
) -> tuple[str, ...] | None:
    """A message the model read as a bare "yes" or "no" with nothing asked: None when it means
    what it says, being as short as such an answer is, or when the concerns together are less
    likely than a choice must be ("yes that would be lovely, thank you so much for your help");
    else it tells something, and the likeliest concerns behind it are offered as choices, by
    their shares of what the concerns hold (the yes or no took most of the ranking), never
    routed (possibly none: then the resident is asked to say it another way)."""
    concerns = concern_ranking(ranking, concern_by_intent)
    if (
        len(text.split()) <= thresholds.short_answer_max_words
        or sum(confidence for _, confidence in concerns) < thresholds.choice_min_confidence
    ):
        return None
    return likeliest(_as_shares(concerns), thresholds)


def load_thresholds(path: Path = UNDERSTANDING_FILE) -> Thresholds:
    return load_model(path, Thresholds)


@cache
def thresholds() -> Thresholds:
    """The project's thresholds, loaded once per process."""
    return load_thresholds()
