"""The input rules themselves (bot/chat/intake.py), without a server: what is cleaned, what refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat.intake import (
    MAX_BODY_BYTES,
    MAX_MESSAGE_CHARS,
    ChatRequest,
    Refusal,
    chat_origins,
    clean_text,
    json_depth,
    parse_json,
    read_chat_request,
)
from tests.hostile import KNOWN_BAD, hostile_bodies

JSON = "application/json"


def body(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_a_good_request_is_read() -> None:
    chat = read_chat_request(JSON, body(sender="web-1", message="  noisy neighbours  "))
    assert chat == ChatRequest(sender="web-1", message="noisy neighbours", metadata={})


def test_a_message_id_is_read_for_a_message_sent_again() -> None:
    chat = read_chat_request(JSON, body(sender="web-1", message="hi", message_id="m-1"))
    assert isinstance(chat, ChatRequest) and chat.message_id == "m-1"


@pytest.mark.parametrize(
    ("content_type", "raw", "status"),
    [
        ("text/plain", body(sender="a", message="hi"), 415),
        ("application/x-www-form-urlencoded", b"sender=a&message=hi", 415),
        (None, body(sender="a", message="hi"), 415),
        ("application/json; charset=latin-1", body(sender="a", message="hi"), 415),
        (JSON, b"\xff\xfe{not utf-8", 400),
        (JSON, b'{"sender": "a", "message": ', 400),
        (JSON, b"[1, 2]", 400),
        (JSON, body(message="hi"), 400),
        (JSON, body(sender="two words", message="hi"), 400),
        (JSON, body(sender="a" * 129, message="hi"), 400),
        (JSON, body(sender=7, message="hi"), 400),
        (JSON, body(sender="a", message=7), 400),
        (JSON, body(sender="a", message=""), 400),
        (JSON, body(sender="a", message=" \x00\x07\u202e "), 400),
        (JSON, body(sender="a", message="x" * (MAX_MESSAGE_CHARS + 1)), 413),
        (JSON, body(sender="a", message="x" * MAX_BODY_BYTES), 413),
        (JSON, body(sender="a", message="hi", metadata="x"), 400),
        (JSON, body(sender="a", message="hi", message_id=7), 400),
        (JSON, body(sender="a", message="hi", message_id=""), 400),
        (JSON, body(sender="a", message="hi", message_id="a b"), 400),
    ],
)
def test_bad_requests_are_refused_with_a_reason(
    content_type: str | None, raw: bytes, status: int
) -> None:
    refusal = read_chat_request(content_type, raw)
    assert isinstance(refusal, Refusal)
    assert refusal.status == status and refusal.reason


def test_text_is_cleaned_but_scripts_and_emoji_are_kept() -> None:
    assert clean_text("fly\x00tipping\x1b[31m") == "flytipping[31m"
    assert clean_text("line one\nline two\t!") == "line one\nline two\t!"
    assert clean_text("\u202egnilaed\u202c") == "gnilaed"  # no bidirectional overrides
    urdu = "میرے پڑوسی بہت شور کرتے ہیں"
    assert clean_text(urdu) == urdu
    assert clean_text("🚨 drugs 👨‍👩‍👧") == "🚨 drugs 👨‍👩‍👧"  # joiners kept inside emoji
    assert clean_text("bad \ud800 half") == "bad \ufffd half"  # lone surrogate from JSON


@given(st.text())
def test_cleaned_text_always_encodes_and_has_no_control_characters(text: str) -> None:
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # never raises: storable in Redis, PostgreSQL and JSON
    assert not any(ord(c) < 32 and c not in "\n\t" for c in cleaned)


def test_chat_origins_from_the_environment() -> None:
    assert chat_origins({}) is None
    assert chat_origins({"CSP_CHAT_ORIGINS": ""}) == ()
    assert chat_origins({"CSP_CHAT_ORIGINS": "https://a.gov.uk/ http://b:8080"}) == (
        "https://a.gov.uk",
        "http://b:8080",
    )


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (KNOWN_BAD[0], "nests more than"),
        (KNOWN_BAD[1], "nests more than"),
        (KNOWN_BAD[2], "longer than"),
        (KNOWN_BAD[3], "not valid JSON"),
        (KNOWN_BAD[4], "not valid JSON"),
        (KNOWN_BAD[5], "UTF-8"),
        (KNOWN_BAD[6], "not valid UTF-8"),
    ],
    ids=["deep array", "deep metadata", "long number", "huge float", "NaN", "surrogate", "latin-1"],
)
def test_what_broke_the_json_reader_is_refused_with_a_reason(raw: bytes, reason: str) -> None:
    refusal = read_chat_request(JSON, raw)
    assert isinstance(refusal, Refusal) and refusal.status == 400, refusal
    assert reason in refusal.reason


def test_brackets_and_digits_inside_a_message_are_only_text() -> None:
    text = "[[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{{{ " + "9" * 300
    chat = read_chat_request(JSON, body(sender="a", message=text))
    assert isinstance(chat, ChatRequest) and chat.message == text
    assert json_depth(b'{"a": "[[[[\\"[[[["}') == 1


@settings(max_examples=500, deadline=None)
@given(raw=hostile_bodies)
def test_any_body_is_read_or_refused_never_raised(raw: bytes) -> None:
    result = read_chat_request(JSON, raw)
    assert isinstance(result, ChatRequest) or 400 <= result.status < 500
    if isinstance(result, ChatRequest):  # what is let through can be stored and sent back
        json.dumps(result.metadata, ensure_ascii=False, allow_nan=False).encode("utf-8")
        result.message.encode("utf-8")
    assert isinstance(parse_json(raw), (Refusal, dict, list, str, int, float, bool, type(None)))
