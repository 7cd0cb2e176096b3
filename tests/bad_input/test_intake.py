"""The input rules themselves (bot/intake.py), without a server: what is cleaned, what refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.intake import (
    MAX_BODY_BYTES,
    MAX_MESSAGE_CHARS,
    ChatRequest,
    Refusal,
    chat_origins,
    clean_text,
    read_chat_request,
)

JSON = "application/json"


def body(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_a_good_request_is_read() -> None:
    chat = read_chat_request(JSON, body(sender="web-1", message="  noisy neighbours  "))
    assert chat == ChatRequest(sender="web-1", message="noisy neighbours", metadata={})


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
