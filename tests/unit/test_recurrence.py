"""Ongoing or one-off, read from the resident's own words."""

from __future__ import annotations

import pytest

from bot.concern_log.recurrence import infer_recurrence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kids on bikes every night on the estate", "ongoing"),
        ("the dog next door barks all the time", "ongoing"),
        ("they keep dumping rubbish in the ginnel", "ongoing"),
        ("my shed was broken into last night", "one_off"),
        ("someone keyed my car yesterday", "one_off"),
        ("there's a pothole on Blackburn Road", "unknown"),
        ("", "unknown"),
    ],
)
def test_recurrence_is_read_from_the_words(text: str, expected: str) -> None:
    assert infer_recurrence(text) == expected
