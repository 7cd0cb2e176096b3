"""The assistant's replies as the web chat receives them, made as Rasa makes them (domain.yml's
responses through the project's response generator, into bot events, then out through the
socket.io channel), with no server and no model: for tests of the channel and of the widget."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any, TypeVar

from rasa.core.actions.action import create_bot_utterance
from rasa.core.channels.socketio import SocketIOOutput
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot import paths
from csp_components.channels.socketio import LanguageSocketIOOutput
from csp_components.nlg.translating_nlg import TranslatingNLG

EVENT = "bot_uttered"
ROOM = "0" * 32
T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Runs `coroutine` in a thread of its own: Playwright's sync API keeps an event loop
    running in the tests' thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class RecordingServer:
    """Stands in for python-socketio's server: keeps what would be emitted."""

    def __init__(self) -> None:
        self.emitted: list[dict[str, Any]] = []

    async def emit(self, event: str, data: Any = None, room: str | None = None, **_: Any) -> None:
        assert event == EVENT and room == ROOM
        self.emitted.append(data)


@cache
def domain() -> Domain:
    return Domain.load(str(paths.PROJECT_ROOT / "domain.yml"))


def said(
    response: str,
    language: str | None,
    output: type[SocketIOOutput] = LanguageSocketIOOutput,
    **values: Any,
) -> list[dict[str, Any]]:
    """What the web chat receives when the assistant gives `response` in `language` (the
    `language` slot; None: unset), with `values` for its {placeholders}."""
    events = [SlotSet("language", language)] if language else []
    tracker = DialogueStateTracker.from_events("someone", events, domain().slots)
    nlg = TranslatingNLG(domain=domain())
    generated = run(nlg.generate(response, tracker, "socketio", **values))
    assert generated is not None, response
    message = create_bot_utterance({**generated, "utter_action": response}).message()
    server = RecordingServer()
    run(output(server, EVENT).send_response(ROOM, message))  # type: ignore[arg-type]
    return server.emitted


def socketio_variant(response: str) -> dict[str, Any]:
    """domain.yml's web chat variant of `response`."""
    (variant,) = [v for v in domain().responses[response] if v.get("channel") == "socketio"]
    return variant
