"""The action server reply check accepts and refuses exactly what Rasa's own schema does."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    EntitiesAdded,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from csp_components.server.reply_schema import ReplyValidator

RASA_SCHEMA = RemoteAction.action_response_format_spec()

REAL_EVENTS = [
    SlotSet("borough", "pendle").as_dict(),
    SlotSet("concern", None).as_dict(),
    BotUttered("Ring 101", {"buttons": [{"title": "Yes", "payload": "/affirm"}]}).as_dict(),
    FollowupAction("action_listen").as_dict(),
    ActiveLoop("concern_log_form").as_dict(),
    ActiveLoop(None).as_dict(),
    LoopInterrupted(True).as_dict(),
    AllSlotsReset().as_dict(),
    Restarted().as_dict(),
    SessionStarted().as_dict(),
    ActionExecuted("action_route_concern").as_dict(),
    UserUttered("hello", {"name": "greet", "confidence": 1.0}).as_dict(),
    EntitiesAdded([{"entity": "borough", "value": "burnley"}]).as_dict(),
]

BROKEN_EVENTS: list[Any] = [
    {"event": "no_such_event"},
    {"event": "slot", "name": "borough"},  # no value
    {"event": "slot", "name": 3, "value": "x"},
    {"event": "slot", "value": "x"},
    {"name": "borough", "value": "x"},  # no type at all
    {"event": 7},
    {"event": "bot", "timestamp": "yesterday"},
    {"event": "bot", "metadata": "not an object"},
    {"event": "entities"},
    "slot",
    None,
    [],
]

REPLIES: list[Any] = [
    {"events": [], "responses": []},
    {},
    {"events": REAL_EVENTS, "responses": [{"text": "hi"}, {"template": "utter_x"}]},
    *({"events": [event]} for event in REAL_EVENTS),
    *({"events": [REAL_EVENTS[0], broken]} for broken in BROKEN_EVENTS),
    {"events": "not a list"},
    {"events": None},
    {"responses": ["not an object"]},
    {"responses": {"text": "not a list"}},
    "not an object",
    None,
    [],
]


def accepted_by_rasa(reply: Any) -> bool:
    validator_class = validators.validator_for(RASA_SCHEMA)
    return validator_class(RASA_SCHEMA).is_valid(reply)


def accepted(reply: Any) -> bool:
    try:
        ReplyValidator().validate(reply)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("reply", REPLIES, ids=[str(n) for n in range(len(REPLIES))])
def test_the_same_verdict_as_rasa_schema(reply: Any) -> None:
    assert accepted(reply) == accepted_by_rasa(reply)


def test_both_verdicts_are_exercised() -> None:
    verdicts = [accepted_by_rasa(reply) for reply in REPLIES]
    assert verdicts.count(True) >= len(REAL_EVENTS) + 2
    assert verdicts.count(False) >= len(BROKEN_EVENTS)


def test_a_schema_whose_event_types_are_not_named_is_refused_at_start() -> None:
    schema = copy.deepcopy(RemoteAction.action_response_format_spec())  # Rasa's lists are shared
    unnamed = {"properties": {"name": {"type": "string"}}}
    schema["properties"]["events"]["items"]["oneOf"].append(unnamed)
    with pytest.raises(ValueError, match="does not name its type"):
        ReplyValidator(schema)


def test_rasa_schema_is_left_as_it_was() -> None:
    before = copy.deepcopy(RemoteAction.action_response_format_spec())
    ReplyValidator()
    assert RemoteAction.action_response_format_spec() == before
