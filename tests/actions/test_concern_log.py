"""The logging actions against a real SQLite store (and a database that cannot be reached)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from actions.concern_log import ActionDeclineLog, ActionLogConcern, ValidateLogDescriptionForm
from bot.concern_log.store import ConcernStore, concern_store
from tests.actions.test_actions import responses, run, slots_set, tracker
from tests.databases import sqlite_url

SLOTS = {
    "concern": "fly_tipping",
    "borough": "rossendale",
    "place": "Bacup",
    "sector": "OL13 9",
    "recurrence": "ongoing",
    "log_description": "mattresses dumped by the river, ring Dave on 07700 900123",
}


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ConcernStore]:
    monkeypatch.setenv("DATABASE_URL", sqlite_url(tmp_path))
    concern_store.cache_clear()
    yield concern_store()
    concern_store.cache_clear()


def logging_turn(message_id: str = "abc123", **slots: object):
    t = tracker("/deny", "deny", slots={**SLOTS, **slots})
    t.latest_message["message_id"] = message_id
    return t


def test_logging_stores_a_redacted_record_then_confirms(database: ConcernStore) -> None:
    messages, events = run(ActionLogConcern(), logging_turn())
    assert responses(messages) == ["utter_logged"]
    (row,) = list(database.rows())
    assert (row["concern_type"], row["borough"], row["sector"]) == (
        "fly_tipping",
        "rossendale",
        "OL13 9",
    )
    assert "07700" not in row["description"] and "Dave" not in row["description"]
    assert slots_set(events) == {"log_offered": False, "log_description": None}


@pytest.mark.parametrize(
    ("slot", "kept"),
    [("pl", "pl"), ("ur", "ur"), ("bn", "bn"), (None, "en"), ("xx", "en"), ("Polish", "en")],
)
def test_the_conversations_language_is_kept_as_a_supported_code(
    database: ConcernStore, slot: object, kept: str
) -> None:
    """The language the assistant answered in: the `language` slot, English when unset, and
    English for anything that is not a supported code (never refused: the concern is kept)."""
    messages, _ = run(ActionLogConcern(), logging_turn(language=slot))
    assert responses(messages) == ["utter_logged"]
    (row,) = list(database.rows())
    assert row["language"] == kept


def test_a_retried_logging_turn_is_stored_once(database: ConcernStore) -> None:
    run(ActionLogConcern(), logging_turn())
    messages, _ = run(ActionLogConcern(), logging_turn())
    assert responses(messages) == ["utter_logged"]
    assert database.count() == 1


def test_a_turn_sent_again_after_its_server_died_is_stored_once(database: ConcernStore) -> None:
    """Rasa gives the resent turn a new message id; the conversation is where it was, because
    the first attempt's server died before saving it. A later turn is a new concern."""
    started = {"event": "action", "name": "action_session_start", "timestamp": 1764633600.5}
    before = [started, {"event": "user", "text": "/affirm"}]

    def turn(message_id: str, events: list[dict]) -> object:
        t = tracker("/deny", "deny", slots=SLOTS, events=events)
        t.latest_message["message_id"] = message_id
        return t

    first = [*before, {"event": "user", "text": "/deny"}]
    run(ActionLogConcern(), turn("first-attempt", first))
    messages, _ = run(ActionLogConcern(), turn("resent-elsewhere", first))
    assert responses(messages) == ["utter_logged"] and database.count() == 1
    later = [*first, {"event": "user", "text": "another"}, {"event": "user", "text": "/deny"}]
    run(ActionLogConcern(), turn("later", later))
    assert database.count() == 2


def test_an_unreachable_database_is_told_and_nothing_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://postgres@127.0.0.1:9/none")
    concern_store.cache_clear()
    try:
        messages, events = run(ActionLogConcern(), logging_turn())
    finally:
        concern_store.cache_clear()
    assert responses(messages) == ["utter_log_failed"]
    assert slots_set(events)["log_offered"] is False


def test_declining_keeps_nothing(database: ConcernStore) -> None:
    messages, _ = run(ActionDeclineLog(), tracker("no", "deny", slots=SLOTS))
    assert responses(messages) == ["utter_log_declined"]
    assert database.count() == 0


def test_the_description_is_redacted_as_soon_as_it_arrives() -> None:
    validated = ValidateLogDescriptionForm().validate_log_description(
        "my neighbour Dave Smith at 14 Church Street", None, None, {}
    )
    assert "Dave" not in validated["log_description"]
    assert "14" not in validated["log_description"]
    assert "Church Street" in validated["log_description"]
