"""`make bench` (core part): how fast the plain-Python core answers, on this machine.

Postcode look-ups, place resolution, the danger check and redaction, each warm and in a single
process; the figures go to docs/benchmarks.md with the command that reproduces them.
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docsection import write_section  # noqa: E402


def per_call(function: Callable[[str], object], inputs: list[str], total: int) -> float:
    """Mean seconds per call over `total` calls cycling through `inputs`, after one warm pass."""
    for text in inputs:
        function(text)
    batch = (inputs * (total // len(inputs) + 1))[:total]
    started = time.perf_counter()
    for text in batch:
        function(text)
    return (time.perf_counter() - started) / total


def lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def main() -> int:
    from bot.places.locate import locator
    from bot.places.postcodes import postcode_directory
    from bot.safety.danger import danger_check

    directory = postcode_directory()
    started = time.perf_counter()
    directory.authority("BB4 7EX")  # reads the B file
    first_load = time.perf_counter() - started
    postcodes = ["BB4 7EX", "BB10 1RJ", "BB5 2AA", "BB1 1AA", "BB9 7AA", "BB18 5AA"]
    lookup = per_call(directory.authority, postcodes, 200_000)

    messages = lines(ROOT / "tests/data/ordinary_reports.txt") + lines(
        ROOT / "tests/data/danger_phrases.txt"
    )
    locate = per_call(locator().locate, messages, 20_000)
    danger = per_call(danger_check().check, messages, 20_000)

    from bot.redaction import Redactor

    started = time.perf_counter()
    redactor = Redactor()
    construct = time.perf_counter() - started
    corpus = yaml.safe_load((ROOT / "tests/data/redaction_corpus.yml").read_text(encoding="utf-8"))
    texts = [case["text"] for case in corpus["cases"]]
    redact = per_call(redactor.redact, texts, 2_000)

    rows = [
        (
            "postcode to council, first look-up of a letter (reads one file)",
            f"{first_load * 1000:.0f} ms",
        ),
        ("postcode to council, warm", f"{lookup * 1e6:.1f} µs per look-up"),
        ("place resolution of a whole message (`locate`)", f"{locate * 1e6:.0f} µs per message"),
        ("danger check", f"{danger * 1e6:.0f} µs per message"),
        ("redactor construction (imports done)", f"{construct:.2f} s"),
        ("redaction", f"{1 / redact:.0f} texts/s ({redact * 1000:.2f} ms per text)"),
    ]
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    table = "\n".join(
        [
            "## Core (plain Python, one process, warm)",
            "",
            f"Reproduce: `make bench`. Machine: {machine}.",
            "",
            "| what | figure |",
            "| --- | --- |",
            *(f"| {what} | {figure} |" for what, figure in rows),
            "",
        ]
    )
    write_section("core", table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
