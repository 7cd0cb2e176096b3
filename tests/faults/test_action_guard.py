"""The action guard's pieces that need no server: reply validation and the per-turn apology."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.routing.service_faults import RESPONSE
from csp_components.server import action_guard


def test_action_server_replies_are_still_checked_against_rasa_schema() -> None:
    action_guard.install()
    action = RemoteAction("action_route_concern", None)
    good = {"events": [{"event": "slot", "name": "borough", "value": "pendle"}], "responses": []}
    assert action._validate_action_result(good) is True
    for bad in ({"events": "not a list"}, {"events": [{"event": "no_such_event"}]}):
        with pytest.raises(ValidationError):
            action._validate_action_result(bad)


def test_the_timeout_comes_from_the_endpoint_configuration() -> None:
    configured = RemoteAction("a", EndpointConfig(url="http://x/webhook", timeout=2.5))
    assert action_guard.action_timeout(configured) == 2.5
    default = RemoteAction("a", EndpointConfig(url="http://x/webhook"))
    assert action_guard.action_timeout(default) == action_guard.DEFAULT_TIMEOUT_SECONDS


def test_one_apology_per_turn() -> None:
    apology = BotUttered("sorry", metadata={"utter_action": RESPONSE})
    earlier = [UserUttered("hi"), apology, ActionExecuted("action_listen")]
    assert action_guard.apologised_this_turn(
        DialogueStateTracker.from_events("s", [*earlier, UserUttered("again"), apology], [])
    )
    assert not action_guard.apologised_this_turn(
        DialogueStateTracker.from_events("s", [*earlier, UserUttered("again")], [])
    )
