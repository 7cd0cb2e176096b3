"""The deterministic danger check in every supported language (issue #15): each language's
phrases that must get 999 first do, and its calm reports do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import paths
from bot.language.languages import logged_languages
from bot.safety.danger import danger_check

LANGUAGES = sorted(set(logged_languages()) - {"en"})  # Shahmukhi is Panjabi's: pa.yml holds it
PHRASES = paths.PROJECT_ROOT / "tests" / "data"


def lines(path: Path) -> list[str]:
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_danger_patterns(language: str) -> None:
    assert (paths.SAFETY_DIR / "languages" / f"{language}.yml").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_crisis_signs_are_read_and_calm_words_near_them_are_not(language: str) -> None:
    """A crisis sign gets the crisis door (data/safety/danger.yml `crisis_signs`), with no
    danger read; anger at a service, noise one can't take or a victim's worry is not one."""
    signs = lines(PHRASES / f"crisis_signs_{language}.txt")
    calm = lines(PHRASES / f"crisis_calm_{language}.txt")
    assert len(signs) >= 8 and len(calm) >= 6
    readings = {sign: danger_check().read(sign) for sign in signs}
    assert [s for s, r in readings.items() if not r.crisis_sign or r.danger is not None] == []
    assert [text for text in calm if danger_check().read(text).crisis_sign] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_danger_phrases_get_999_first(language: str) -> None:
    phrases = lines(PHRASES / f"danger_phrases_{language}.txt")
    assert len(phrases) >= 20
    missed = [phrase for phrase in phrases if danger_check().check(phrase) is None]
    assert missed == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_calm_reports_raise_no_alarm(language: str) -> None:
    reports = lines(PHRASES / f"ordinary_reports_{language}.txt")
    assert len(reports) >= 20
    alarmed = [report for report in reports if danger_check().check(report) is not None]
    assert alarmed == []


# "Nobody is hurt" in each language, in its own script and in Latin letters: a resident who
# says so outweighs the model's own alarm, as in English (test_danger.py).
SAID_SAFE = {
    "bn": ["কেউ আহত হয়নি", "keu ahoto hoyni"],
    "gu": ["કોઈ ઘાયલ નથી", "koi ghayal nathi"],
    "pa": ["ਕੋਈ ਜ਼ਖ਼ਮੀ ਨਹੀਂ ਹੋਇਆ", "koi vi zakhmi nahi hoya"],
    "pl": ["nikt nie jest ranny", "nikt nie jest ranny, auto tylko porysowane"],
    "ro": ["nimeni nu a fost rănit", "nimeni nu a fost ranit"],
    "ur": ["کوئی زخمی نہیں ہوا", "koi zakhmi nahi hua"],
}


def test_every_language_has_said_safe_phrases() -> None:
    assert sorted(SAID_SAFE) == LANGUAGES


@pytest.mark.parametrize(("language", "text"), [(k, t) for k, v in SAID_SAFE.items() for t in v])
def test_saying_nobody_is_hurt_outweighs_the_models_alarm(language: str, text: str) -> None:
    ranking = [{"name": "emergency"}, {"name": "report_vehicle_crime"}]
    assert danger_check().says_nobody_is_in_danger(text), (language, text)
    assert danger_check().instead_of_the_models_alarm(text, "emergency", ranking) == ranking[1]
