"""Plain English: every message a resident reads scores Flesch reading ease >= 60, <= 80 words.

Scored per message as the resident sees it: each domain response, each FAQ answer, the web
chat's and Messenger's own words (data/languages/widget.yml, messenger.yml), and each paragraph of every
composed route (channels show paragraphs as separate messages).
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import textstat
import yaml

from bot import paths
from bot.language.catalogue import messenger_words, widget_words
from bot.routing.advice import route_text
from bot.routing.directory import load_directory
from bot.routing.opening import LONDON

MIN_FLESCH = 60
MAX_WORDS = 80
# Routes are read at a weekday noon, a Saturday night (lines closed, alternatives given) and
# on a bank holiday (hours not published), so every closed-line note is scored too.
MOMENTS = (
    datetime(2026, 12, 2, 12, tzinfo=LONDON),
    datetime(2026, 12, 5, 23, tzinfo=LONDON),
    datetime(2026, 4, 3, 12, tzinfo=LONDON),
)


def without_markup(text: str) -> str:
    """Web addresses, emails and numbers are read as units, not as words and syllables."""
    text = re.sub(r"https?://\S+|\S+@\S+|\b[\w.-]+\.(?:org|uk|com|gov)\S*", "link", text)
    return re.sub(r"\{[^}]+\}", "it", text)


def words_of(variant: dict) -> str:
    """A response's words: its text, or the web chat's (a `custom` object's strings)."""
    if "text" in variant:
        return variant["text"]
    custom = variant["custom"]["data"]
    parts = [custom.get(key) for key in ("warning", "text", "more_title")]
    return "\n\n".join(part for part in parts if isinstance(part, str))


def messages() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in [
        paths.PROJECT_ROOT / "domain.yml",
        *sorted((paths.DATA_DIR / "nlu").glob("*.yml")),
    ]:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variants in (document.get("responses") or {}).items():
            for number, variant in enumerate(variants):
                found[f"{name}#{number}"] = words_of(variant)
    for key, english in widget_words().items():  # the web chat's own words
        found[f"widget {key}"] = english
    for key, english in messenger_words().items():  # Messenger's
        found[f"messenger {key}"] = english
    directory = load_directory()
    seen: set[str] = set()
    for concern_id in directory.concerns:
        for borough_id in [*directory.boroughs, None]:
            for moment in MOMENTS:
                text = route_text(directory, concern_id, borough_id, moment=moment)
                for number, paragraph in enumerate(text.split("\n\n")):
                    if paragraph not in seen:
                        seen.add(paragraph)
                        found[f"route {concern_id}/{borough_id}/{moment:%a%H}#{number}"] = paragraph
    return found


MESSAGES = messages()


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_message_is_plain_english(name: str) -> None:
    text = without_markup(MESSAGES[name])
    for paragraph in text.split("\n\n"):
        words = len(paragraph.split())
        assert words <= MAX_WORDS, f"{name}: {words} words"
        if words >= 8:  # too short to score meaningfully
            score = textstat.flesch_reading_ease(paragraph)
            assert score >= MIN_FLESCH, f"{name}: Flesch {score:.0f}: {paragraph}"
