"""Rasa's JSON schema for an action server reply, checked event by event.

Rasa's schema (`RemoteAction.action_response_format_spec`) says each event is `oneOf` 23 event
schemas, and each of those names its event type with a `const`. jsonschema cannot know that the
types exclude each other, so it checks every event against all 23 (1.8 ms for a reply of four
events: the largest single cost of a turn under load, found with py-spy for `make bench`).

`ReplyValidator` accepts and refuses exactly what the schema does. It checks the reply with the
`oneOf` taken out, then each event against the one schema of its own type; an event of no known
type is refused as `oneOf` refuses it. Both hold because each of Rasa's event schemas requires
its own type by `const` (checked when the validator is built, so a Rasa upgrade that changes
this fails at start-up rather than letting bad replies through).
"""

from __future__ import annotations

import copy
from typing import Any

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction

ONE_OF = "oneOf"


def _validator(schema: dict[str, Any]) -> Any:
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)  # once, not on every reply
    return validator_class(schema)


def _event_type(schema: dict[str, Any]) -> str:
    event = schema.get("properties", {}).get("event", {})
    if "const" not in event:
        raise ValueError(f"an event schema that does not name its type: {schema}")
    return str(event["const"])


class ReplyValidator:
    """Checks a reply as `RemoteAction.action_response_format_spec()` does, faster."""

    def __init__(self, schema: dict[str, Any] | None = None) -> None:
        schema = copy.deepcopy(schema or RemoteAction.action_response_format_spec())
        event_schema = schema["properties"]["events"]["items"]
        each_type = event_schema.pop(ONE_OF)
        by_type = {_event_type(one): one for one in each_type}
        if len(by_type) != len(each_type):
            raise ValueError("two event schemas name the same type")
        self._reply = _validator(schema)  # the reply, each event's shape and `event` a string
        self._events = {name: _validator(one) for name, one in by_type.items()}

    def validate(self, reply: Any) -> None:
        """Raises jsonschema's ValidationError for a reply the schema refuses."""
        self._reply.validate(reply)
        for event in reply.get("events") or []:
            one = self._events.get(event["event"])
            if one is None:
                raise ValidationError(f"{event!r} is not valid under any of the given schemas")
            one.validate(event)
