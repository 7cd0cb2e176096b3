"""Named terms in the danger files: a part of a regex written once and used in several places."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.datafile import DataError, load_model
from bot.safety.danger import DangerCheck, DangerFile, danger_files


def danger_file(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "danger.yml"
    path.write_text(yaml.safe_dump({"model_min_confidence": 0.2, **data}), encoding="utf-8")
    return path


def test_a_term_is_spelled_out_wherever_it_is_named(tmp_path: Path) -> None:
    path = danger_file(
        tmp_path,
        {
            "terms": {"a_height": "ledge|gutter"},
            "still_now": ["\\bon the {{a_height}} now\\b"],
            "patterns": [
                {
                    "id": "hanging",
                    "kind": "immediate_danger",
                    "regex": "\\bhanging off the {{a_height}}\\b|\\bclinging to the {{a_height}}\\b",
                }
            ],
        },
    )
    data = load_model(path, DangerFile)
    assert data.patterns[0].regex == (
        "\\bhanging off the (?:ledge|gutter)\\b|\\bclinging to the (?:ledge|gutter)\\b"
    )
    assert data.still_now == ["\\bon the (?:ledge|gutter) now\\b"]
    check = DangerCheck(data)
    assert check.check("a lad is clinging to the gutter by his fingers") is not None
    assert check.check("the gutter is clinging to the wall by one bracket") is None


@pytest.mark.parametrize(
    ("terms", "regex", "said"),
    [
        ({}, "\\b{{a_height}}\\b", "{{a_height}} is used but is not one of the terms"),
        ({"a_height": "ledge", "unused": "roof"}, "\\b{{a_height}}\\b", "used nowhere: unused"),
        ({"a_height": "{{roof}}", "roof": "roof"}, "\\b{{a_height}}\\b", "names another term"),
        ({"a_height": "ledge"}, "\\b{{a_height}}|{{a-height}}\\b", "names no term"),
    ],
)
def test_a_term_named_wrongly_is_an_error_that_names_it(
    tmp_path: Path, terms: dict[str, str], regex: str, said: str
) -> None:
    path = danger_file(
        tmp_path,
        {"terms": terms, "patterns": [{"id": "p", "kind": "immediate_danger", "regex": regex}]},
    )
    with pytest.raises(DataError, match=said):
        load_model(path, DangerFile)


def test_every_shipped_danger_file_spells_out_its_terms() -> None:
    english, languages = danger_files()
    for data in [english, *languages]:
        texts = [pattern.regex for pattern in data.patterns] + [
            phrase
            for field, value in data
            if field != "terms" and isinstance(value, list)
            for phrase in value
            if isinstance(phrase, str)
        ]
        assert not [text for text in texts if "{{" in text]
