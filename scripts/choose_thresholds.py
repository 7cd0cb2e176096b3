"""Choose data/dialogue/understanding.yml's thresholds on the open part of the evaluation.

Parses every open conversation case's first message with the trained model (in process, as
the Rasa server would) and replays the routing decision (bot.understanding.read_ranking) for
a grid of thresholds: how often a door would be named wrongly, named rightly, or asked about
(and whether the right door is among the choices). Never reads the sealed part.

    .venv/bin/python scripts/choose_thresholds.py
"""

from __future__ import annotations

import asyncio
import itertools
import sys
from typing import Any
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.directory import load_directory  # noqa: E402
from bot.evaluation.cases import load_cases  # noqa: E402
from bot.system import MODEL  # noqa: E402
from bot.understanding import load_thresholds, read_ranking  # noqa: E402

CONFIDENCES = (0.3, 0.4, 0.5, 0.6, 0.7)
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
