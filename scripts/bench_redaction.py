"""Measure the redactor: time to import and build it, and warm single-process throughput of
redact() over the test corpus (tests/data/redaction_corpus.yml) repeated to ~2,000 texts.

    .venv/bin/python scripts/bench_redaction.py [--total 2000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "data" / "redaction_corpus.yml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--total", type=int, default=2000)
    args = parser.parse_args()
    started = time.perf_counter()
    from bot.redaction import measure  # spaCy -> thinc imports TensorFlow when installed

    imported = time.perf_counter() - started
    texts = [case["text"] for case in yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]]
    figures = measure(texts, args.total)
    print(f"import of bot.redaction (cold, includes spaCy/thinc/TensorFlow): {imported:.2f} s")
    print(f"construct Redactor (imports done):  {figures['construct_seconds']:.2f} s")
    print(
        f"redact() warm, single process:      {figures['texts']:.0f} texts in "
        f"{figures['seconds']:.2f} s = {figures['texts_per_second']:.0f} texts/s "
        f"({figures['ms_per_text']:.2f} ms/text; corpus of {len(texts)} texts)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
