"""The socket.io channel (the web chat widget's), with the same rules as the REST channel.

Rasa's own channel accepts a connection from any web origin (it turns python-engineio's origin
check off so that Rasa's `--cors` headers are not doubled) and passes on whatever arrives. This
subclass, named in credentials.yml as `csp_components.channels.socketio.SocketIOInput`, keeps its
events and session handling and adds:
- connections from a browser page whose Origin is not in CSP_CHAT_ORIGINS are refused
  (browsers do not apply CORS to WebSockets, so the check has to be here);
- messages are cleaned and size-checked by bot/chat/intake.py; one that cannot be read gets a
  `chat_error` event with the reason instead of an answer;
- each conversation is rate-limited like the REST channel's (CSP_RATE_PER_SENDER);
- a turn that fails or runs past CSP_TURN_TIMEOUT_SECONDS gets `utter_service_fault`;
- a conversation carried on after a reload (`show_again` in the session request) gets the help
  already given again (csp_components/channels/show_again.py);
- every bot_uttered message says the language it is in (issue #15), so the widget can give it
  `lang` and `dir` and follow the conversation's language: `language`, the language the reply is
  in (csp_components/nlg/translating_nlg.py passes it to the channel), and
  `text_language: "en"` on the English half of a reply given in both languages (languages.yml's
  `both_languages`: its text parts after the translation; for custom data, the English of
  `warning` and `text` goes into `english`).
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from rasa.shared.core.events import BotUttered, Event
from sanic import Blueprint, Sanic

from bot.chat.intake import Refusal, chat_origins, check_message
from bot.chat.ratelimit import ChatRateLimits
from bot.language.languages import ENGLISH, known, supported
from bot.language.translations import translator
from bot.settings import Settings
from csp_components.channels.show_again import messages_to_show_again
from csp_components.server import action_guard, event_types, startup

logger = logging.getLogger(__name__)

ERROR_EVENT = "chat_error"
SESSION_ID = re.compile(r"[0-9a-f]{32}")  # uuid4().hex, as the channel hands them out
PARAGRAPH = "\n\n"  # Rasa's socket.io channel sends each paragraph of a text as a message
BOTH_LANGUAGE_FIELDS = ("warning", "text")  # the custom data fields said in both languages


def message_language(kwargs: dict[str, Any]) -> str | None:
    """The language a reply is in, as the response generator or the action gave it."""
    code = kwargs.get("language")
    return code if isinstance(code, str) and code in supported() else None


def split_both_languages(text: str, language: str | None) -> tuple[str, str] | None:
    """(the translation, the English) of a reply said in both languages, which is its
    translation, a blank line, then the English (csp_components/nlg/translating_nlg.py); None for
    any other text."""
    if not language or language == ENGLISH:
        return None
    say = translator(language)
    parts = text.strip().split(PARAGRAPH)
    for cut in range(1, len(parts)):
        english = PARAGRAPH.join(parts[cut:])
        translation = PARAGRAPH.join(parts[:cut])
        if say.has(english) and say.text(english) == translation:
            return translation, english
    return None


def text_parts(text: str, kwargs: dict[str, Any]) -> list[dict[str, Any]]:
    """The messages Rasa's channel makes of a text, one a paragraph, each with its language."""
    language = message_language(kwargs)
    tag = {"language": language} if language else {}
    own = kwargs.get("text_language")
    own_tag = {"text_language": own} if isinstance(own, str) and own in supported() else {}
    halves = split_both_languages(text, language)
    if halves is None:
        return [{"text": part, **tag, **own_tag} for part in text.strip().split(PARAGRAPH)]
    translation, english = halves
    return [
        *({"text": part, **tag} for part in translation.split(PARAGRAPH)),
        *({"text": part, **tag, "text_language": ENGLISH} for part in english.split(PARAGRAPH)),
    ]


def data_with_language(data: dict[str, Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    """A custom response's data (a danger reply, a route) with its language added."""
    language = message_language(kwargs)
    if not language:
        return data
    data = {**data, "language": language}
    english = {}
    for field in BOTH_LANGUAGE_FIELDS:
        value = data.get(field)
        halves = split_both_languages(value, language) if isinstance(value, str) else None
        if halves is not None:
            data[field], english[field] = halves
    if english:
        data["english"] = english
    return data


class LanguageSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output channel, with each message's language (issue #15)."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for message in text_parts(text, kwargs):
            await self._send_message(recipient_id, message)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        messages = [{**message, "quick_replies": []} for message in text_parts(text, kwargs)]
        messages[-1]["quick_replies"] = [
            {"content_type": "text", "title": button["title"], "payload": button["payload"]}
            for button in buttons
        ]
        for message in messages:
            await self._send_message(recipient_id, message)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        message = dict(json_message)
        if isinstance(message.get("data"), dict):
            message["data"] = data_with_language(message["data"], kwargs)
        await super().send_custom_json(recipient_id, message, **kwargs)


def with_language_in_data(event: Event, language: str) -> Event:
    """A bot message with its language among its data, where csp_components/channels/show_again.py,
    which passes on a message's data, not its metadata, keeps it."""
    if not isinstance(event, BotUttered) or "language" in event.data:
        return event
    spoken = known(event.metadata.get("language") or language)
    return BotUttered(
        event.text, {**event.data, "language": spoken}, event.metadata, event.timestamp
    )


class SocketIOInput(RasaSocketIOInput):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = Settings.from_environ()
        self.allowed_origins = chat_origins()
        self.by_sender, _ = ChatRateLimits.from_settings(settings).limiters()
        self.turn_timeout = settings.csp_turn_timeout_seconds
        self._app: Sanic | None = None
        action_guard.install()
        event_types.install()

    def get_output_channel(self) -> SocketIOOutput | None:
        if self.sio is None:
            return super().get_output_channel()
        return LanguageSocketIOOutput(self.sio, self.bot_message_evt)

    def _output(self, output: Any) -> Any:
        """Rasa's socket.io output channel (which its handler makes) as the one with languages."""
        if type(output) is SocketIOOutput:
            return LanguageSocketIOOutput(output.sio, output.bot_message_evt)
        return output

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
            output = self._output(message.output_channel)
            cleaned = UserMessage(
                text,
                output,
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
            if apology and output is not None:
                # Made without the conversation (it may be out of reach), so in English: said
                # as English, without changing the language the widget shows.
                await output.send_text_message(message.sender_id, apology, text_language=ENGLISH)

        return handle

    async def _show_again(self, output: LanguageSocketIOOutput, session_id: str) -> None:
        """Sends a resumed conversation's contacts again; nothing if it is gone or new."""
        agent = getattr(self._app.ctx, "agent", None) if self._app else None
        store = getattr(agent, "tracker_store", None)
        if store is None:
            return
        try:
            tracker = await store.retrieve(session_id)
            language = known(tracker.get_slot("language")) if tracker else ENGLISH
            events = [with_language_in_data(e, language) for e in tracker.events] if tracker else []
            for message in messages_to_show_again(events):
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
                await self._show_again(
                    LanguageSocketIOOutput(sio, self.bot_message_evt), session_id
                )

        sio.on("session_request", session_request, namespace=self.namespace)

        startup.register(blueprint)

        @blueprint.listener("before_server_start")
        async def remember_app(app: Sanic, _: Any) -> None:
            self._app = app

        return blueprint
