"""A local STAND-IN for Meta's Graph API, which cannot be reached from here.

It answers POST /<version>/me/messages as the Send API does (200 with recipient and message
ids, or Graph's OAuth error for a wrong page access token) and records every request, so tests
can check what the Messenger channel would have sent to a resident. It is not Meta: it checks
only the token and the shape the Send API requires (a recipient, and a message or a sender
action).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

VERSION = "v21.0"


@dataclass(frozen=True)
class SentRequest:
    path: str
    access_token: str | None
    body: dict[str, Any]

    @property
    def recipient(self) -> str | None:
        return (self.body.get("recipient") or {}).get("id")

    @property
    def message(self) -> dict[str, Any] | None:
        return self.body.get("message")


@dataclass(frozen=True)
class MetaApp:
    """The Messenger app's settings as Meta's developer console would hold them, made up afresh
    for each test session, and the environment credentials.yml reads them from."""

    app_secret: str
    verify_token: str
    page_access_token: str

    @classmethod
    def made_up(cls) -> MetaApp:
        return cls(secrets.token_hex(16), secrets.token_urlsafe(12), secrets.token_urlsafe(24))

    def environment(self, graph_api: str) -> dict[str, str]:
        return {
            "FACEBOOK_APP_SECRET": self.app_secret,
            "FACEBOOK_VERIFY_TOKEN": self.verify_token,
            "FACEBOOK_PAGE_ACCESS_TOKEN": self.page_access_token,
            "FACEBOOK_GRAPH_API": graph_api,
        }


class GraphApiStandIn:
    def __init__(self, page_access_token: str) -> None:
        self.page_access_token = page_access_token
        self._sent: list[SentRequest] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """The base address to configure (FACEBOOK_GRAPH_API), version included."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/{VERSION}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def sent(self) -> list[SentRequest]:
        with self._lock:
            return list(self._sent)

    def messages_to(self, recipient: str) -> list[dict[str, Any]]:
        """The message objects sent to `recipient`, in order (sender actions left out)."""
        return [r.message for r in self.sent() if r.recipient == recipient and r.message]

    def wait_for(
        self, recipient: str, done: Callable[[list[dict[str, Any]]], bool], timeout: float = 30
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            messages = self.messages_to(recipient)
            if done(messages) or time.monotonic() > deadline:
                return messages
            time.sleep(0.1)

    def _record(self, request: SentRequest) -> None:
        with self._lock:
            self._sent.append(request)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    body = {}
                token = (parse_qs(parts.query).get("access_token") or [None])[0]
                stand_in._record(SentRequest(parts.path, token, body))
                if parts.path != f"/{VERSION}/me/messages":
                    self._answer(404, {"error": {"message": "Unknown path", "code": 803}})
                elif token != stand_in.page_access_token:
                    error = {"message": "Invalid OAuth access token.", "type": "OAuthException"}
                    self._answer(400, {"error": {**error, "code": 190}})
                elif not (body.get("recipient") or {}).get("id") or not (
                    body.get("message") or body.get("sender_action")
                ):
                    self._answer(400, {"error": {"message": "Invalid parameter", "code": 100}})
                else:
                    recipient = body["recipient"]["id"]
                    self._answer(
                        200, {"recipient_id": recipient, "message_id": f"m_{time.time_ns()}"}
                    )

        return Handler
