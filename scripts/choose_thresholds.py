"""Choose the routing thresholds (data/dialogue/understanding.yml) and the danger net's model
bar (data/safety/danger.yml: model_min_confidence) on the open part of the evaluation.

Parses every open conversation case's first message with the trained model (in process, as
the Rasa server would) and replays the routing decision (bot.routing.understanding.read_ranking) for
a grid of thresholds: how often a door would be named wrongly, named rightly, or asked about
(and whether the right door is among the choices). Then the danger net for a grid of model bars:
recall on the open danger corpus and danger conversations, false alarms on the open ordinary
reports and calm conversations. Never reads the sealed part.

    .venv/bin/python scripts/choose_thresholds.py
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from bot.evaluation.cases import load_cases, load_corpus
from bot.routing.directory import load_directory
from bot.routing.understanding import confidence_of, load_thresholds, read_ranking
from bot.safety.danger import danger_check
from bot.serving.embedded import MODEL

CONFIDENCES = (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
MODEL_BARS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4)


async def parse(texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    return [await agent.parse_message(text) for text in texts]


def main() -> int:
    directory = load_directory()
    cases = [c for c in load_cases("open", directory) if c.doors and not c.danger_now]
    parsed = asyncio.run(parse([case.message for case in cases]))
    current = load_thresholds()
    print(f"{len(cases)} open door cases; current: {current}")
    print("conf margin  wrong  right  asked  asked-with-right")
    for confidence, margin in itertools.product(CONFIDENCES, MARGINS):
        rules = current.copy(
            update={"route_min_confidence": confidence, "route_min_margin": margin}
        )
        wrong = right = asked = asked_right = 0
        for case, result in zip(cases, parsed, strict=True):
            if result["intent"]["name"] == "emergency":
                continue  # 999 first (a false alarm here), not a routing decision
            ranking = result.get("intent_ranking") or []
            reading = read_ranking(ranking, directory.concern_by_intent, rules)
            if reading.decision == "route":
                hit = reading.concerns[0] in case.doors
                right += hit
                wrong += not hit
            else:
                asked += 1
                asked_right += bool(set(reading.concerns) & set(case.doors))
        n = len(cases)
        print(
            f"{confidence:4} {margin:6}  {wrong / n:5.1%}  {(right + asked_right) / n:5.1%}"
            f"  {asked / n:5.1%}  {asked_right / n:5.1%}"
        )
    danger_net()
    return 0


def danger_net() -> None:
    """Recall and false alarms of the list plus the model for each model bar."""
    cases = load_cases("open", load_directory())
    danger = [*load_corpus("open", "danger"), *(c.message for c in cases if c.danger_now)]
    calm = [*load_corpus("open", "ordinary"), *(c.message for c in cases if not c.danger_now)]
    parsed = asyncio.run(parse([*danger, *calm]))
    confidences = [confidence_of(r.get("intent_ranking") or [], "emergency") for r in parsed]
    texts = [*danger, *calm]
    print(f"\ndanger net: {len(danger)} danger messages, {len(calm)} calm ones (open part)")
    print("bar    recall  false alarms")
    for bar in MODEL_BARS:
        check = danger_check()
        saved, check.model_min_confidence = check.model_min_confidence, bar
        hits = [check.check(t, c) is not None for t, c in zip(texts, confidences, strict=True)]
        check.model_min_confidence = saved
        recall = sum(hits[: len(danger)]) / len(danger)
        alarms = sum(hits[len(danger) :]) / len(calm)
        print(f"{bar:4}  {recall:6.1%}  {alarms:6.1%}")


if __name__ == "__main__":
    raise SystemExit(main())
