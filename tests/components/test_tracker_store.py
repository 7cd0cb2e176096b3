"""The tracker store keeps conversations redacted, and forgets them after inactivity."""

from __future__ import annotations

import asyncio
import json

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import paths
from csp_components.tracker_store import RedactingInMemoryTrackerStore

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
