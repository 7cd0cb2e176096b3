"""Reads the examples in Rasa's NLU training-data files (plain YAML; no Rasa needed).

Used by the scripts that choose the intent model's settings and by the tests that check the
data (the held-out file kept apart, the danger check's recall and false alarms).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot import paths

NLU_DIR = paths.DATA_DIR / "nlu"
# libyaml's loader, 30 times faster over the 1.5 MB of training data (the language identifier
# reads it all in training), the same documents; the pure-Python one where libyaml is missing.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def training_files() -> list[Path]:
    return sorted(NLU_DIR.glob("*.yml"))


def nlu_examples(path: Path) -> list[tuple[str, str]]:
    """(intent, text) for each example in a Rasa NLU file; FAQ ones keep their sub-intent."""
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
    return [
        (block["intent"], line.strip()[2:])
        for block in document.get("nlu", [])
        if "intent" in block
        for line in block["examples"].splitlines()
        if line.strip()
    ]


def intent_examples(files: list[Path]) -> tuple[list[str], list[str]]:
    """Texts and their intents, as the intent model learns them (faq/x is intent faq)."""
    pairs = [pair for path in files for pair in nlu_examples(path)]
    return [text for _, text in pairs], [intent.split("/")[0] for intent, _ in pairs]
