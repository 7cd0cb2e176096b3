"""The deterministic "999 first" check, beside the NLU model.

Whatever the model predicts, a message that matches the danger list is answered with 999
first. The list lives in data/safety/danger.yml so that people can maintain it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, root_validator, validator

from bot import paths
from bot.datafile import load_model
from bot.language.identify import script_language
from bot.language.text import fold
from bot.safety.prefilter import Prefilter
from bot.safety.when import FoldedClauses, Marker, Timeline

DangerKind = Literal["immediate_danger", "self_harm"]
MODEL_PATTERN = "model"  # danger read by the NLU model rather than by a listed pattern
WARNING_SIGN_HELD = "warning_sign_held_now"  # a warning sign beside someone held now
TERM = re.compile(r"\{\{(\w+)\}\}")  # a named term in a pattern or phrase: {{height}}
EMERGENCY_INTENT = "emergency"  # the NLU intent of danger now (data/nlu/emergency.yml)
FALLBACK_INTENT = "nlu_fallback"  # Rasa's intent for a message the model is unsure of


class DangerPattern(BaseModel, extra="forbid"):
    id: str
    kind: DangerKind
    regex: str
    thought: bool = Field(
        default=False,
        description="A thought of ending one's life, not an act or a plan: where the message "
        "also says in so many words that the resident will not act or is safe (a said_safe "
        "phrase), the mental-health crisis door answers instead of 999 first",
    )

    @validator("regex")
    def _compiles(cls, value: str) -> str:
        re.compile(value)
        return value


class DangerLists(BaseModel, extra="forbid"):
    """The lists every danger file holds, in English (danger.yml) or one more language."""

    terms: dict[str, str] = Field(
        default_factory=dict,
        description="Parts of regexes named once and used in several places: {{name}} in any "
        "pattern or phrase of the same file stands for (?:the term's text). Spelled out on "
        "load, so the check and its prefilter read only whole regexes",
    )
    long_ago: list[str] = Field(default_factory=list)
    weeks_away: list[str] = Field(default_factory=list)
    habitual: list[str] = Field(
        default_factory=list,
        description="Says it happens from time to time (when he drinks): where the present "
        "tense also says what someone does habitually, a report rather than danger now",
    )
    still_now: list[str] = Field(default_factory=list)
    not_danger: list[str] = Field(default_factory=list)
    said_safe: list[str] = Field(
        default_factory=list,
        description="Not-danger phrases in which the resident says nobody is in danger "
        "(nobody hurt, not an emergency, will not act): taken out like not_danger, and they "
        "also outweigh the model's own reading of danger when it ranks `emergency` first",
    )
    warning_signs: list[str] = Field(
        default_factory=list,
        description="Signs of forced marriage or modern slavery (a passport taken) that are "
        "danger now only in a message that also holds a held_now phrase",
    )
    held_now: list[str] = Field(
        default_factory=list,
        description="Someone locked in, watched, kept from calling, or a journey today or "
        "tonight: beside a warning sign, danger now",
    )
    crisis_signs: list[str] = Field(
        default_factory=list,
        description="Words of a person in a mental-health crisis who is not in danger now "
        '("I don\'t see the point any more", "I can\'t cope any more"): a message that holds '
        "one, and no danger, gets the crisis door alone, whatever crime it also tells; after "
        "danger, the crisis door follows the 999 reply",
    )
    patterns: list[DangerPattern] = Field(min_items=1)

    @root_validator(pre=True)
    def _spell_out_terms(cls, values: dict[str, Any]) -> dict[str, Any]:
        """Every {{name}} replaced by its term; a name with no term, a term used nowhere, or a
        term naming another is an error that names it."""
        terms = values.get("terms") or {}
        if not isinstance(terms, dict):
            return values  # the field's own validation says what is wrong
        used: set[str] = set()

        def spell(text: object) -> object:
            if not isinstance(text, str):
                return text

            def term(found: re.Match[str]) -> str:
                name = found.group(1)
                if name not in terms:
                    raise ValueError(f"{{{{{name}}}}} is used but is not one of the terms")
                used.add(name)
                return f"(?:{terms[name]})"

            spelled = TERM.sub(term, text)
            if "{{" in spelled:  # {{a-height}}: not a term's name, and would match nothing
                raise ValueError(f"{spelled[spelled.index('{{') :][:40]!r} names no term")
            return spelled

        for name, text in terms.items():
            if isinstance(text, str) and "{{" in text:
                raise ValueError(f"the term {name} names another term: spell it out")
        spelled = dict(values)
        for field in LIST_FIELDS:
            if isinstance(values.get(field), list):
                spelled[field] = [spell(text) for text in values[field]]
        if isinstance(values.get("patterns"), list):
            spelled["patterns"] = [
                {**pattern, "regex": spell(pattern["regex"])}
                if isinstance(pattern, dict) and "regex" in pattern
                else pattern
                for pattern in values["patterns"]
            ]
        unused = sorted(set(terms) - used)
        if unused:
            raise ValueError(f"terms used nowhere: {', '.join(unused)}")
        return spelled


# The phrase lists of a danger file: every field of DangerLists but its terms and patterns.
LIST_FIELDS = tuple(name for name in DangerLists.__fields__ if name not in ("terms", "patterns"))


class DangerFile(DangerLists):
    model_min_confidence: float = Field(
        gt=0,
        le=1,
        description="The model's confidence in `emergency` that counts as danger even when "
        "the model ranks something else first",
    )


@dataclass(frozen=True)
class Danger:
    """Why a message was read as danger: which pattern, and what kind of help comes first."""

    pattern_id: str
    kind: DangerKind


@dataclass(frozen=True)
class Reading:
    """What the check made of a message: the danger in it, if any; whether, when there is
    none, it set aside a thought of ending one's life that the resident says they will not act
    on (a `thought` pattern beside a said_safe phrase); and whether it holds a crisis sign.
    Either of the last two is answered by the crisis door: alone, or after the 999 reply where
    a crisis sign is told beside danger."""

    danger: Danger | None
    thought_set_aside: bool = False
    crisis_sign: bool = False


class LanguageDangerFile(DangerLists):
    """The same lists in one more language (data/safety/languages/<code>.yml)."""

    language: str = Field(min_length=2, max_length=3)
    written_by: str = Field(min_length=1, description="Who wrote the patterns")
    review: Literal["drafted", "reviewed"]
    checked: date


def danger_files(folder: Path = paths.SAFETY_DIR) -> tuple[DangerFile, list[LanguageDangerFile]]:
    """Every danger file, validated: danger.yml, and each language's (languages/*.yml)."""
    languages = sorted(folder.glob("languages/*.yml"))
    return load_model(folder / "danger.yml", DangerFile), [
        load_model(path, LanguageDangerFile) for path in languages
    ]


