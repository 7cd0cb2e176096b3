"""One resident's conversation with the running assistant, as the resident would have it.

The simulated resident types the case's message, then answers what they are asked the way a
person would: the area from the case; "is anyone in danger now?" truthfully; "is it about...?"
by pressing the right concern if it is offered, and otherwise giving up. They never rephrase.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.evaluation.cases import Case
from bot.evaluation.replies import ReplyReader

Reply = dict[str, Any]
Send = Callable[[str], list[Reply]]
MAX_ANSWERS = 4  # questions a resident answers before the conversation is taken as stuck


@dataclass
class Transcript:
    turns: list[list[Reply]] = field(default_factory=list)
    clarifications: int = 0  # "is it about...?", the menu, or "say it another way"
    danger_asked: bool = False
    gave_up: bool = False

    @property
    def replies(self) -> list[Reply]:
        return [reply for turn in self.turns for reply in turn]


def _borough_payload(payloads: list[str], borough: str) -> str:
    wanted = "outside" if borough in ("outside", "unknown") else borough
    for payload in payloads:
        _, brace, rest = payload.partition("{")
        if brace and json.loads(brace + rest).get("borough") == wanted:
            return payload
    return payloads[-1]


def converse(case: Case, send: Send, reader: ReplyReader) -> Transcript:
    transcript = Transcript(turns=[send(case.message)])
    for _ in range(MAX_ANSWERS):
        turn = transcript.turns[-1]
        question = reader.question(turn)
        payloads = [b["payload"] for reply in turn for b in reply.get("buttons") or []]
        if question == "borough":
            answer = _borough_payload(payloads, case.borough)
        elif question == "danger":
            transcript.danger_asked = True
            answer = "/affirm" if case.hurt_now else "/deny"
        elif question in ("choose", "menu", "rephrase"):
            transcript.clarifications += 1
            wanted = [reader.intent_payload(door) for door in case.doors]
            offered = [payload for payload in wanted if payload in payloads]
            if transcript.clarifications > 1 or not offered:
                transcript.gave_up = True
                break
            answer = offered[0]
        else:  # the offer to log, or nothing asked: the conversation has done its work
            break
        transcript.turns.append(send(answer))
    return transcript
