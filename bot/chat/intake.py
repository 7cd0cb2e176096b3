"""Checking a chat request before the assistant reads it: one place for every input rule.

The REST channel (csp_components/channels/rest.py) hands the raw request here and gets back either a
clean message or a refusal with an HTTP status and a reason a developer can act on. Nothing here
knows about Rasa. The limits are documented in docs/deploy.md ("Input limits").
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.settings import Settings

MAX_BODY_BYTES = 16 * 1024  # a whole request: message, sender and any metadata
MAX_MESSAGE_CHARS = 2000  # far more than anyone types to say what is wrong
# Brackets inside brackets: a chat request needs 3 ({"metadata": {...}}); Python's JSON reader
# would recurse until RecursionError (a 500) at about 1,000, and Rasa writes the metadata back
# out with the conversation, so anything deeper is refused before it is parsed.
MAX_JSON_DEPTH = 16
# Digits in one JSON number: Python refuses to read integers of more than 4,300 digits (a
# ValueError that is not a JSONDecodeError) and no field of a chat request needs more than a few.
MAX_NUMBER_DIGITS = 100
NUMBER_BYTES = frozenset(b"0123456789.eE+-")
SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")
# A client's name for one message, the same when it sends that message again after a failure,
# so that a message the assistant did take is answered again rather than read twice
# (csp_components/server/resend.py).
MESSAGE_ID_PATTERN = SENDER_PATTERN
# Bidirectional overrides and isolates can make text read differently from what it is
# ("Trojan Source"); right-to-left scripts such as Urdu need none of them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
KEPT_CONTROLS = frozenset("\n\t")


@dataclass(frozen=True)
class ChatRequest:
    sender: str
    message: str
    metadata: dict[str, Any]
    message_id: str | None = None


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


def clean_text(text: str) -> str:
    """The message as the assistant should read it: NFC, no control characters (but line breaks
    and tabs), no bidirectional overrides, lone surrogates replaced, outer space trimmed."""
    kept = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if category == "Cs":
            kept.append("\ufffd")
        elif (category == "Cc" and char not in KEPT_CONTROLS) or char in BIDI_CONTROLS:
            continue
        else:
            kept.append(char)
    return "".join(kept).strip()


def check_message(message: object) -> str | Refusal:
    """The message cleaned (see clean_text), or why it cannot be read: any channel."""
    if not isinstance(message, str):
        return Refusal(400, "message must be a string")
    text = clean_text(message)
    if not text:
        return Refusal(400, "message is empty")
    if len(text) > MAX_MESSAGE_CHARS:
        return Refusal(413, f"message is longer than {MAX_MESSAGE_CHARS} characters")
    return text


def _scan(raw: bytes) -> tuple[int, int]:
    """How deeply arrays and objects nest in `raw`, and the longest run of number characters,
    both outside strings (a bracket or a digit a resident typed does not count): one pass,
    without parsing, so that a hostile document cannot exhaust the parser's stack."""
    depth = deepest = run = longest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
            continue
        if byte in NUMBER_BYTES:
            run += 1
            longest = max(longest, run)
            continue
        run = 0
        if byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest, longest


def json_depth(raw: bytes) -> int:
    return _scan(raw)[0]


def parse_json(raw: bytes) -> Any | Refusal:
    """A JSON document in UTF-8, or a 400 saying why it cannot be read: for every channel that
    reads JSON itself (REST, Messenger). Never raises."""
    depth, digits = _scan(raw)
    if depth > MAX_JSON_DEPTH:
        return Refusal(400, f"the request nests more than {MAX_JSON_DEPTH} levels deep")
    if digits > MAX_NUMBER_DIGITS:
        return Refusal(400, f"the request has a number longer than {MAX_NUMBER_DIGITS} digits")
    try:
        return json.loads(
            raw.decode("utf-8"), parse_constant=_not_a_number, parse_float=_finite_float
        )
    except UnicodeDecodeError:
        return Refusal(400, "the request is not valid UTF-8")
    except json.JSONDecodeError as error:
        return Refusal(400, f"the request is not valid JSON ({error.msg})")
    except (ValueError, RecursionError):  # belt and braces: the checks above should catch these
        return Refusal(400, "the request is not valid JSON")


def _not_a_number(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise ValueError("number out of range")
    return number


def _media_type(content_type: str) -> tuple[str, str | None]:
    media, _, rest = content_type.partition(";")
    charset = None
    for parameter in rest.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def read_chat_request(content_type: str | None, body: bytes) -> ChatRequest | Refusal:
    """`{"sender": "...", "message": "...", "message_id": "..."?, "metadata": {...}?}` as JSON
    in UTF-8, or why not."""
    media, charset = _media_type(content_type or "")
    if media != "application/json":
        return Refusal(415, "send the message as JSON (Content-Type: application/json)")
    if charset not in (None, "utf-8", "utf8"):
        return Refusal(415, "send JSON in UTF-8")
    if len(body) > MAX_BODY_BYTES:
        return Refusal(413, f"the request is larger than {MAX_BODY_BYTES} bytes")
    document = parse_json(body)
    if isinstance(document, Refusal):
        return document
    if not isinstance(document, dict):
        return Refusal(400, 'send a JSON object: {"sender": "...", "message": "..."}')
    sender = document.get("sender")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        return Refusal(
            400, "sender must be 1 to 128 letters, digits or _ . : @ - (one per conversation)"
        )
    text = check_message(document.get("message"))
    if isinstance(text, Refusal):
        return text
    message_id = document.get("message_id")
    if message_id is not None and (
        not isinstance(message_id, str) or not MESSAGE_ID_PATTERN.match(message_id)
    ):
        return Refusal(
            400,
            "message_id must be 1 to 128 letters, digits or _ . : @ - (the same when a message"
            " is sent again)",
        )
    metadata = document.get("metadata") or {}
    if not isinstance(metadata, dict):
        return Refusal(400, "metadata must be a JSON object")
    try:  # a lone surrogate ("\\ud800") reads as JSON but cannot be stored as UTF-8
        json.dumps(metadata, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return Refusal(400, "metadata must be text that can be written as UTF-8")
    return ChatRequest(sender=sender, message=text, metadata=metadata, message_id=message_id)


def chat_origins(environ: Mapping[str, str] | None = None) -> tuple[str, ...] | None:
    """The web origins allowed to use the chat endpoints (CSP_CHAT_ORIGINS, space-separated, in
    `environ` or the environment), or None when the variable is unset (no allow-list: any
    origin)."""
    configured = Settings.from_environ(environ).csp_chat_origins
    if configured is None:
        return None
    return tuple(origin.rstrip("/") for origin in configured)
