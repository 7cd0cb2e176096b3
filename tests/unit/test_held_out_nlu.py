"""The held-out NLU file measures wording the model has never seen: none of its examples may
also be a training example, or the held-out score would flatter the model."""

from __future__ import annotations

import re

from bot.nlu_data import nlu_examples
from tests.conftest import HELD_OUT_NLU_FILE, TRAINING_NLU_FILES


def normalised(text: str) -> str:
    """Case, punctuation and spacing do not make an example new."""
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


def test_no_held_out_example_is_also_a_training_example() -> None:
    trained_on = {normalised(text) for path in TRAINING_NLU_FILES for _, text in nlu_examples(path)}
    held_out = [text for _, text in nlu_examples(HELD_OUT_NLU_FILE)]
    assert len(held_out) > 300
    assert [text for text in held_out if normalised(text) in trained_on] == []
