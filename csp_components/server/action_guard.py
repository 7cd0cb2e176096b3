"""No silence and no long wait when the action server is down, failing or slow.

What Rasa 3.6 does by itself (rasa/core/actions/action.py `RemoteAction.run`,
rasa/core/processor.py `_run_action`): it waits up to 5 minutes (`DEFAULT_REQUEST_TIMEOUT`) for
a custom action; when the call fails it logs the exception, drops the action's events and goes
on, so the resident gets no reply at all for that turn. The action endpoint has no timeout
setting of its own in 3.6.

`install()` wraps `RemoteAction.run` (the one method behind custom actions, form validation
and custom slot mappings) so that each call is cut off after the `timeout` given for
`action_endpoint` in endpoints.yml (default DEFAULT_TIMEOUT_SECONDS), and a failed or cut-off
call says `utter_service_fault` instead: sorry, 999, 101 and the council's number. One apology
per turn: after a failure the turn's other custom actions are skipped without calling the server.
Rejections (a form's validation saying no) are the action server working, and pass through.

A turn that ended in that apology is not kept: `install()` also wraps
`MessageProcessor.save_tracker` so that such a turn leaves the stored conversation as it was
before the message, as if the message had never arrived (which is also what happens when a
Rasa server dies mid-turn). The apology asks the resident to try again, and the resent message
must be read in the same place: a "yes" to the offer to log, a description for the form. Kept,
the half-done turn (its actions' events dropped, a form left half-way) made the resend read
out of place, so the concern was never logged. The concern log's idempotency key counts the
conversation's turns (actions/tracker_reading.py `turn_id`), so a resent turn whose first try
did reach the database is still stored once.

It also makes Rasa check each action server reply against its JSON schema with validators
built once (reply_schema.py). Rasa 3.6 calls `jsonschema.validate`, which with jsonschema 4.17
checks the schema itself against the meta-schema on every call: about 170 ms of CPU per custom
action call, the largest single cost of a turn (found by profiling for `make bench`;
docs/benchmarks.md).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from jsonschema import ValidationError
from rasa.core.actions.action import (
    ActionExecutionRejection,
    RemoteAction,
    create_bot_utterance,
)
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.routing.directory import load_directory
from bot.routing.service_faults import RESPONSE, apology_values
from csp_components.server.reply_schema import ReplyValidator

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 5.0
_GUARDED = "_csp_guarded"


def action_timeout(action: RemoteAction) -> float:
    """The `timeout` set for `action_endpoint` in endpoints.yml, in seconds."""
    endpoint = action.action_endpoint
    configured = endpoint.kwargs.get("timeout") if endpoint is not None else None
    return float(configured) if configured else DEFAULT_TIMEOUT_SECONDS


def apologised_this_turn(tracker: DialogueStateTracker) -> bool:
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and event.metadata.get("utter_action") == RESPONSE:
            return True
    return False


async def apology(nlg: Any, tracker: DialogueStateTracker, channel_name: str) -> dict[str, Any]:
    """`utter_service_fault` filled in for this conversation ({} if the model lacks it)."""
    values = apology_values(load_directory(), tracker.get_slot("borough"))
    draft = await nlg.generate(RESPONSE, tracker, channel_name, **values)
    return {**draft, "utter_action": RESPONSE} if draft else {}


async def apology_text(agent: Any, sender_id: str, channel_name: str) -> str | None:
    """The apology for a turn that failed outside any action (e.g. the conversation store is
    down), when the conversation itself may be out of reach: it names all five councils."""
    if agent is None or agent.domain is None:
        return None
    tracker = DialogueStateTracker.from_events(sender_id, [], agent.domain.slots)
    try:
        return (await apology(agent.nlg, tracker, channel_name)).get("text")
    except Exception as error:  # the apology must not become the failure
        logger.error("could not build the apology: %s", type(error).__name__)
        return None


def install() -> None:
    """Guard every custom action call in this process (idempotent)."""
    if getattr(RemoteAction.run, _GUARDED, False):
        return
    unguarded = RemoteAction.run
    reply_validator = ReplyValidator()

    def validate_reply(self: RemoteAction, result: dict[str, Any]) -> bool:
        """Rasa's `_validate_action_result`, with the same error, without the schema check."""
        try:
            reply_validator.validate(result)
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, make sure your response "
                "from the Action endpoint is valid."
            )
            raise
        return True

    async def guarded_run(
        self: RemoteAction,
        output_channel: Any,
        nlg: Any,
        tracker: DialogueStateTracker,
        domain: Any,
    ) -> list[Event]:
        if apologised_this_turn(tracker):
            return []
        timeout = action_timeout(self)
        try:
            return await asyncio.wait_for(
                unguarded(self, output_channel, nlg, tracker, domain), timeout
            )
        except ActionExecutionRejection:
            raise
        except asyncio.TimeoutError:
            logger.error("custom action %s took longer than %.1f s", self.name(), timeout)
        except Exception as error:  # whatever went wrong, the resident gets an answer
            logger.error("custom action %s failed: %s", self.name(), type(error).__name__)
        message = await apology(nlg, tracker, output_channel.name())
        return [create_bot_utterance(message)] if message else []

    unguarded_save = MessageProcessor.save_tracker

    async def save_unless_failed(self: MessageProcessor, tracker: DialogueStateTracker) -> None:
        if apologised_this_turn(tracker):
            logger.warning("a turn ended in the apology and was not kept, so it can be resent")
            return
        await unguarded_save(self, tracker)

    setattr(guarded_run, _GUARDED, True)
    RemoteAction.run = guarded_run  # type: ignore[method-assign]
    RemoteAction._validate_action_result = validate_reply  # type: ignore[method-assign]
    MessageProcessor.save_tracker = save_unless_failed  # type: ignore[method-assign]
