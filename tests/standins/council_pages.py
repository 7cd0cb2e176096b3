"""A local STAND-IN for live council, police and charity web pages, which cannot be reached
from here. It answers as public sites do when a page is fine, has moved, now redirects to the
site's home page, is gone or is broken, so `csp-bot directory check-links` can be tested. It
records every request, so a test can see that only reads (GET) were made.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# path -> (status, where it redirects to); any other path answers 200.
PAGES: dict[str, tuple[int, str | None]] = {
    "/gone": (404, None),
    "/removed": (410, None),
    "/broken": (500, None),
    "/moved": (301, "/new-page"),
    "/to-home": (302, "/"),
}


@dataclass
class CouncilPages:
    url: str
    methods: list[str] = field(default_factory=list)


@contextmanager
def council_pages() -> Iterator[CouncilPages]:
    record = CouncilPages(url="")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            record.methods.append(self.command)
            status, location = PAGES.get(self.path.split("?")[0], (200, None))
            body = f"<html><body>{status}</body></html>".encode()
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(body)

        do_GET = _answer
        do_HEAD = _answer

        def do_POST(self) -> None:  # a link check must never post
            record.methods.append("POST")
            self.send_response(405)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    record.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()
