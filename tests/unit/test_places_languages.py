"""Place names written in residents' own scripts find the same borough as in English (#15)."""

from __future__ import annotations

import pytest

from bot.language.languages import logged_languages
from bot.places.locate import load_native_names, locator

NAMES = {names.language: names for names in load_native_names()}


@pytest.mark.parametrize("language", sorted(set(logged_languages()) - {"en"}))
def test_every_language_has_its_place_names(language: str) -> None:
    assert language in NAMES


@pytest.mark.parametrize("language", sorted(NAMES))
def test_each_spelling_is_the_same_place_as_in_english(language: str) -> None:
    for english, spellings in NAMES[language].names.items():
        expected = locator().locate(english)
        assert expected.known, english
        for spelling in spellings:
            found = locator().locate(f"یہ {spelling} میں ہے" if language == "ur" else spelling)
            assert found.borough == expected.borough, (english, spelling, found)


def test_a_place_in_urdu_script_inside_a_sentence() -> None:
    spellings = NAMES["ur"].names.get("Burnley") if "ur" in NAMES else None
    assert spellings, "Urdu has a spelling of Burnley"
    found = locator().locate(f"میرے پڑوسی {spellings[0]} میں بہت شور کرتے ہیں")
    assert found.borough == "burnley"
