"""The tracker store keeps conversations redacted, and forgets them after inactivity."""

from __future__ import annotations

import asyncio
import json

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import paths
from csp_components.stores.tracker_store import RedactedTexts, RedactingInMemoryTrackerStore

DOMAIN = Domain.load(str(paths.PROJECT_ROOT / "domain.yml"))
PII = "ring Dave Smith on 07700 900123 at 14 Acacia Avenue BB5 0AA"


def conversation(sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(
        UserUttered(
            PII,
            intent={"name": "report_noise", "confidence": 0.9},
            entities=[{"entity": "postcode", "value": "BB5 0AA", "start": 48, "end": 55}],
            metadata={"ip": "203.0.113.9"},
        )
    )
    tracker.update(SlotSet("log_description", PII))
    tracker.update(SlotSet("borough", "hyndburn"))
    return tracker


def stored_text(store: RedactingInMemoryTrackerStore, sender: str) -> str:
    tracker = asyncio.run(store.retrieve(sender))
    return json.dumps([event.as_dict() for event in tracker.events])


def test_nothing_typed_is_kept_unredacted() -> None:
    store = RedactingInMemoryTrackerStore(DOMAIN)
    asyncio.run(store.save(conversation("alice")))
    kept = stored_text(store, "alice")
    for detail in ("Dave", "07700", "14 Acacia", "BB5 0AA", "203.0.113.9"):
        assert detail not in kept
    assert "Acacia Avenue" in kept  # the street without its number is still there
    assert "hyndburn" in kept  # slots the assistant chose are kept as they are


def test_later_turns_are_redacted_and_earlier_ones_stay_so() -> None:
    store = RedactingInMemoryTrackerStore(DOMAIN)
    asyncio.run(store.save(conversation("carol")))
    tracker = asyncio.run(store.retrieve("carol"))
    tracker.update(UserUttered("my neighbour Priya Patel is at 3 Mill Lane BB4 7EX again"))
    asyncio.run(store.save(tracker))
    kept = stored_text(store, "carol")
    for detail in ("Dave", "07700", "14 Acacia", "BB5 0AA", "Priya", "Patel", "3 Mill", "BB4 7EX"):
        assert detail not in kept
    assert "Mill Lane" in kept


def test_redacted_texts_keep_no_raw_text_and_skip_only_what_they_made() -> None:
    calls: list[str] = []

    class CountingRedactedTexts(RedactedTexts):
        def redact(self, text: str) -> str:
            calls.append(text)
            return super().redact(text)

    texts = CountingRedactedTexts(limit=2)
    once = texts.redact(PII)
    assert "Dave" not in once and "07700" not in once
    assert texts.redact(once) == once  # known: its own output comes back unchanged
    assert RedactedTexts._digest(PII) not in texts._known  # only digests of output are kept
    texts.redact("first other text")
    texts.redact("second other text")
    assert RedactedTexts._digest(once) not in texts._known  # bounded: the oldest is forgotten
    assert texts.redact(once) == once  # forgotten only means redacting again
    assert texts.redact(PII) == once  # raw text is never skipped: its digest was never kept
    assert len(calls) == 6


def test_conversations_expire_after_inactivity() -> None:
    store = RedactingInMemoryTrackerStore(DOMAIN, expire_after_seconds=0)
    asyncio.run(store.save(conversation("bob")))
    assert asyncio.run(store.retrieve("bob")) is None
    assert not store.store


def test_memory_is_bounded_by_the_number_of_conversations() -> None:
    store = RedactingInMemoryTrackerStore(DOMAIN, max_conversations=2)
    for sender in ("a", "b", "c"):
        asyncio.run(store.save(conversation(sender)))
    assert sorted(store.store) == ["b", "c"]
