"""The danger check's prefilter only skips patterns that cannot match: the verdicts are those of
searching every pattern, over every message the project holds."""

from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor

import pytest

from bot.nlu.training_data import nlu_examples
from bot.safety import danger as danger_module
from bot.safety.danger import MODEL_PATTERN, Danger, DangerCheck
from bot.safety.prefilter import Prefilter, starts
from tests.conftest import HELD_OUT_NLU_FILE, TRAINING_NLU_FILES, lines_of


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        (r"\b(nie oddycha|zemdlal\w*)\b", {("nie ", True), ("zemd", True)}),
        (r"(?<!kiedys )przedawkowal", {("prze", False)}),
        (
            r"\b(is |s )?(hit|beat)ting",
            {
                ("is h", True),
                ("is b", True),
                ("s hi", True),
                ("s be", True),
                ("hitt", True),
                ("beat", True),
            },
        ),
        (r"\bfire[sd]?\b", {("fire", True)}),
        (r"[kc]nife", {("knif", False), ("cnif", False)}),
        (r"\b(1[0-2]) years", {("10 y", True), ("11 y", True), ("12 y", True)}),
        (r"(ha){3,}", {("haha", False)}),
        (r"\b\w+ (knife|gun) out", {(" kni", False), (" gun", False)}),  # a part every match has
        (
            r"\bme\s+too",
            {("me t", True), ("me  ", True)},
        ),  # folded messages have no other white space
        (r"\b\w+ (gun|knife)?", None),  # nothing every match must have
        (r"\bod\b", None),  # a match can be shorter than the strings read
        (r"(?i)knife", None),
        (r".{0,20}\d", None),
    ],
)
def test_the_strings_read_from_a_pattern(
    regex: str, expected: set[tuple[str, bool]] | None
) -> None:
    found = starts(re.compile(regex))
    assert (set(found) if found is not None else None) == expected


def test_a_pattern_is_a_candidate_wherever_it_could_match() -> None:
    patterns = [re.compile(p) for p in (r"\bknife\b", r"\b\w+ (gun)?", r"(?<!no )fire")]
    prefilter = Prefilter(patterns)
    assert prefilter.candidates("he has a knife") == {0, 1}
    assert prefilter.candidates("the house is on fire") == {1, 2}
    assert prefilter.candidates("a pocketknife") == {1}  # \b: "knife" must begin a word
    assert prefilter.candidates("loud music") == {1}
    assert prefilter.always_searched == 1


class EveryPattern(Prefilter):
    """No prefilter: every pattern is searched, as before it existed."""

    def candidates(self, text: str) -> set[int]:
        return set(range(10_000))


MESSAGES = sorted(
    {
        *(
            text
            for path in [*TRAINING_NLU_FILES, HELD_OUT_NLU_FILE]
            for _, text in nlu_examples(path)
        ),
        *lines_of("danger_phrases.txt"),
        *lines_of("ordinary_reports.txt"),
    }
)

Verdict = tuple[Danger | None, bool]  # the danger found, and whether the message says safe


def verdicts(check: DangerCheck, messages: list[str]) -> list[Verdict]:
    return [(check.check(text, 1.0), check.says_safe(text)) for text in messages]


def unfiltered_verdicts(messages: list[str]) -> list[Verdict]:
    """The verdicts of searching every pattern. Run in a fresh worker process, whose module
    alone has the prefilter replaced."""
    danger_module.Prefilter = EveryPattern  # type: ignore[misc]
    return verdicts(DangerCheck.load(), messages)


@pytest.mark.slow  # about 2 minutes on two processors: every message the project holds, twice
def test_the_same_verdict_as_searching_every_pattern() -> None:
    """Searching every pattern takes about 8 ms a message: spawned workers (not forked: the test
    process may hold TensorFlow's threads), one per processor, share the messages in four times
    as many chunks while this process checks them through the prefilter."""
    assert len(MESSAGES) > 10_000
    processors = min(os.cpu_count() or 1, 8)
    shares = processors * 4
    chunks = [MESSAGES[i::shares] for i in range(shares)]
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processors, mp_context=spawn) as workers:
        pending = workers.map(unfiltered_verdicts, chunks)
        prefiltered = verdicts(DangerCheck.load(), MESSAGES)
        unfiltered: list[Verdict | None] = [None] * len(MESSAGES)
        for i, found in enumerate(pending):
            unfiltered[i::shares] = found
    paired = zip(MESSAGES, prefiltered, unfiltered, strict=True)
    differ = [text for text, a, b in paired if a != b]
    assert not differ, differ[:10]
    assert sum(said_safe for _, said_safe in prefiltered) > 100  # both verdicts are exercised
    found_by = [danger.pattern_id if danger else None for danger, _ in prefiltered]
    assert sum(by not in (None, MODEL_PATTERN) for by in found_by) > 500  # a listed pattern
    assert found_by.count(MODEL_PATTERN) > 500  # none, and the model's reading counts
    assert found_by.count(None) > 500  # said safe, or not now


def test_most_patterns_are_prefiltered() -> None:
    check = DangerCheck.load()
    assert check._danger._prefilter.always_searched < len(check._danger.patterns) / 20
