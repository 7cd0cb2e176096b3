"""Running the evaluation over Rasa's REST channel, the path residents' messages take."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import requests

from bot.evaluation.cases import Case
from bot.evaluation.conversation import Reply, Send, converse
from bot.evaluation.replies import ReplyReader
from bot.evaluation.scoring import Outcome, score

RATE_LIMITED = 429
RETRIES = 20


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


def run_cases(cases: list[Case], base_url: str, reader: ReplyReader) -> list[tuple[Case, Outcome]]:
    with requests.Session() as session:
        new_conversation = rest_sender(base_url, session)
        return [
            (case, score(case, converse(case, new_conversation(), reader), reader))
            for case in cases
        ]


def emergency_first_for(texts: list[str], base_url: str, reader: ReplyReader) -> list[bool]:
    """For each message, sent as a conversation's first: whether 999 came first."""
    with requests.Session() as session:
        new_conversation = rest_sender(base_url, session)
        return [reader.emergency_first(new_conversation()(text)) for text in texts]
