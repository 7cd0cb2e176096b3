"""Panjabi written in Shahmukhi, the Arabic script (issue #15): told from Urdu by its own everyday
words, answered in Shahmukhi (pa-Arab), and counted as Panjabi in the log. The sentences are
our own, not residents' or the evaluation's."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from bot import paths
from bot.concern_log.record import build_record
from bot.datafile import DataError, load_model
from bot.evaluation.replies import MIN_LETTERS_TO_JUDGE
from bot.language.identify import LanguageIdentifier, LatinModel, written_form, written_language
from bot.language.languages import LanguagesFile, logged_language, named_language, supported
from bot.language.translations import load_translations
from bot.routing.directory import Directory

SHAHMUKHI = "pa-Arab"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("میرے گوانڈی ساری رات اُچی آواز وچ گانے لاندے نیں", SHAHMUKHI),
        ("ساڈی گلی وچ منڈے ہر رات گڈیاں تیز چلاندے نیں", SHAHMUKHI),
        ("میرے پتر نوں سکول دے باہر کجھ بندے تنگ کردے نیں", SHAHMUKHI),
        ("اوہ ہن وی دروازے تے کھلوتا اے", SHAHMUKHI),
        ("میرے پڑوسی ساری رات اونچی آواز میں گانے بجاتے ہیں", "ur"),
        ("ہماری گلی میں لڑکے ہر رات گاڑیاں تیز چلاتے ہیں", "ur"),
        ("کھڑکی توڑ کر ٹی وی لے گئے", "ur"),  # "ٹی وی" (TV) is no Panjabi word
        ("السلام علیکم", "ur"),  # no word of either: the script's own language
    ],
)
def test_panjabi_in_arabic_script_is_told_from_urdu_by_its_words(text: str, language: str) -> None:
    assert written_language(text) == language
    assert LanguageIdentifier(LatinModel()).identify(text) == language


@pytest.mark.parametrize("text", ["نیلسن", "ہاں جی", "السلام علیکم"])
def test_a_word_both_share_keeps_the_conversation_in_its_form(text: str) -> None:
    """A place name or a "yes" in Arabic script says nothing of Urdu or Panjabi: a Shahmukhi
    conversation stays Shahmukhi, an Urdu one Urdu, and one in another language turns to Urdu,
    the script's own (as before Shahmukhi was told apart)."""
    identifier = LanguageIdentifier(LatinModel())
    assert identifier.identify(text, current=SHAHMUKHI) == SHAHMUKHI
    assert identifier.identify(text, current="ur") == "ur"
    assert identifier.identify(text, current="en") == "ur"
    assert identifier.identify("اوہ ہن وی باہر کھلوتا اے", current="ur") == SHAHMUKHI  # words tell
    assert identifier.identify("وہ ابھی بھی باہر کھڑا ہے", current=SHAHMUKHI) == "ur"


def test_panjabi_is_answered_in_the_script_the_resident_wrote() -> None:
    assert written_form("pa", "ساڈی گلی وچ رولا اے") == SHAHMUKHI
    assert written_form("pa", "ਸਾਡੀ ਗਲੀ ਵਿੱਚ ਰੌਲਾ ਹੈ") == "pa"
    assert written_form("pa", "sadi gali vich rola ae") == "pa"
    assert written_form("ur", "ہماری گلی میں شور ہے") == "ur"


@pytest.mark.parametrize(
    ("text", "language"),
    [("پنجابی وچ گل کرو", SHAHMUKHI), ("punjabi please", "pa"), ("shahmukhi", SHAHMUKHI)],
)
def test_each_form_can_be_asked_for(text: str, language: str) -> None:
    assert named_language(text) == language


def test_the_shahmukhi_answers_read_as_panjabi_and_the_urdu_ones_as_urdu() -> None:
    """What the evaluation's `in_language` relies on. Names and short titles with no word of
    either language ("Burnley Council (گرافیٹی)") read as the script's own, Urdu: a few only."""

    def judged(language: str) -> list[str]:
        data = load_translations(language)
        assert data is not None
        return [
            item.text
            for item in data.texts
            if sum(unicodedata.category(c)[0] in "LM" for c in item.text) >= MIN_LETTERS_TO_JUDGE
        ]

    shahmukhi = [written_language(text) for text in judged(SHAHMUKHI)]
    assert shahmukhi.count("ur") <= len(shahmukhi) // 40, shahmukhi.count("ur")
    assert shahmukhi.count(SHAHMUKHI) > len(shahmukhi) * 0.75
    assert SHAHMUKHI not in [written_language(text) for text in judged("ur")]


def test_a_concern_raised_in_shahmukhi_is_logged_as_panjabi() -> None:
    record = build_record(
        Directory.load(),
        message_id="m1",
        concern_id="noise",
        borough="burnley",
        place=None,
        sector=None,
        moment=datetime(2026, 12, 7, 12, tzinfo=timezone.utc),
        connector="rest",
        recurrence="unknown",
        redacted_description=None,
        language=SHAHMUKHI,
    )
    assert record.language == "pa" == logged_language(SHAHMUKHI)
    assert supported()[SHAHMUKHI].dir == "rtl"


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ("written_form_of: xx, same_script_as: ur, words: [وچ]", "'xx' is not a language"),
        ("written_form_of: pa, same_script_as: ur", "need their `words`"),
        ("written_form_of: pa-Arab", "'pa-Arab' is not a language"),
    ],
)
def test_a_written_form_must_name_a_language_of_its_own(
    tmp_path: Path, entry: str, error: str
) -> None:
    data = yaml.safe_load((paths.DATA_DIR / "languages" / "languages.yml").read_text())
    data["languages"]["pa-Arab"] = {
        "name": "پنجابی",
        "english": "Panjabi (Shahmukhi)",
        "dir": "rtl",
        "scripts": ["native"],
        **yaml.safe_load("{" + entry + "}"),
    }
    path = tmp_path / "languages.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match=error):
        load_model(path, LanguagesFile)
