"""Replies shaped to Messenger's limits: 13 quick replies, 20-character titles, 2,000-character
messages. Checked against the assistant's real buttons and route texts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot import paths
from bot.messenger.outgoing import (
    MAX_QUICK_REPLIES,
    MAX_TEXT,
    MAX_TITLE,
    length,
    messages_with_buttons,
    quick_replies,
    short_title,
    split_text,
)
from bot.routing.advice import route_text
from bot.routing.directory import Directory

DOMAIN = yaml.safe_load(Path(paths.PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
RESPONSES_WITH_BUTTONS = {
    name: variants[0]
    for name, variants in DOMAIN["responses"].items()
    if variants and variants[0].get("buttons")
}


@pytest.mark.parametrize("name", sorted(RESPONSES_WITH_BUTTONS))
def test_every_button_of_the_assistant_becomes_a_quick_reply_within_the_limits(name: str) -> None:
    response = RESPONSES_WITH_BUTTONS[name]
    (message,) = messages_with_buttons(response["text"], response["buttons"])
    replies = message["quick_replies"]
    assert len(replies) == len(response["buttons"]) <= MAX_QUICK_REPLIES
    for reply, button in zip(replies, response["buttons"], strict=True):
        assert reply["content_type"] == "text"
        assert 0 < length(reply["title"]) <= MAX_TITLE
        assert reply["payload"] == button["payload"]  # what Rasa reads is untouched
    assert message["text"] == response["text"]


def test_long_titles_are_cut_at_a_word_with_an_ellipsis() -> None:
    assert short_title("Blackburn with Darwen") == "Blackburn with…"
    assert short_title("Potholes or street lights") == "Potholes or street…"
    assert short_title("Pendle") == "Pendle"
    assert short_title("Supercalifragilisticexpialidocious") == "Supercalifragilisti…"
    assert length(short_title("🙂" * 30)) <= MAX_TITLE


def test_more_than_13_choices_keeps_13_as_quick_replies_and_names_the_rest_in_the_text() -> None:
    buttons = [{"title": f"Choice {n}", "payload": f"/choice_{n}"} for n in range(1, 16)]
    replies, left_over = quick_replies(buttons)
    assert [reply["title"] for reply in replies] == [f"Choice {n}" for n in range(1, 14)]
    assert left_over == ["Choice 14", "Choice 15"]
    (message,) = messages_with_buttons("Pick one.", buttons)
    assert message["text"].startswith("Pick one.")
    assert "Choice 14, Choice 15" in message["text"]
    assert len(message["quick_replies"]) == MAX_QUICK_REPLIES


def test_choices_beyond_the_limit_are_named_in_the_conversations_language() -> None:
    buttons = [{"title": f"Choice {n}", "payload": f"/choice_{n}"} for n in range(1, 16)]
    (english,) = messages_with_buttons("Pick one.", buttons)
    assert english["text"].endswith("You can also type one of these: Choice 14, Choice 15.")
    (polish,) = messages_with_buttons("Wybierz.", buttons, "pl")
    assert polish["text"].endswith(": Choice 14, Choice 15.")
    assert "You can also type" not in polish["text"]


def test_every_route_fits_messenger_and_says_everything_in_order(directory: Directory) -> None:
    for concern_id in directory.concerns:
        for borough in [None, *directory.boroughs]:
            text = route_text(directory, concern_id, borough)
            parts = split_text(text)
            assert all(0 < length(part) <= MAX_TEXT for part in parts)
            assert " ".join(" ".join(parts).split()) == " ".join(text.split())


def test_a_long_reply_is_split_at_paragraphs_and_the_buttons_go_on_the_last_part() -> None:
    paragraphs = [f"Paragraph {n}. " + "Words to read. " * 40 for n in range(8)]
    text = "\n\n".join(paragraph.strip() for paragraph in paragraphs)
    assert length(text) > MAX_TEXT
    messages = messages_with_buttons(text, [{"title": "Yes", "payload": "/affirm"}])
    assert len(messages) > 1
    assert all(length(m["text"]) <= MAX_TEXT for m in messages)
    assert all(m["text"].startswith("Paragraph") for m in messages)  # cut between paragraphs
    assert [("quick_replies" in m) for m in messages] == [False] * (len(messages) - 1) + [True]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=9000))
def test_any_text_splits_into_parts_within_the_limit_losing_nothing(text: str) -> None:
    parts = split_text(text)
    assert all(0 < length(part) <= MAX_TEXT for part in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())
