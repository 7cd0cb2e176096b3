"""Which language a message is in (bot/language/identify.py): by script, by diacritics, and by
the project's own n-gram model for Latin letters; too short or too close says nothing."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from bot.language.identify import (
    SMOOTHING,
    LanguageIdentifier,
    LatinModel,
    grams,
    labelled_examples,
)
from bot.language.languages import chosen_language, named_language
from bot.nlu.training_data import training_files


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier(LatinModel.train(labelled_examples(training_files())))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("میرا شوہر مجھے مارتا ہے", "ur"),
        ("ਮੇਰੇ ਗੁਆਂਢੀ ਬਹੁਤ ਰੌਲਾ ਪਾਉਂਦੇ ਹਨ", "pa"),
        ("મારા પડોશી રાત્રે ખૂબ અવાજ કરે છે", "gu"),
        ("আমার প্রতিবেশী রাতে খুব শব্দ করে", "bn"),
        ("Mój mąż mnie bije", "pl"),
        ("Mi-a furat cineva telefonul în parc", "ro"),
        ("میرے پڑوسی loud music بجاتے ہیں every night", "ur"),  # mixed, mostly Urdu letters
    ],
)
def test_scripts_and_diacritics_decide(
    identifier: LanguageIdentifier, text: str, language: str
) -> None:
    assert identifier.identify(text) == language


@pytest.mark.parametrize("text", ["ok", "Burnley", "BB1 1AA", "yes", "/affirm", "12"])
def test_short_messages_keep_the_conversations_language(
    identifier: LanguageIdentifier, text: str
) -> None:
    assert identifier.identify(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "my neighbours play loud music every night and I can't sleep",
        "someone has dumped a mattress at the end of our street",
        "how do I report a scam call my dad got",
    ],
)
def test_english_is_read_as_english(identifier: LanguageIdentifier, text: str) -> None:
    assert identifier.identify(text) == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("po polsku prosze", "pl"),
        ("can you speak urdu", "ur"),
        ("Bangla please", "bn"),
        ("english", "en"),
        ("hello there", None),
        ("urdu or punjabi", None),
        ("my english is not good, do you have this in urdu", "ur"),
        ("can i write in polish or only in english", "pl"),
        ("urdu, punjabi or english", None),
    ],
)
def test_a_language_asked_for_by_name(text: str, language: str | None) -> None:
    assert named_language(text) == language


@pytest.mark.parametrize(
    ("text", "written_in", "language"),
    [
        ("nu vorbesc bine engleza, ma puteti ajuta", "ro", "ro"),
        ("english please", "en", "en"),
        ("po polsku prosze", "pl", "pl"),
        ("po polsku prosze", None, "pl"),
        ("english", None, "en"),
    ],
)
def test_english_named_in_another_language_keeps_that_language(
    text: str, written_in: str | None, language: str
) -> None:
    assert chosen_language(text, written_in) == language


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("language_ur.yml", "ur"),
        ("language_bn_concerns.yml", "bn"),
        ("residents_themes.yml", "en"),
        ("choose_language.yml", "en"),
    ],
)
def test_a_files_examples_are_read_in_the_language_its_name_gives(
    tmp_path: Path, name: str, language: str
) -> None:
    path = tmp_path / name
    path.write_text('version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - salaam\n')
    assert labelled_examples([path]) == [("salaam", language)]


def test_the_table_scores_each_message_as_the_smoothing_formula_does() -> None:
    """The model's n-gram table (worked out once at load) gives each language the message's
    mean log-likelihood per n-gram, each n-gram's count smoothed towards all languages'
    together, as worked out by hand here; unseen n-grams included."""
    examples = [("my neighbour plays loud music", "en"), ("mera padosi shor karta hai", "ur")]
    model = LatinModel.train(examples)
    counts = {language: Counter(grams(text)) for text, language in examples}
    everything = sum(sum(c.values()) for c in counts.values())
    vocabulary = len({gram for c in counts.values() for gram in c}) + 1

    def smoothed(own: Counter[str], gram: str) -> float:
        background = (sum(c[gram] for c in counts.values()) + 1) / (everything + vocabulary)
        return (own[gram] + SMOOTHING * background) / (sum(own.values()) + SMOOTHING)

    for text in ["loud music every night", "shor bohat hai", "zzz qqq 123"]:
        seen = grams(text)
        expected = {
            language: sum(math.log(smoothed(own, gram)) for gram in seen) / len(seen)
            for language, own in counts.items()
        }
        scores = model.scores(text)
        assert scores.keys() == expected.keys()
        assert all(abs(scores[k] - expected[k]) < 1e-9 for k in expected), (text, scores)
