"""Fails when a Rasa intent report falls below the project's floor. Used by `make test`.

Usage: python scripts/check_nlu_floor.py results/nlu-heldout/intent_report.json 0.90
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(report_path: str, floor: str) -> int:
    report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    macro_f1 = report["macro avg"]["f1-score"]
    weakest = sorted(
        (scores["f1-score"], intent)
        for intent, scores in report.items()
        if isinstance(scores, dict)
        and "support" in scores
        and intent not in ("macro avg", "weighted avg", "micro avg")
    )[:5]
    print(f"held-out NLU: macro-F1 {macro_f1:.3f} (floor {float(floor):.3f}); weakest intents:")
    for f1, intent in weakest:
        print(f"  {intent}: {f1:.3f}")
    if macro_f1 < float(floor):
        print("held-out macro-F1 is below the floor", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
