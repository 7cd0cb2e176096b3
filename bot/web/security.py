"""Headers every response carries. One place, so no page can forget them."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response

from bot.web.settings import WebSettings


def _socket_origins(chat_server: str) -> list[str]:
    """The origins socket.io reaches Rasa on: http(s) polling and the matching ws(s) upgrade."""
    if not chat_server:
        return []
    parts = urlsplit(chat_server)
    origin = f"{parts.scheme}://{parts.netloc}"
    socket_scheme = "wss" if parts.scheme == "https" else "ws"
    return [origin, f"{socket_scheme}://{parts.netloc}"]


def content_security_policy(settings: WebSettings) -> str:
    connect = " ".join(["'self'", *_socket_origins(settings.chat_server)])
    ancestors = " ".join(["'self'", *settings.frame_ancestors])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src {connect}",
            f"frame-ancestors {ancestors}",
            "form-action 'self'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


def add_security_headers(response: Response, settings: WebSettings) -> Response:
    response.headers["Content-Security-Policy"] = content_security_policy(settings)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if settings.secure_cookies:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response
