"""The Messenger app's credentials, as credentials.yml gives them to the connector.

credentials.yml reads each from an environment variable (CREDENTIAL_VARIABLES). Rasa refuses to
start when a `${VARIABLE}` there is unset, so `csp-bot serve` passes unset ones as empty; with an
empty app secret or verify token the connector turns every request away (403).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.settings import MESSENGER_VARIABLES

# Meta's Graph API; the version is part of the address, so a new one is a configuration change.
DEFAULT_GRAPH_API = "https://graph.facebook.com/v21.0"

# Environment variable (declared in bot/settings.py) -> credentials.yml key:
# FACEBOOK_VERIFY_TOKEN -> verify_token, and so on.
CREDENTIAL_VARIABLES = {
    name: name.removeprefix("FACEBOOK_").lower() for name in MESSENGER_VARIABLES
}


@dataclass(frozen=True)
class MessengerSettings:
    verify_token: str = ""  # the token typed into the app's webhook settings
    app_secret: str = ""  # signs every webhook request
    page_access_token: str = ""  # lets the Graph API send as the partnership's Page
    graph_api: str = DEFAULT_GRAPH_API

    @classmethod
    def from_credentials(cls, credentials: Mapping[str, Any]) -> MessengerSettings:
        def value(key: str) -> str:
            return str(credentials.get(key) or "").strip()

        return cls(
            verify_token=value("verify_token"),
            app_secret=value("app_secret"),
            page_access_token=value("page_access_token"),
            graph_api=value("graph_api").rstrip("/") or DEFAULT_GRAPH_API,
        )

    @property
    def configured(self) -> bool:
        return bool(self.verify_token and self.app_secret and self.page_access_token)
