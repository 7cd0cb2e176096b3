"""The evaluation's runner (bot/evaluation/run.py) against a stand-in chat endpoint on this
machine: conversations side by side, each from its own loopback address, answers in order, and
the per-address limit waited out."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.evaluation.run import residents, side_by_side


class StandIn(ThreadingHTTPServer):
    """Answers each message with its own text; refuses every address's first message (429)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.seen: list[tuple[str, str, str]] = []  # (address, sender, message)
        self.refused: set[str] = set()
        self.lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    server: StandIn

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        address = self.client_address[0]
        with self.server.lock:
            first = address not in self.server.refused
            self.server.refused.add(address)
            if not first:
                self.server.seen.append((address, body["sender"], body["message"]))
        status, answer = (
            (429, {"error": "too fast"}) if first else (200, [{"text": body["message"]}])
        )
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    server = StandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_conversations_run_side_by_side_from_their_own_addresses(stand_in: StandIn) -> None:
    url = f"http://localhost:{stand_in.server_address[1]}"

    def conversation(number: int) -> list[str]:
        send = factory()()
        return [send(f"{number}: first")[0]["text"], send(f"{number}: second")[0]["text"]]

    with residents(url) as factory:
        answers = side_by_side(range(40), conversation, workers=4)
    assert answers == [[f"{n}: first", f"{n}: second"] for n in range(40)]
    addresses = {address for address, _, _ in stand_in.seen}
    assert 1 < len(addresses) <= 4 and "127.0.0.1" not in addresses, addresses
    by_sender: dict[str, set[str]] = {}
    for address, sender, _ in stand_in.seen:
        by_sender.setdefault(sender, set()).add(address)
    assert len(by_sender) == 40 and all(len(used) == 1 for used in by_sender.values())


def test_one_at_a_time_keeps_one_address(stand_in: StandIn) -> None:
    with residents(f"http://127.0.0.1:{stand_in.server_address[1]}") as factory:
        answers = side_by_side(["a", "b", "c"], lambda text: factory()()(text), workers=1)
    assert [a[0]["text"] for a in answers] == ["a", "b", "c"]
    assert len({address for address, _, _ in stand_in.seen}) == 1
