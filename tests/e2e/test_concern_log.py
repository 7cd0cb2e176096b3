"""The anonymised concern log through the running assistant, and the leak test.

The leak test plants personal details in whole conversations, logs the concerns, then searches
everything the system keeps or prints: the database, the export, the server logs and the
tracker store. None of the planted details may be found in any of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bot import paths
from bot.concern_log.store import ConcernStore
from bot.language.translations import translator
from tests.e2e.conftest import Assistant, Chat, button_payload, button_titles, texts

pytestmark = pytest.mark.e2e

CONVERSATIONS = [
    {
        "concern": "my neighbour Dave Smith at 14 Acacia Avenue BB5 0AA keeps playing loud music till 4am",
        "description": "his mate parks a white van KX19 ABC outside, ring me on 07700 900123 or dave.smith@example.com",
        "planted": [
            "Dave",
            "Smith",
            "14 Acacia",
            "BB5 0AA",
            "KX19 ABC",
            "07700 900123",
            "dave.smith@example.com",
        ],
        "expect": {"concern_type": "noise", "borough": "hyndburn", "sector": "BB5 0"},
    },
    {
        "concern": "I'm Sarah Oyelaran, my car was broken into last night outside 22 Market Street BB4 7EX",
        "description": "born 12/03/1987, NI number QQ 12 34 56 C, email sarah.oyelaran@example.org, flat 3",
        "planted": [
            "Oyelaran",
            "22 Market",
            "BB4 7EX",
            "12/03/1987",
            "QQ 12 34 56 C",
            "sarah.oyelaran@example.org",
        ],
        "expect": {"concern_type": "vehicle_crime", "borough": "rossendale", "sector": "BB4 7"},
    },
]


def have_conversation(chat: Chat, conversation: dict) -> str:
    first = chat.say(conversation["concern"])
    offer = texts(first)
    assert "log this anonymously" in offer, offer
    asked = chat.say(button_payload(first, "Yes, log it"))
    assert "what is happening" in texts(asked)
    return texts(chat.say(conversation["description"]))


def test_a_logged_concern_is_stored_coarse_and_confirmed(chat: Chat, assistant: Assistant) -> None:
    conversation = CONVERSATIONS[0]
    store = ConcernStore(assistant.database_url)
    before = store.count()
    assert "logged anonymously" in have_conversation(chat, conversation)
    assert store.count() == before + 1
    newest = list(store.rows())[-1]
    assert {key: newest[key] for key in conversation["expect"]} == conversation["expect"]
    assert newest["recurrence"] == "ongoing"
    assert newest["language"] == "en"  # the language the assistant answered in, as a code
    store.engine.dispose()


def test_a_concern_raised_in_shahmukhi_is_logged_as_panjabi(
    chat: Chat, assistant: Assistant
) -> None:
    """The log keeps the language, not the script: Panjabi answered in Shahmukhi is Panjabi."""
    say = translator("pa-Arab").text
    store = ConcernStore(assistant.database_url)
    before = store.count()
    first = chat.say("نیلسن وچ کسے نے رات نوں ساڈی گڈی دا شیشہ توڑ کے اندروں سامان چک لیا")
    asked = chat.say(button_payload(first, say("Yes, log it")))
    logged = texts(chat.say(button_payload(asked, say("Skip"))))
    assert store.count() == before + 1, logged
    newest = list(store.rows())[-1]
    assert (newest["language"], newest["concern_type"]) == ("pa", "vehicle_crime")
    store.engine.dispose()


def test_each_message_sent_again_is_answered_again_not_read_twice(
    chat: Chat, assistant: Assistant
) -> None:
    """A client whose answer was lost sends the message again under the same message_id: the
    same answer comes back and the conversation does not move on (a resent description was
    read as a new concern, a resent "yes" as the description)."""
    store = ConcernStore(assistant.database_url)
    before = store.count()
    first = chat.say(CONVERSATIONS[1]["concern"], "m-1")
    assert chat.say(CONVERSATIONS[1]["concern"], "m-1") == first
    yes = button_payload(first, "Yes, log it")
    asked = chat.say(yes, "m-2")
    assert "what is happening" in texts(asked)
    assert chat.say(yes, "m-2") == asked
    logged = chat.say("the back window smashed, happens every few weeks", "m-3")
    assert "logged anonymously" in texts(logged)
    assert chat.say("the back window smashed, happens every few weeks", "m-3") == logged
    assert store.count() == before + 1
    assert "Yes, log it" in button_titles(chat.say(CONVERSATIONS[1]["concern"], "m-4"))  # new
    user_turns = [
        event for event in assistant.tracker(chat.sender)["events"] if event["event"] == "user"
    ]
    assert [event["message_id"] for event in user_turns] == ["m-1", "m-2", "m-3", "m-4"]
    store.engine.dispose()


def test_declining_the_offer_keeps_nothing(chat: Chat, assistant: Assistant) -> None:
    store = ConcernStore(assistant.database_url)
    before = store.count()
    first = chat.say("someone has sprayed graffiti all over the bus shelter in Colne")
    reply = texts(chat.say(button_payload(first, "No thanks")))
    assert "Nothing has been kept" in reply
    assert store.count() == before
    store.engine.dispose()


def test_no_planted_personal_detail_is_kept_or_printed_anywhere(assistant: Assistant) -> None:
    senders = []
    for conversation in CONVERSATIONS:
        chat = Chat(assistant.url)
        senders.append(chat.sender)
        assert "logged anonymously" in have_conversation(chat, conversation)

    store = ConcernStore(assistant.database_url)
    rows = list(store.rows())
    store.engine.dispose()
    logged = {row["concern_type"] for row in rows}
    assert {c["expect"]["concern_type"] for c in CONVERSATIONS} <= logged
    database = json.dumps(rows, default=str)
    env = {**os.environ, "DATABASE_URL": assistant.database_url}
    export = "".join(
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "concerns", "export", "--format", fmt],
            cwd=paths.PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for fmt in ("csv", "json")
    )
    logs = "".join(path.read_text(errors="replace") for path in assistant.logs.glob("*.log"))
    trackers = "".join(json.dumps(assistant.tracker(sender)) for sender in senders)
    places = {"database": database, "export": export, "logs": logs, "tracker store": trackers}

    # The search is not vacuous: the redacted conversations and descriptions are really there.
    assert "[POSTCODE]" in trackers and "Acacia Avenue" in trackers
    assert "white van" in database and "[PHONE]" in database
    assert "white van" in export

    planted = [item for conversation in CONVERSATIONS for item in conversation["planted"]]
    leaks = [
        (item, where)
        for item in planted
        for where, content in places.items()
        if item.lower() in content.lower()
    ]
    leaks += [
        (sender, where)
        for sender in senders
        for where in ("database", "export")
        if sender in places[where]
    ]
    print(
        f"leak test: {len(planted)} planted identifiers and {len(senders)} sender ids searched in "
        f"{len(places)} places ({', '.join(places)}): {len(leaks)} found"
    )
    assert not leaks, leaks