def script_of(char: str) -> str | int:
    """A letter's script: a supported language's own (Arabic script is Urdu's), else its block."""
    return script_language(char) or ord(char) >> 7


def script_blocks(text: str) -> frozenset[str | int]:
    """The scripts of the text's letters beyond ASCII."""
    return frozenset(script_of(char) for char in text if ord(char) > 127)


def needs_script(regex: str) -> str | int | None:
    """The one script beyond ASCII that a pattern's letters all come from, if it has one and no
    ASCII letters (escapes aside): such a pattern cannot match a message without that script's
    letters, and is skipped for it (most messages are in one script; the lists hold five)."""
    literal = re.sub(r"\\.", "", regex)
    if any(char.isascii() and char.isalpha() for char in literal):
        return None
    scripts = {script_of(char) for char in literal if ord(char) > 127 and char.isalpha()}
    return scripts.pop() if len(scripts) == 1 else None


class PatternList:
    """Patterns searched in order, skipping those that cannot match the message: their script's
    letters are missing, or none of their starts occurs in it (prefilter.py)."""

    def __init__(self, regexes: list[str]) -> None:
        self.patterns = [(re.compile(regex), needs_script(regex)) for regex in regexes]
        self._prefilter = Prefilter(regex for regex, _needs in self.patterns)

    def could_match(self, folded: str, blocks: frozenset[str | int]) -> Iterator[int]:
        """The positions of the patterns that could match, in order."""
        candidates = self._prefilter.candidates(folded)
        return (
            position
            for position, (_regex, needs) in enumerate(self.patterns)
            if position in candidates and (needs is None or needs in blocks)
        )

    def search(self, folded: str, blocks: frozenset[str | int]) -> bool:
        return any(self.patterns[i][0].search(folded) for i in self.could_match(folded, blocks))

    def spans(self, folded: str, blocks: frozenset[str | int]) -> Iterator[tuple[int, int]]:
        """Where each pattern that could match does, pattern by pattern."""
        for position in self.could_match(folded, blocks):
            yield from (found.span() for found in self.patterns[position][0].finditer(folded))


