"""Facebook Messenger channel for Rasa, named in credentials.yml as
`csp_components.channels.messenger.MessengerInput`; Meta calls it at /webhooks/messenger/webhook.

Rasa 3.6's own `facebook` connector is not used: it checks only the SHA-1 `X-Hub-Signature`
header (with the hash function named by the request itself), compares it with `==`, and
answers 200 to a request that fails the check. This one checks `X-Hub-Signature-256` in
constant time and answers 403 to a missing or wrong signature, before reading the body as JSON.
Meta delivers a message again when the webhook is slow to answer; its `mid` is the message id,
so a message delivered twice is read once (csp_components/server/resend.py).
The Messenger logic itself is plain Python in bot/messenger; this module only adapts it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.chat.intake import Refusal, check_message, parse_json
from bot.language.languages import known
from bot.messenger.graph_api import GraphApiClient
from bot.messenger.outgoing import messages_with_buttons, text_messages
from bot.messenger.settings import MessengerSettings
from bot.messenger.signature import SIGNATURE_HEADER, is_signed
from bot.messenger.webhook import incoming_messages, subscription_challenge
from csp_components.server import event_types, resend
from csp_components.server.resend import ResendableMessage

logger = logging.getLogger(__name__)

CHANNEL_NAME = "messenger"  # also what the concern log records as the channel


class MessengerOutput(OutputChannel):
    """Rasa's replies, shaped by bot/messenger/outgoing.py and sent through the Graph API."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    def __init__(self, client: GraphApiClient) -> None:
        self.client = client

    async def _send(self, recipient_id: str, messages: list[dict[str, Any]]) -> None:
        for message in messages:
            await asyncio.to_thread(self.client.send_message, recipient_id, message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, text_messages(text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        language = known(kwargs.get("language"))  # the reply's, set by the NLG
        await self._send(recipient_id, messages_with_buttons(text, buttons, language))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        attachment = {"type": "image", "payload": {"url": image, "is_reusable": True}}
        await self._send(recipient_id, [{"attachment": attachment}])

    async def send_attachment(  # type: ignore[override]
        self, recipient_id: str, attachment: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, [{"attachment": attachment}])

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, [json_message])  # a Messenger message object, as is


class MessengerInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(MessengerSettings.from_credentials(credentials or {}))

    def __init__(self, settings: MessengerSettings) -> None:
        self.settings = settings
        resend.install()  # a message Meta delivers again is not read twice
        event_types.install()
        if not settings.configured:
            logger.info("Messenger is not configured (FACEBOOK_* variables); its webhook says 403")

    def get_output_channel(self) -> MessengerOutput:
        client = GraphApiClient(self.settings.graph_api, self.settings.page_access_token)
        return MessengerOutput(client)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("messenger_webhook", __name__)
        settings = self.settings

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify_subscription(request: Request) -> HTTPResponse:
            params = {key: request.args.get(key) for key in request.args}
            challenge = subscription_challenge(params, settings.verify_token)
            if challenge is None:
                logger.warning("Messenger subscription refused: wrong or missing verify token")
                return response.text("forbidden", status=403)
            return response.text(challenge)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.body or b""
            if not is_signed(settings.app_secret, body, request.headers.get(SIGNATURE_HEADER)):
                logger.warning("Messenger webhook refused: missing or wrong %s", SIGNATURE_HEADER)
                return response.text("forbidden", status=403)
            payload = parse_json(body)  # deep nesting, huge numbers, bad UTF-8: a 400
            if isinstance(payload, Refusal):
                return response.json({"error": payload.reason}, status=payload.status)
            output = self.get_output_channel()
            for message in incoming_messages(payload):
                text = check_message(message.text)  # the same input rules as every channel
                if isinstance(text, Refusal):
                    continue
                await asyncio.to_thread(output.client.send_typing, message.sender_id)
                await on_new_message(
                    ResendableMessage(
                        text,
                        output,
                        message.sender_id,
                        input_channel=CHANNEL_NAME,
                        message_id=message.message_id,
                        answer_again=False,  # its replies went out through the Send API
                    )
                )
            return response.text("EVENT_RECEIVED")

        return webhook
