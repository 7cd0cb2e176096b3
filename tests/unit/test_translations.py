"""Every word a resident reads exists in every supported language (issue #15), with numbers,
addresses and placeholders unchanged, and the danger reply in the language and in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import paths
from bot.datafile import DataError, load_model, read_yaml
from bot.language.audit import audit
from bot.language.catalogue import ChannelWords, catalogue, widget_words
from bot.language.identify import written_language
from bot.language.languages import logged_languages, supported, translated_languages
from bot.language.responses import translated_response
from bot.language.translations import Translation, kept_unchanged, load_translations
from bot.routing.directory import Directory

LANGUAGES = translated_languages()
RESPONSES = read_yaml(paths.PROJECT_ROOT / "domain.yml")["responses"]


def in_language(text: str, language: str) -> bool:
    return written_language(text) == language


def test_the_six_languages_of_the_census_are_supported() -> None:
    assert set(logged_languages()) == {"en", "ur", "pa", "pl", "ro", "gu", "bn"}
    assert set(LANGUAGES) == {"ur", "pa", "pa-Arab", "pl", "ro", "gu", "bn"}  # and Shahmukhi
    assert supported()["ur"].dir == "rtl"
    assert supported()["pa-Arab"].dir == "rtl"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_a_resident_reads_is_translated(language: str) -> None:
    result = audit(language)
    assert result.review != "no file"
    assert result.missing == [], f"{len(result.missing)} texts lack {language}"
    assert result.stale == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_say_when_they_were_reviewed(language: str) -> None:
    data = load_translations(language)
    assert data is not None and data.review.status in ("drafted", "reviewed")
    assert data.review.by and data.review.date


def test_the_catalogue_covers_responses_routes_contacts_hours_and_the_widget() -> None:
    texts = set(catalogue())
    directory = Directory.load()
    assert RESPONSES["utter_rephrase"][0]["text"] in texts
    assert "Yes, log it" in texts  # a button
    assert directory.concerns["noise"].intro in texts
    assert directory.concerns["noise"].label in texts
    assert directory.contacts["police_101"].say in texts
    assert directory.words is not None and directory.words.closed_now in texts
    assert set(widget_words().values()) <= texts
    assert "{lead}" not in texts  # a placeholder alone is not words
    assert "اردو" not in texts  # each language's own name is never translated


def test_a_translation_that_changes_a_number_or_an_address_is_refused() -> None:
    english = "Call {phone} or 116 123, or see https://www.999bsl.co.uk/."
    assert kept_unchanged(english) == ["116 123", "https://www.999bsl.co.uk/", "{phone}"]
    Translation(en=english, text="Zadzwoń {phone} lub 116 123: https://www.999bsl.co.uk/.")
    for broken in (
        "Zadzwoń {telefon} lub 116 123: https://www.999bsl.co.uk/.",
        "Zadzwoń {phone} lub 116123: https://www.999bsl.co.uk/.",
        "Zadzwoń {phone} lub 116 123: https://999bsl.pl/.",
        "Zadzwoń {phone} lub ١١٦ ١٢٣: https://www.999bsl.co.uk/.",
    ):
        with pytest.raises(ValueError):
            Translation(en=english, text=broken)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_999_reply_is_in_the_language_then_in_english(language: str) -> None:
    for variant in RESPONSES["utter_emergency"]:
        said = translated_response(variant, "utter_emergency", language)
        text = said.get("text") or said["custom"]["data"]["text"]
        english = variant.get("text") or variant["custom"]["data"]["text"]
        first, _, _ = text.partition("\n\n")
        assert in_language(first, language), first
        assert text.endswith(english)  # the English follows, whole
        for kept in ("55", "18000", "https://www.999bsl.co.uk/"):
            assert kept in text.replace(english, "")  # the silent call and Relay UK, translated too


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_route_is_read_in_the_language_with_its_numbers_and_addresses(language: str) -> None:
    from bot.routing.advice import route_text

    english, translated = Directory.load(), Directory.load(language=language)
    assert translated.concerns.keys() == english.concerns.keys()
    for concern_id in english.concerns:
        for borough in ("burnley", "pendle", None):
            words = route_text(translated, concern_id, borough)
            assert in_language(words, language), (concern_id, words[:80])
            said_in_english = route_text(english, concern_id, borough)
            for section in english.route(concern_id, borough).sections:
                for contact in section.contacts:
                    for fact in (contact.said_phone, contact.textphone, contact.web, contact.email):
                        if fact and fact in said_in_english:
                            assert fact in words, (concern_id, borough, fact)


@pytest.mark.parametrize("language", LANGUAGES)
def test_choosing_a_language_is_confirmed_in_it_naming_it(language: str) -> None:
    from bot.language.text import fold

    said = translated_response(
        RESPONSES["utter_language_chosen"][0], "utter_language_chosen", language
    )["text"]
    assert in_language(said, language)
    assert fold(supported()[language].name)[:4] in fold(said)  # "po polsku", "বাংলায়"


def test_a_channel_word_list_that_is_not_text_by_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "widget.yml"
    path.write_text("words:\n  send: [Send, Go]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"widget\.yml"):
        load_model(path, ChannelWords)
