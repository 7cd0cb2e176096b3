"""Finding the answer to a message sent again (csp_components/server/resend.py), without a
server; tests/e2e/test_concern_log.py sends messages twice to the running assistant."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from csp_components.server.resend import replies_to


def test_the_replies_to_a_named_message_are_those_before_the_next_message() -> None:
    route, offer = BotUttered("call 101"), BotUttered("log this?")
    events = [
        ActionExecuted("action_listen"),
        UserUttered("my car was broken into", message_id="m-1"),
        SlotSet("borough", "pendle"),
        route,
        offer,
        ActionExecuted("action_listen"),
        UserUttered("/affirm", message_id="m-2"),
        BotUttered("what is happening?"),
    ]
    assert replies_to(events, "m-1") == [route, offer]
    assert replies_to(events, "m-2") == [BotUttered("what is happening?")]


def test_a_message_not_in_the_conversation_has_no_replies_and_silence_is_kept() -> None:
    events = [UserUttered("hello", message_id="m-1"), ActionExecuted("action_listen")]
    assert replies_to(events, "m-2") is None
    assert replies_to(events, "m-1") == []  # taken and answered with nothing: nothing again
