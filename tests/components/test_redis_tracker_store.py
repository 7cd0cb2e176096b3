"""The production tracker store on the real Redis: redacted, and expiring by itself."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
import redis

from csp_components.stores.tracker_store import RedactingRedisTrackerStore
from tests.components.test_tracker_store import DOMAIN, conversation


@pytest.mark.redis
def test_redis_keeps_conversations_redacted_with_an_expiry() -> None:
    prefix = f"csptest{uuid.uuid4().hex[:8]}"  # Rasa accepts only alphanumeric prefixes
    store = RedactingRedisTrackerStore(DOMAIN, host="localhost", record_exp=30, key_prefix=prefix)
    client = redis.Redis(host="localhost")
    try:
        asyncio.run(store.save(conversation("carol")))
        (key,) = client.keys(f"{prefix}*")
        kept = client.get(key).decode()
        assert 0 < client.ttl(key) <= 30
        for detail in ("Dave", "07700", "14 Acacia", "BB5 0AA", "203.0.113.9"):
            assert detail not in kept
        events = json.loads(kept)["events"]
        assert any(event["event"] == "user" for event in events)
        assert asyncio.run(store.retrieve("carol")) is not None
    finally:
        for key in client.keys(f"{prefix}*"):
            client.delete(key)
