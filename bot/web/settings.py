"""The web server's settings, from the environment, with embedded defaults that need nothing set.

Every secret and address is an environment variable (bot/settings.py declares them,
docs/deploy.md lists them); nothing secret is committed. Without CSP_SECRET_KEY a random key is
made at start-up, so officers sign in again after a restart: right for the embedded profile, and
the production profile sets the variable.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.settings import DEFAULTS, Settings


@dataclass(frozen=True)
class WebSettings:
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    # Where the widget finds Rasa's socket.io channel; "" means the page's own origin
    # (the production profile, where nginx puts Rasa and this server behind one address).
    chat_server: str = DEFAULTS.csp_chat_server
    default_borough: str = DEFAULTS.csp_default_borough
    # Sites allowed to embed the widget in a frame (Content-Security-Policy frame-ancestors).
    frame_ancestors: tuple[str, ...] = DEFAULTS.csp_frame_ancestors
    # Cookies marked Secure: on whenever the site is served over HTTPS.
    secure_cookies: bool = DEFAULTS.csp_secure_cookies

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> WebSettings:
        settings = Settings.from_environ(environ)
        return cls(
            secret_key=settings.csp_secret_key or secrets.token_hex(32),
            chat_server=settings.csp_chat_server,
            default_borough=settings.csp_default_borough,
            frame_ancestors=settings.csp_frame_ancestors,
            secure_cookies=settings.csp_secure_cookies,
        )
