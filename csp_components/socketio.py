"""The socket.io channel (the web chat widget's), with the same rules as the REST channel.

Rasa's own channel accepts a connection from any web origin (it turns python-engineio's origin
check off so that Rasa's `--cors` headers are not doubled) and passes on whatever arrives. This
subclass, named in credentials.yml as `csp_components.socketio.SocketIOInput`, keeps its events
and session handling and adds:
- connections from a browser page whose Origin is not in CSP_CHAT_ORIGINS are refused
  (browsers do not apply CORS to WebSockets, so the check has to be here);
- messages are cleaned and size-checked by bot/intake.py; one that cannot be read gets a
  `chat_error` event with the reason instead of an answer;
- each conversation is rate-limited like the REST channel's (CSP_RATE_PER_SENDER);
- a turn that fails or runs past CSP_TURN_TIMEOUT_SECONDS gets `utter_service_fault`;
- a conversation carried on after a reload (`show_again` in the session request) gets the help
  already given again (csp_components/show_again.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint, Sanic

from bot.intake import Refusal, chat_origins, check_message
from bot.ratelimit import ChatRateLimits
from csp_components import action_guard, startup
from csp_components.rest import DEFAULT_TURN_TIMEOUT_SECONDS
from csp_components.show_again import messages_to_show_again

logger = logging.getLogger(__name__)

ERROR_EVENT = "chat_error"
SESSION_ID = re.compile(r"[0-9a-f]{32}")  # uuid4().hex, as the channel hands them out


class SocketIOInput(RasaSocketIOInput):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_origins = chat_origins(dict(os.environ))
        self.by_sender, _ = ChatRateLimits.from_environment().limiters()
        self.turn_timeout = float(
            os.environ.get("CSP_TURN_TIMEOUT_SECONDS", DEFAULT_TURN_TIMEOUT_SECONDS)
        )
        self._app: Sanic | None = None
        action_guard.install()

    def origin_allowed(self, origin: str | None) -> bool:
        """No Origin header means no browser page is asking (or a same-origin request)."""
        if not origin or self.allowed_origins is None:
            return True
        return origin.rstrip("/") in self.allowed_origins

    async def _refuse(self, sender_id: str, reason: str) -> None:
        if self.sio is not None:
            await self.sio.emit(ERROR_EVENT, {"error": reason}, room=sender_id)

    def _guarded(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Callable[[UserMessage], Awaitable[None]]:
        async def handle(message: UserMessage) -> None:
            text = check_message(message.text)
            if isinstance(text, Refusal):
                await self._refuse(message.sender_id, text.reason)
                return
            if self.by_sender is not None and self.by_sender.retry_after(message.sender_id):
                await self._refuse(message.sender_id, "too many messages; wait a moment")
                return
            cleaned = UserMessage(
                text,
                message.output_channel,
                message.sender_id,
                input_channel=self.name(),
                metadata=message.metadata,
            )
            try:
                await asyncio.wait_for(on_new_message(cleaned), self.turn_timeout)
                return
            except asyncio.TimeoutError:
                logger.error("turn took longer than %.1f s", self.turn_timeout)
            except Exception as error:  # e.g. the conversation store is unreachable
                logger.error("turn failed: %s", type(error).__name__)
            agent = getattr(self._app.ctx, "agent", None) if self._app else None
            apology = await action_guard.apology_text(agent, message.sender_id, self.name())
            if apology and message.output_channel is not None:
                await message.output_channel.send_text_message(message.sender_id, apology)

        return handle

    async def _show_again(self, output: SocketIOOutput, session_id: str) -> None:
        """Sends a resumed conversation's contacts again; nothing if it is gone or new."""
        agent = getattr(self._app.ctx, "agent", None) if self._app else None
        store = getattr(agent, "tracker_store", None)
        if store is None:
            return
        try:
            tracker = await store.retrieve(session_id)
            for message in messages_to_show_again(tracker.events if tracker else []):
                await output.send_response(session_id, message)
        except Exception as error:  # the store is down: the conversation carries on without
            logger.error("could not show a resumed conversation again: %s", type(error).__name__)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(self._guarded(on_new_message))
        assert self.sio is not None  # made by the blueprint above
        namespace = self.namespace or "/"
        rasa_connect = self.sio.handlers[namespace]["connect"]

        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            if not self.origin_allowed(environ.get("HTTP_ORIGIN")):
                logger.warning("socket.io connection refused from an origin not allowed")
                return False
            return await rasa_connect(sid, environ, auth)

        self.sio.on("connect", connect, namespace=self.namespace)
        sio = self.sio

        async def session_request(sid: str, data: dict | None) -> None:
            # Rasa's own handler calls python-socketio 5's coroutine `enter_room` without
            # awaiting it, so the socket never joins its session's room and, with
            # session_persistence, never receives a reply (issue #6). Ids are the channel's own.
            session_id = (data or {}).get("session_id")
            resumed = isinstance(session_id, str) and bool(SESSION_ID.fullmatch(session_id))
            if not resumed:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)
            # The widget asks for it after a page reload, not when it reconnects mid-conversation.
            if resumed and self.session_persistence and (data or {}).get("show_again") is True:
                await self._show_again(SocketIOOutput(sio, self.bot_message_evt), session_id)

        sio.on("session_request", session_request, namespace=self.namespace)

        startup.register(blueprint)

        @blueprint.listener("before_server_start")
        async def remember_app(app: Sanic, _: Any) -> None:
            self._app = app

        return blueprint
