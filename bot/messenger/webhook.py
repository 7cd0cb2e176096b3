"""What Meta sends to the webhook: the subscription handshake, and events carrying messages."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def subscription_challenge(params: Mapping[str, str | None], verify_token: str) -> str | None:
    """The hub.challenge to echo when Meta subscribes the webhook with our verify token, else None.

    Never accepts an empty verify token (an unconfigured app would otherwise accept anyone)."""
    token = params.get("hub.verify_token") or ""
    challenge = params.get("hub.challenge")
    if not verify_token or params.get("hub.mode") != "subscribe" or challenge is None:
        return None
    if not hmac.compare_digest(token.encode("utf-8"), verify_token.encode("utf-8")):
        return None
    return challenge


MAX_MID_CHARS = 256


@dataclass(frozen=True)
class IncomingMessage:
    sender_id: str  # the resident's page-scoped id (PSID)
    text: str  # what they typed, or the payload of the quick reply or button they chose
    # Meta's id for the message (`mid`), the same when Meta delivers it again because the
    # webhook did not answer in time; None for a postback that carries none.
    message_id: str | None = None


def _message_of(event: Mapping[str, Any]) -> str | None:
    message = event.get("message")
    if isinstance(message, Mapping):
        if message.get("is_echo"):
            return None  # our own reply, echoed back by Meta
        quick_reply = message.get("quick_reply")
        if isinstance(quick_reply, Mapping) and quick_reply.get("payload"):
            return str(quick_reply["payload"])
        text = message.get("text")
        return str(text) if text else None  # attachments alone carry nothing to answer
    postback = event.get("postback")
    if isinstance(postback, Mapping) and postback.get("payload"):
        return str(postback["payload"])
    return None


def _mid_of(event: Mapping[str, Any]) -> str | None:
    """Meta's id of the message or postback ("m_..."; older ones "mid.$..."), if it has one of
    a sensible length."""
    for kind in ("message", "postback"):
        part = event.get(kind)
        if isinstance(part, Mapping):
            mid = part.get("mid")
            if isinstance(mid, str) and 0 < len(mid) <= MAX_MID_CHARS:
                return mid
    return None


def _list(value: Any) -> list[Any]:
    """A JSON array as a list; anything else (a number, a string, null) as no items."""
    return value if isinstance(value, list) else []


def incoming_messages(payload: Any) -> list[IncomingMessage]:
    """The residents' messages in a webhook payload, in order; other events are skipped."""
    if not isinstance(payload, Mapping) or payload.get("object") != "page":
        return []
    found = []
    for entry in _list(payload.get("entry")):
        if not isinstance(entry, Mapping):
            continue
        for event in _list(entry.get("messaging")):
            if not isinstance(event, Mapping):
                continue
            sender = event.get("sender")
            sender_id = sender.get("id") if isinstance(sender, Mapping) else None
            text = _message_of(event)
            if sender_id and isinstance(sender_id, (str, int)) and text:
                found.append(IncomingMessage(str(sender_id), text, _mid_of(event)))
    return found
