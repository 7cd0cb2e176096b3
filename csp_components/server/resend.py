"""A message sent again is answered again, not read twice.

A resident's message can reach the assistant, be answered and kept, and the answer still not
reach them: the Rasa server dies between keeping the conversation and replying, nginx gives up
waiting, the phone loses its signal. They send it again, as the apology asks. Read a second
time, the message lands in a conversation that has moved on: a description for the concern log
arrives after the concern was logged and is routed as a new concern; a "yes" to the offer to
log arrives when the description is asked for and is logged as the description. The resident
never sees "logged" although it was (tests/production/test_process_faults.py found this when a
Rasa server was killed under load).

So a client may name each message (`message_id` in the REST request, bot/chat/intake.py;
Meta's `mid` on Messenger, which Meta keeps when it delivers a message again) and use the same
name when it sends that message again. `install()` wraps Rasa's
`MessageProcessor.handle_message`, which runs while the conversation's lock is held: if the
conversation already has a user message of that name, the replies that followed it are sent
again and nothing else happens. A turn that ended in the apology was never kept
(csp_components/server/action_guard.py), so its resend is read as new, as it should be.
Only messages whose client named them (`ResendableMessage`) are looked up: the others cost no
extra read of the conversation store.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered, Event, UserUttered

logger = logging.getLogger(__name__)

_INSTALLED = "_csp_resend_installed"


class ResendableMessage(UserMessage):
    """A message whose `message_id` the client chose and keeps when it sends the message
    again. `answer_again`: whether a resend gets the replies again (a REST client lost them) or
    nothing (Messenger delivers a message again when the webhook was slow to say it had it; the
    replies went to the resident through Meta's Send API the first time)."""

    def __init__(self, *args: Any, answer_again: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answer_again = answer_again


def replies_to(events: list[Event], message_id: str) -> list[BotUttered] | None:
    """What the assistant said after the user message named `message_id`, up to the next user
    message; None if the conversation has no user message of that name."""
    replies: list[BotUttered] | None = None
    for event in events:
        if isinstance(event, UserUttered):
            if replies is not None:
                break
            if event.message_id == message_id:
                replies = []
        elif replies is not None and isinstance(event, BotUttered):
            replies.append(event)
    return replies


def install() -> None:
    """Answer resent messages from the conversation in this process (idempotent)."""
    if getattr(MessageProcessor.handle_message, _INSTALLED, False):
        return
    unpatched = MessageProcessor.handle_message

    async def handle_once(
        self: MessageProcessor, message: UserMessage
    ) -> list[dict[str, Any]] | None:
        if isinstance(message, ResendableMessage) and message.message_id:
            tracker = await self.tracker_store.retrieve(message.sender_id)
            replies = replies_to(list(tracker.events), message.message_id) if tracker else None
            if replies is not None and not message.answer_again:
                logger.warning("a message delivered again was not read twice")
                return None
            if replies is not None:
                logger.warning("a message sent again was answered again, not read twice")
                for reply in replies:
                    await message.output_channel.send_response(message.sender_id, reply.message())
                if isinstance(message.output_channel, CollectingOutputChannel):
                    return message.output_channel.messages
                return None
        return await unpatched(self, message)

    setattr(handle_once, _INSTALLED, True)
    MessageProcessor.handle_message = handle_once  # type: ignore[method-assign]
