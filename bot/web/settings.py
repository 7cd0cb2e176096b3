"""The web server's settings, from the environment, with embedded defaults that need nothing set.

Every secret and address is an environment variable (docs/deploy.md lists them); nothing secret
is committed. Without CSP_SECRET_KEY a random key is made at start-up, so officers sign in again
after a restart: right for the embedded profile, and the production profile sets the variable.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

DEFAULT_PORT = 8080


def _list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split() if item.strip())


@dataclass(frozen=True)
class WebSettings:
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    # Where the widget finds Rasa's socket.io channel; "" means the page's own origin
    # (the production profile, where nginx puts Rasa and this server behind one address).
    chat_server: str = "http://localhost:5005"
    default_borough: str = ""
    # Sites allowed to embed the widget in a frame (Content-Security-Policy frame-ancestors).
    frame_ancestors: tuple[str, ...] = ()
    # Cookies marked Secure: on whenever the site is served over HTTPS.
    secure_cookies: bool = False

    @classmethod
    def from_environment(
        cls, environ: os._Environ[str] | dict[str, str] = os.environ
    ) -> WebSettings:
        defaults = cls()
        return cls(
            secret_key=environ.get("CSP_SECRET_KEY") or defaults.secret_key,
            chat_server=environ.get("CSP_CHAT_SERVER", defaults.chat_server),
            default_borough=environ.get("CSP_DEFAULT_BOROUGH", defaults.default_borough),
            frame_ancestors=_list(environ.get("CSP_FRAME_ANCESTORS", "")),
            secure_cookies=environ.get("CSP_SECURE_COOKIES", "") == "1",
        )