def whole_phrases(phrases: list[str]) -> PatternList:
    """Phrases matched only as whole words. Word edges are spaces, not \\b, which Python puts
    inside Gurmukhi or Bengali words."""
    return PatternList([rf"(?<!\S)(?:{phrase})(?!\S)" for phrase in phrases])


class DangerCheck:
    def __init__(self, data: DangerFile) -> None:
        self._not_danger = whole_phrases([*data.said_safe, *data.not_danger])
        self._said_safe = whole_phrases(data.said_safe)
        self._said_safe_count = len(data.said_safe)  # the first phrases of _not_danger
        # Self-harm is checked first: its answer adds Samaritans to the 999 guidance.
        ordered = sorted(data.patterns, key=lambda pattern: pattern.kind != "self_harm")
        self._danger = PatternList([p.regex for p in ordered])
        self._found = [Danger(pattern_id=p.id, kind=p.kind) for p in ordered]
        self._thought = [p.thought for p in ordered]
        self.model_min_confidence = data.model_min_confidence
        self._not_now_phrases = PatternList([*data.long_ago, *data.weeks_away, *data.habitual])
        self._still_now = PatternList(data.still_now)
        self._warning_signs = PatternList(data.warning_signs)
        self._held_now = PatternList(data.held_now)
        self._crisis_signs = PatternList(data.crisis_signs)

    @classmethod
    def load(cls, folder: Path = paths.SAFETY_DIR) -> DangerCheck:
        """danger.yml, with every language's lists (languages/*.yml) added to it: a message is
        checked against all of them, since residents mix languages."""
        data, languages = danger_files(folder)
        for extra in languages:
            for field in (*LIST_FIELDS, "patterns"):
                getattr(data, field).extend(getattr(extra, field))
        return cls(data)

    def says_safe(self, text: str) -> bool:
        """Whether the message holds a said_safe or not_danger phrase ("nobody was hurt", or a
        bonfire that is not a fire): the routing then asks no "is anyone hurt?" question."""
        folded = fold(text)
        return self._not_danger.search(folded, script_blocks(folded))

    def says_nobody_is_in_danger(self, text: str) -> bool:
        """Whether the resident says in so many words that nobody is in danger (a said_safe
        phrase), not merely that a word is not danger here (a bonfire, a fire alarm)."""
        folded = fold(text)
        return self._said_safe.search(folded, script_blocks(folded))

    def thought_set_aside(self, text: str) -> bool:
        """Whether the message tells a thought of ending one's life (a `thought` pattern) and
        says in so many words that the resident will not act on it or is safe ("everyone'd be
        better off without me, I'm not going to do anything"), and holds no other danger: the
        message is then read as the mental-health crisis door (CRISIS_CONCERN in
        bot/routing/crisis.py), whose answer itself says 999 if a life is at risk now,
        rather than as 999 first."""
        return self.read(text).thought_set_aside

    def instead_of_the_models_alarm(
        self, text: str, intent: str, ranking: Iterable[Mapping[str, object]]
    ) -> Mapping[str, object] | None:
        """What to read a message as that no listed pattern matched (`check` gave None) when
        the model read it as `emergency` but the resident says nobody is in danger ("I'm not
        going to do anything silly", "nobody was hurt"): the model's likeliest other intent.
        None when the model did not read danger, the message does not say so, or the model
        has no other intent. The resident's own words outweigh the model's guess; a listed
        pattern still outweighs both."""
        if intent != EMERGENCY_INTENT or not self.says_nobody_is_in_danger(text):
            return None
        return next(
            (
                entry
                for entry in ranking
                if entry.get("name") not in (EMERGENCY_INTENT, FALLBACK_INTENT)
            ),
            None,
        )

    def _cut_not_danger(
        self, message: FoldedClauses, blocks: frozenset[str | int]
    ) -> tuple[bool, bool]:
        """Takes every said_safe and not_danger phrase out of the message; whether one was,
        and whether a said_safe one was (they come first in the list, so one that the message
        holds is always cut)."""
        cut = said_safe = False
        done = -1
        while True:
            later = [i for i in self._not_danger.could_match(message.text, blocks) if i > done]
            if not later:
                return cut, said_safe
            for position in later:
                done = position
                if message.cut(self._not_danger.patterns[position][0]):
                    cut = True  # the text changed: what could match the rest is read again
                    said_safe = said_safe or position < self._said_safe_count
                    break

    def _timeline(self, message: FoldedClauses, blocks: frozenset[str | int]) -> Timeline:
        """Where the message says when (see when.py). The still_now phrases are looked for only
        when something is said to be past or later: otherwise every danger phrase is now."""
        past = self._not_now_phrases.spans(message.text, blocks)
        markers = [Marker(start, end, now=False) for start, end in past]
        if markers:
            now = self._still_now.spans(message.text, blocks)
            markers += [Marker(start, end, now=True) for start, end in now]
        return Timeline(markers, message.starts)

    def check(self, text: str, emergency_confidence: float = 0.0) -> Danger | None:
        """The danger in the message, if any (see `read`)."""
        return self.read(text, emergency_confidence).danger

    def read(self, text: str, emergency_confidence: float = 0.0) -> Reading:
        """The first danger pattern the message matches where it happens now (a self-harm
        pattern matches whenever, and a `thought` pattern only where no said_safe phrase says
        the resident will not act: beside one it is set aside); else a warning sign beside
        someone held now (a passport taken, and locked in); else danger by the model's own
        reading (its confidence in `emergency`) unless the message says nobody is in danger or
        says when, none of it now; else none. Whatever the danger, whether a crisis sign is
        there too (like self-harm, whenever it is told: "since the burglary I can't cope any
        more")."""
        message = FoldedClauses(text)
        blocks = script_blocks(message.text)
        cut, will_not_act = self._cut_not_danger(message, blocks)
        folded = message.text
        crisis = self._crisis_signs.search(folded, blocks)
        reading = self._read_danger(message, blocks, cut, will_not_act, emergency_confidence)
        return replace(reading, crisis_sign=crisis)

    def _read_danger(
        self,
        message: FoldedClauses,
        blocks: frozenset[str | int],
        cut: bool,
        will_not_act: bool,
        emergency_confidence: float,
    ) -> Reading:
        folded = message.text
        timeline = self._timeline(message, blocks)
        set_aside = False
        for position in self._danger.could_match(folded, blocks):
            found = self._found[position]
            pattern = self._danger.patterns[position][0]
            if will_not_act and self._thought[position]:
                set_aside = set_aside or pattern.search(folded) is not None
                continue
            for match in pattern.finditer(folded):
                if found.kind == "self_harm" or timeline.is_now(*match.span()):
                    return Reading(found)
        if self._warning_signs.search(folded, blocks) and any(
            timeline.is_now(*span) for span in self._held_now.spans(folded, blocks)
        ):
            return Reading(Danger(pattern_id=WARNING_SIGN_HELD, kind="immediate_danger"))
        if cut or timeline.says_not_now():
            return Reading(None, thought_set_aside=set_aside)
        if emergency_confidence >= self.model_min_confidence:
            return Reading(Danger(pattern_id=MODEL_PATTERN, kind="immediate_danger"))
        return Reading(None)


@cache
def danger_check() -> DangerCheck:
    """The process-wide check over the project's danger list."""
    return DangerCheck.load()
