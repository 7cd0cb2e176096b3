"""The REST channel, hardened: Rasa's `rest` channel with the project's input rules.

Same address and contract as Rasa's own (POST /webhooks/rest/webhook with
`{"sender", "message", "metadata"?}`, answered with a JSON list of messages), plus:
- an optional `message_id`, kept when a client sends a message again after a failure: a
  message the assistant already took is answered again, not read twice
  (csp_components/server/resend.py);
- bad requests get a clear 4xx with `{"error": "..."}` (bot/chat/intake.py has every rule):
  415 not JSON, 413 too large, 400 malformed, empty or without a proper sender;
- 429 with Retry-After when a conversation or a network address sends too fast
  (bot/chat/ratelimit.py; limits from CSP_RATE_PER_SENDER and CSP_RATE_PER_ADDRESS), or sends a
  message while two of its messages are still being answered;
- a turn that fails (e.g. the conversation store is down) or runs past CSP_TURN_TIMEOUT_SECONDS
  answers 503 with whatever was already said and `utter_service_fault` (999, 101, the councils),
  never a bare 500, never silence;
- nothing the resident typed is logged (Rasa's channel logs the text when a turn fails);
- the input channel is always "rest" (Rasa's lets the caller name one);
- API security headers on every answer.
Its constructor also installs the action-server guard (csp_components/server/action_guard.py) and
the resend check for the whole Rasa process, and its blueprint the start-up heap freeze
(csp_components/server/startup.py).
Named in credentials.yml as `csp_components.channels.rest.RestInput`.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.chat.intake import Refusal, read_chat_request
from bot.chat.ratelimit import ChatRateLimits, RateLimiter
from bot.settings import DEFAULTS, Settings
from csp_components.server import action_guard, event_types, resend, startup
from csp_components.server.resend import ResendableMessage

logger = logging.getLogger(__name__)

DEFAULT_TURN_TIMEOUT_SECONDS = DEFAULTS.csp_turn_timeout_seconds
# How long nginx waits for a turn (its proxy_read_timeout, CSP_NGINX_WAIT_SECONDS) before it
# gives the resident the apology. nginx stamps each turn with when it took it (X-Request-Start);
# a turn must end, answered or cut off unsaved, before nginx gives up on it, or the resident
# would be answered by nobody and their resent turn written a second time. So a turn gets
# what is left of nginx's wait (at most the turn timeout), and one that arrives with less than
# MIN_TURN_SECONDS left (its server was frozen or swamped) is dropped unread.
DEFAULT_NGINX_WAIT_SECONDS = DEFAULTS.csp_nginx_wait_seconds
MIN_TURN_SECONDS = 2.0
MARGIN_SECONDS = 0.5  # for the answer to travel back to nginx
# Turns of one conversation are answered one at a time; one may wait while another is answered,
# more are turned away at once (429) rather than queue towards the turn timeout.
MAX_TURNS_IN_FLIGHT = 2
# What a JSON API should say about itself to a browser: no sniffing, no framing, no caching
# (answers are parts of a conversation), no referrer.
API_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> HTTPResponse:
    return response.json(body, status=status, headers={**API_HEADERS, **(headers or {})})


def turn_budget(header: str | None, now: float, turn_timeout: float, nginx_wait: float) -> float:
    """Seconds this turn may take: the turn timeout, or less when nginx took the turn a while
    ago (`X-Request-Start: t=<epoch seconds>`) and will give up on it sooner. Without a
    readable header (the embedded profile, no nginx), the turn timeout."""
    if not header or not header.startswith("t="):
        return turn_timeout
    try:
        left = float(header[2:]) + nginx_wait - MARGIN_SECONDS - now
    except ValueError:
        return turn_timeout
    return min(turn_timeout, left) if math.isfinite(left) else turn_timeout


def _too_fast(seconds: float, what: str) -> HTTPResponse:
    wait = max(1, math.ceil(seconds))
    return _json(
        {"error": f"too many messages from this {what}; try again in {wait} s"},
        status=429,
        headers={"Retry-After": str(wait)},
    )


class RestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        settings = Settings.from_environ()
        self.by_sender, self.by_address = ChatRateLimits.from_settings(settings).limiters()
        self.turn_timeout = settings.csp_turn_timeout_seconds
        self.nginx_wait = settings.csp_nginx_wait_seconds
        self.in_flight: dict[str, int] = {}
        action_guard.install()
        event_types.install()
        resend.install()

    def _limited(self, limiter: RateLimiter | None, key: str, what: str) -> HTTPResponse | None:
        if limiter is None:
            return None
        wait = limiter.retry_after(key)
        return _too_fast(wait, what) if wait else None

    async def _apology(self, request: Request, sender: str) -> list[dict[str, Any]]:
        text = await action_guard.apology_text(request.app.ctx.agent, sender, self.name())
        return [{"recipient_id": sender, "text": text}] if text else []

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("csp_rest_webhook", __name__)
        startup.register(webhook)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            """The readiness check (the supervisor's, nginx's through it): ok once the model
            is loaded and turns can be answered."""
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return _json({"status": "starting"}, status=503)
            return _json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            budget = turn_budget(
                request.headers.get("x-request-start"),
                time.time(),
                self.turn_timeout,
                self.nginx_wait,
            )
            if budget < MIN_TURN_SECONDS:
                logger.warning("dropped a turn that arrived too late to be answered in time")
                return _json({"error": "this turn waited too long and was dropped"}, status=408)
            chat = read_chat_request(request.headers.get("content-type"), request.body or b"")
            if isinstance(chat, Refusal):
                return _json({"error": chat.reason}, status=chat.status)
            # Each conversation's own limit first, so that one conversation sending too fast
            # does not use up the allowance of everyone sharing its address (a library).
            sender_limited = self._limited(self.by_sender, chat.sender, "conversation")
            if sender_limited:
                return sender_limited
            address_limited = self._limited(self.by_address, request.ip or "?", "address")
            if address_limited:
                return address_limited
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return _json({"error": "the assistant is starting"}, status=503)
            if self.in_flight.get(chat.sender, 0) >= MAX_TURNS_IN_FLIGHT:
                return _too_fast(1, "conversation while earlier ones are answered")
            collector = CollectingOutputChannel()
            message = (ResendableMessage if chat.message_id else UserMessage)(
                chat.message,
                collector,
                chat.sender,
                input_channel=self.name(),
                metadata=chat.metadata,
                message_id=chat.message_id,
            )
            self.in_flight[chat.sender] = self.in_flight.get(chat.sender, 0) + 1
            try:
                await asyncio.wait_for(on_new_message(message), budget)
            except asyncio.TimeoutError:
                logger.error("turn took longer than %.1f s", budget)
            except Exception as error:  # e.g. the conversation store is unreachable
                logger.error("turn failed: %s", type(error).__name__)
            else:
                return _json(collector.messages)
            finally:
                self.in_flight[chat.sender] -= 1
                if not self.in_flight[chat.sender]:
                    del self.in_flight[chat.sender]
            apology = await self._apology(request, chat.sender)
            return _json(collector.messages + apology, status=503, headers={"Retry-After": "30"})

        return webhook
