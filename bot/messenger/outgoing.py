"""Rasa's replies as Messenger Send API message objects, within Messenger's limits.

Limits (Meta's Send API reference): a text message holds at most 2,000 characters; a message
carries at most 13 quick replies, each titled in at most 20 characters with a payload of at
most 1,000. Long text is split at paragraph, then line, then word boundaries. Titles are
shortened at a word with an ellipsis (the payload, which is what Rasa reads, is unchanged).
Choices that cannot be quick replies are named in the text, so none is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.language.catalogue import messenger_words
from bot.language.languages import ENGLISH
from bot.language.translations import translator

MAX_TEXT = 2000
MAX_QUICK_REPLIES = 13
MAX_TITLE = 20
MAX_PAYLOAD = 1000
ELLIPSIS = "…"
MORE_CHOICES = "more_choices"  # its words: data/languages/messenger.yml


def length(text: str) -> int:
    """Characters as Messenger counts them (UTF-16 code units, so emoji count double)."""
    return len(text.encode("utf-16-le")) // 2


def _hard_split(text: str, limit: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for char in text:
        if length(current + char) > limit:
            parts.append(current)
            current = ""
        current += char
    return [*parts, current] if current else parts


def _pack(pieces: Iterable[str], separator: str, limit: int, finer: list[str]) -> list[str]:
    """Joins `pieces` with `separator` into chunks of at most `limit`, splitting any piece that
    is itself too long at the next finer separator."""
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if length(piece) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.extend(_split(piece, limit, finer))
            continue
        candidate = f"{current}{separator}{piece}" if current else piece
        if length(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return chunks


def _split(text: str, limit: int, separators: list[str]) -> list[str]:
    if not separators:
        return _hard_split(text, limit)
    separator, finer = separators[0], separators[1:]
    return _pack(text.split(separator), separator, limit, finer)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """`text` in order, in parts of at most `limit` characters, cut where a reader would."""
    text = text.strip()
    if length(text) <= limit:
        return [text] if text else []
    parts = _split(text, limit, ["\n\n", "\n", " "])
    return [part.strip() for part in parts if part.strip()]


def short_title(title: str, limit: int = MAX_TITLE) -> str:
    title = " ".join(title.split())
    if length(title) <= limit:
        return title
    room = limit - length(ELLIPSIS)
    cut = title
    while length(cut) > room:
        cut = cut[:-1]
    if " " in cut and title[len(cut)] != " ":
        cut = cut.rsplit(" ", 1)[0]  # do not end on part of a word
    return cut.rstrip(" ,;:-") + ELLIPSIS


def quick_replies(buttons: Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, str]], list[str]]:
    """Rasa buttons as Messenger quick replies, and the titles of those that do not fit."""
    replies: list[dict[str, str]] = []
    left_over: list[str] = []
    for button in buttons:
        title, payload = str(button.get("title", "")), str(button.get("payload", ""))
        if not title or not payload:
            continue
        if len(replies) < MAX_QUICK_REPLIES and length(payload) <= MAX_PAYLOAD:
            replies.append(
                {"content_type": "text", "title": short_title(title), "payload": payload}
            )
        else:
            left_over.append(title)
    return replies, left_over


def text_messages(text: str) -> list[dict[str, Any]]:
    return [{"text": part} for part in split_text(text)]


def more_choices_words(language: str = ENGLISH) -> str:
    """Its words for choices beyond the limit, in `language` (data/languages/messenger.yml)."""
    return translator(language).text(messenger_words()[MORE_CHOICES])


def messages_with_buttons(
    text: str, buttons: Iterable[Mapping[str, Any]], language: str = ENGLISH
) -> list[dict[str, Any]]:
    """The text, split to fit, with the buttons as quick replies on its last part; choices
    beyond Messenger's limit are named after the text, in the conversation's language."""
    replies, left_over = quick_replies(buttons)
    if left_over:
        more = more_choices_words(language).format(choices=", ".join(left_over))
        text = f"{text}\n\n{more}"
    messages = text_messages(text) or [{"text": ELLIPSIS}]
    if replies:
        messages[-1]["quick_replies"] = replies
    return messages
