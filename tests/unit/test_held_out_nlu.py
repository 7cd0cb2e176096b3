"""The held-out NLU file measures wording the model has never seen: none of its examples may
also be a training example, or the held-out score would flatter the model."""

from __future__ import annotations

import re

from bot.nlu.training_data import nlu_examples
from tests.conftest import HELD_OUT_NLU_FILE, TRAINING_NLU_FILES


def normalised(text: str) -> str:
    """Case, punctuation and spacing do not make an example new."""
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


def test_no_held_out_example_is_also_a_training_example() -> None:
    trained_on = {normalised(text) for path in TRAINING_NLU_FILES for _, text in nlu_examples(path)}
    held_out = [text for _, text in nlu_examples(HELD_OUT_NLU_FILE)]
    assert len(held_out) > 300
    assert [text for text in held_out if normalised(text) in trained_on] == []


def test_no_resident_evaluation_message_is_a_training_example() -> None:
    """The evaluation (tests/eval/) measures messages nobody wrote for the model. Only a count is
    shown: the sealed part's messages are never printed."""
    from bot.evaluation.cases import PARTS, load_cases, load_corpus, load_language_cases
    from bot.routing.directory import load_directory

    trained_on = {normalised(text) for path in TRAINING_NLU_FILES for _, text in nlu_examples(path)}
    messages = [
        *(c.message for part in PARTS for c in load_cases(part, load_directory())),  # type: ignore[arg-type]
        *(t for part in PARTS for name in ("danger", "ordinary") for t in load_corpus(part, name)),  # type: ignore[arg-type]
        *(c.message for part in PARTS for c in load_language_cases(part, load_directory())),  # type: ignore[arg-type]
    ]
    assert len(messages) > 1000
    copies = sum(normalised(text) in trained_on for text in messages)
    assert copies == 0, f"{copies} evaluation messages are also training examples"
