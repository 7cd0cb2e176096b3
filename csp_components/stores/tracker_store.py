"""Tracker stores that keep no raw copy of what residents typed.

Rasa keeps each conversation in a tracker store between turns. These stores redact every
user message (text, parse data, entity values), every free-text slot and drop channel
metadata before anything is kept, so the only raw text is the message being answered, in
memory, for the length of one turn. Conversations also expire:
- RedactingInMemoryTrackerStore (embedded default): dropped after `expire_after_seconds` of
  inactivity, and at most `max_conversations` kept, so memory stays bounded;
- RedactingRedisTrackerStore (production): Redis's own expiry (`record_exp`).
Named by module path in endpoints.yml. Rasa silently falls back to its plain in-memory store
when such a path cannot be imported, so tests check the redaction through the running server.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.redaction import redactor

# Slots that hold what the resident typed, rather than values the assistant chose.
FREE_TEXT_SLOTS = frozenset({"log_description"})
# Redaction passes over a new text in one save, looking for a text the redactor leaves as is.
MAX_PASSES = 3


class RedactedTexts:
    """Redaction that remembers what it has already produced, so that a conversation's history,
    redacted when it was first saved, is not redacted again on every later turn (that was most
    of the cost of a save). Only digests of redacted output are kept, never raw text, and at
    most `limit` of them; a forgotten one just means redacting again.

    Each new text is redacted until the redactor leaves it unchanged, so a text whose digest is
    known is one the redactor would not change: skipping it loses nothing.
    """

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self._known: OrderedDict[bytes, None] = OrderedDict()

    @staticmethod
    def _digest(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def redact(self, text: str) -> str:
        digest = self._digest(text)
        if digest in self._known:
            self._known.move_to_end(digest)
            return text
        for _ in range(MAX_PASSES):
            redacted = redactor().redact(text)
            if redacted == text:
                break
            text = redacted
        else:
            return text  # still changing: not remembered, so redacted again next time
        self._known[self._digest(text)] = None
        while len(self._known) > self.limit:
            self._known.popitem(last=False)
        return text


_redacted_texts = RedactedTexts()


def _redact(text: str) -> str:
    return _redacted_texts.redact(text)


def _redact_user_event(event: dict[str, Any]) -> dict[str, Any]:
    event = dict(event)
    if event.get("text"):
        event["text"] = _redact(event["text"])
    parse_data = dict(event.get("parse_data") or {})
    if parse_data.get("text"):
        parse_data["text"] = _redact(parse_data["text"])
    parse_data["entities"] = [
        {**entity, "value": _redact(str(entity.get("value", "")))}
        for entity in parse_data.get("entities") or []
    ]
    parse_data.pop("metadata", None)  # channel metadata can carry addresses and ids
    event["parse_data"] = parse_data
    event["metadata"] = {}
    return event


def redact_events(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    redacted = []
    for event in events:
        if event.get("event") == "user":
            event = _redact_user_event(event)
        elif (
            event.get("event") == "slot"
            and event.get("name") in FREE_TEXT_SLOTS
            and isinstance(event.get("value"), str)
        ):
            event = {**event, "value": _redact(event["value"])}
        redacted.append(event)
    return redacted


def redacted_tracker(tracker: DialogueStateTracker, domain: Domain) -> DialogueStateTracker:
    events = redact_events(event.as_dict() for event in tracker.events)
    return DialogueStateTracker.from_dict(tracker.sender_id, events, domain.slots)


def serialised_redacted(tracker: DialogueStateTracker) -> str:
    """What InMemoryTrackerStore.serialise_tracker makes of the redacted tracker, made straight
    from the redacted events (rebuilding a tracker from them first costs as much again)."""
    events = redact_events(event.as_dict() for event in tracker.events)
    return json.dumps({"events": events, "name": tracker.sender_id})


class RedactingInMemoryTrackerStore(InMemoryTrackerStore):
    def __init__(
        self,
        domain: Domain,
        expire_after_seconds: float = 1800,
        max_conversations: int = 100_000,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)
        super().__init__(domain, **kwargs)
        redactor()  # built at start-up, not in a resident's first turn
        self.expire_after_seconds = float(expire_after_seconds)
        self.max_conversations = int(max_conversations)
        self._last_active: OrderedDict[str, float] = OrderedDict()

    async def save(self, tracker: DialogueStateTracker) -> None:
        if self.event_broker is not None:  # streams what is saved: the redacted events
            await super().save(redacted_tracker(tracker, self.domain))
        else:
            self.store[tracker.sender_id] = serialised_redacted(tracker)
        self._last_active[tracker.sender_id] = time.monotonic()
        self._last_active.move_to_end(tracker.sender_id)
        self._expire()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        self._expire()
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        self._expire()
        return await super().retrieve_full_tracker(sender_id)

    def _expire(self) -> None:
        cutoff = time.monotonic() - self.expire_after_seconds
        while self._last_active:
            sender_id, last_active = next(iter(self._last_active.items()))
            if last_active >= cutoff and len(self._last_active) <= self.max_conversations:
                break
            self._last_active.popitem(last=False)
            self.store.pop(sender_id, None)


class RedactingRedisTrackerStore(RedisTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        redactor()  # built at start-up, not in a resident's first turn

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        await super().save(redacted_tracker(tracker, self.domain), timeout)
