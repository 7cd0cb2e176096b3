"""What the web chat shows again when a resident reloads the page and carries on (issue #19).

Nothing of the conversation is kept on the resident's device (docs/privacy.md): the widget keeps
only the session id. So after a reload the contacts already given are sent again from the
conversation the server holds anyway (redacted, for 30 minutes): the assistant's answers that
carry contacts or 999, then the question it is waiting on, if any. Never what the resident said.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from rasa.shared.core.events import BotUttered, Event, SessionStarted, UserUttered

# The assistant's answers a resident may need again: 999 first, then the doors.
SHOWN_AGAIN = frozenset(
    {
        "utter_emergency",
        "utter_danger_first",
        "utter_self_harm_support",
        "utter_outside_area",
        "utter_outside_area_unnamed",
        "utter_route",
    }
)


def _message(event: BotUttered) -> dict[str, Any]:
    """The message as the output channel was given it (text, buttons, custom...), a copy: the
    channel adds to what it sends."""
    data = {key: copy.deepcopy(value) for key, value in event.data.items() if value is not None}
    return {**data, "text": event.text} if event.text else data


def messages_to_show_again(events: Iterable[Event]) -> list[dict[str, Any]]:
    """From this session's events: the answers in SHOWN_AGAIN, and every message of the last
    answer if it ends with choices (a question still open), in the order they were sent."""
    session: list[Event] = []
    for event in events:
        if isinstance(event, SessionStarted):
            session = []
        else:
            session.append(event)
    last_user = max(
        (i for i, event in enumerate(session) if isinstance(event, UserUttered)), default=-1
    )
    last_answer = [e for e in session[last_user + 1 :] if isinstance(e, BotUttered)]
    open_question = bool(last_answer) and bool(last_answer[-1].data.get("buttons"))
    shown: list[dict[str, Any]] = []
    for i, event in enumerate(session):
        if not isinstance(event, BotUttered):
            continue
        kept = event.metadata.get("utter_action") in SHOWN_AGAIN
        if kept or (open_question and i > last_user):
            shown.append(_message(event))
    return shown
