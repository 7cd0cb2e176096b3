"""The deterministic danger check in every supported language (issue #15): each language's
phrases that must get 999 first do, and its calm reports do not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import paths
from bot.safety.danger import danger_check

LANGUAGES = sorted(
    set(yaml.safe_load((paths.DATA_DIR / "languages" / "languages.yml").read_text())["languages"])
    - {"en"}
)
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
