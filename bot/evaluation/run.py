"""Running the evaluation over Rasa's REST channel, the path residents' messages take.

Conversations run a few at a time, each worker from its own network address when the assistant
is on this machine (127.0.0.2, 127.0.0.3, ... are all this machine's loopback on Linux), as
residents write from their own homes. From one address, the channel's per-address limit (20
messages a second, bot/chat/ratelimit.py) set the pace: about ten minutes of `make test` were
spent waiting it out (docs/benchmarks.md, "Test time"). Each conversation has its own sender id,
so running them side by side changes no answer; results come back in the cases' order.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

from bot.evaluation.cases import Case
from bot.evaluation.conversation import Reply, Send, converse
from bot.evaluation.replies import ReplyReader
from bot.evaluation.scoring import Outcome, score

RATE_LIMITED = 429
RETRIES = 20
# On two cores, the open English part (1,379 conversations): 26 s with six, 31 s with four,
# 38 s with two (2026-12-06).
WORKERS = 6
LOOPBACK_NAMES = {"localhost", "127.0.0.1"}

Item = TypeVar("Item")
Result = TypeVar("Result")


class _FromAddress(HTTPAdapter):
    """Connections made from one local address."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]


def rest_sender(base_url: str, session: requests.Session) -> Callable[[], Send]:
    """A factory of senders, one per conversation (each its own sender id). The channel's
    per-address limit is waited out, as a polite client would."""
    url = f"{base_url}/webhooks/rest/webhook"

    def new_conversation() -> Send:
        sender = f"eval-{uuid.uuid4().hex}"

        def send(message: str) -> list[Reply]:
            for attempt in range(RETRIES):
                reply = session.post(url, json={"sender": sender, "message": message}, timeout=60)
                if reply.status_code != RATE_LIMITED:
                    reply.raise_for_status()
                    return list(reply.json())
                time.sleep(0.2 * (attempt + 1))
            raise RuntimeError(f"still rate-limited after {RETRIES} tries")

        return send

    return new_conversation


@contextmanager
def residents(base_url: str) -> Iterator[Callable[[], Callable[[], Send]]]:
    """Per worker thread, a sender factory over its own session, from its own loopback address
    when the assistant is local."""
    parts = urlsplit(base_url)
    local = parts.hostname in LOOPBACK_NAMES
    if local:  # "localhost" may resolve to ::1 first; the addresses below are IPv4
        netloc = f"127.0.0.1:{parts.port}" if parts.port else "127.0.0.1"
        base_url = urlunsplit(parts._replace(netloc=netloc))
    per_thread = threading.local()
    sessions: list[requests.Session] = []
    lock = threading.Lock()

    def factory() -> Callable[[], Send]:
        if not hasattr(per_thread, "new_conversation"):
            session = requests.Session()
            with lock:
                sessions.append(session)
                if local:
                    source = f"127.0.0.{len(sessions) + 1}"
                    session.mount("http://", _FromAddress(source))
            per_thread.new_conversation = rest_sender(base_url, session)
        new_conversation: Callable[[], Send] = per_thread.new_conversation
        return new_conversation

    try:
        yield factory
    finally:
        for session in sessions:
            session.close()


def side_by_side(
    items: Sequence[Item], work: Callable[[Item], Result], workers: int
) -> list[Result]:
    """`work` on every item, `workers` at a time; the results in the items' order."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, items))


def run_cases(
    cases: list[Case], base_url: str, reader: ReplyReader, workers: int = WORKERS
) -> list[tuple[Case, Outcome]]:
    with residents(base_url) as sender_factory:

        def one(case: Case) -> tuple[Case, Outcome]:
            replies = converse(case, sender_factory()(), reader)
            return case, score(case, replies, reader)

        return side_by_side(cases, one, workers)


def emergency_first_for(
    texts: list[str], base_url: str, reader: ReplyReader, workers: int = WORKERS
) -> list[bool]:
    """For each message, sent as a conversation's first: whether 999 came first."""
    with residents(base_url) as sender_factory:
        return side_by_side(
            texts, lambda text: reader.emergency_first(sender_factory()()(text)), workers
        )
