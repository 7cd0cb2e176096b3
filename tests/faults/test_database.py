"""The concern database down in the middle of a conversation: the resident is told that logging
failed, nothing is half-written, and logging works again as soon as the database is back, with
no restart. (The store's own all-or-nothing behaviour is tested in tests/unit/test_concern_store.py;
this is the same outage as the resident meets it, through the running assistant.)"""

from __future__ import annotations

import pytest

from bot.concern_log.store import ConcernStore
from tests.e2e.conftest import Chat, button_payload, texts
from tests.e2e.test_concern_log import CONVERSATIONS, have_conversation
from tests.faults.rig import Rig

pytestmark = pytest.mark.e2e


def test_logging_fails_cleanly_while_the_database_is_down_and_recovers(faults: Rig) -> None:
    store = ConcernStore(faults.database_url)
    before = store.count()
    conversation = CONVERSATIONS[0]

    chat = Chat(faults.url)
    offer = chat.say(conversation["concern"])
    asked = chat.say(button_payload(offer, "Yes, log it"))
    assert "what is happening" in texts(asked)
    faults.database.cut()
    reply = texts(chat.say(conversation["description"]))
    assert "couldn't log this right now, so nothing was kept" in reply

    faults.database.restore()
    assert store.count() == before  # nothing half-written, nothing at all
    assert "logged anonymously" in have_conversation(Chat(faults.url), conversation)
    assert store.count() == before + 1  # same action server, no restart
    store.engine.dispose()
