"""Sending messages through Meta's Graph API (the Send API), from a configurable base address.

Tests point the base address at a local stand-in; in production it is Meta's (settings.py).
Nothing a resident wrote is logged: failures are logged with the status code only.
"""

from __future__ import annotations

import logging
from typing import Any

import requests

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10


class GraphApiClient:
    def __init__(
        self, base_url: str, page_access_token: str, session: requests.Session | None = None
    ):
        self.base_url = base_url.rstrip("/")
        self.page_access_token = page_access_token
        self.session = session or requests.Session()

    def _post(self, body: dict[str, Any]) -> bool:
        try:
            response = self.session.post(
                f"{self.base_url}/me/messages",
                params={"access_token": self.page_access_token},
                json=body,
                timeout=TIMEOUT_SECONDS,
            )
        except requests.RequestException as error:
            logger.warning("Graph API unreachable: %s", type(error).__name__)
            return False
        if not response.ok:
            logger.warning("Graph API refused a message: HTTP %s", response.status_code)
        return response.ok

    def send_message(self, recipient_id: str, message: dict[str, Any]) -> bool:
        """Sends one message object (text, quick replies, attachment) as a reply; True if sent."""
        return self._post(
            {"recipient": {"id": recipient_id}, "messaging_type": "RESPONSE", "message": message}
        )

    def send_typing(self, recipient_id: str) -> bool:
        """Shows the resident that a reply is on its way."""
        return self._post({"recipient": {"id": recipient_id}, "sender_action": "typing_on"})
