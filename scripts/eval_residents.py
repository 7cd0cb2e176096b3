"""`make eval`: the end-to-end resident evaluation (issue #14), over REST.

Starts the trained model and the action server on free ports (or uses --url), runs every case
of the open and sealed parts, and prints the figures for each. Per-case results are written for
the open part only (results/eval/open-cases.json); the sealed part is reported in aggregate,
so nobody reads its cases or its per-case results while changing data or the model.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path

from bot import paths
from bot.evaluation.cases import (
    PARTS,
    CorpusMessage,
    load_cases,
    load_corpus_messages,
    load_language_cases,
)
from bot.evaluation.replies import ReplyReader
from bot.evaluation.run import emergency_first_for, run_cases
from bot.evaluation.scoring import Summary, summarise
from bot.language.languages import ENGLISH, logged_languages
from bot.routing.directory import Directory, load_directory

OUT = paths.PROJECT_ROOT / "results" / "eval"


def start_assistant(stack: ExitStack) -> str:
    from bot.serving.embedded import STARTUP_TIMEOUT_SECONDS, scratch_services
    from bot.serving.supervisor import services_running

    scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="csp-eval-")))
    services, rasa_port = scratch_services(scratch)
    stack.enter_context(services_running(services, paths.PROJECT_ROOT, STARTUP_TIMEOUT_SECONDS))
    return f"http://localhost:{rasa_port}"


def danger_net(part: str, url: str, reader: ReplyReader, writer: str) -> dict[str, object]:
    """The danger corpus: recall on danger phrasings, false alarms on ordinary reports."""
    danger_messages = load_corpus_messages(part, "danger", writer=writer)  # type: ignore[arg-type]
    ordinary_messages = load_corpus_messages(part, "ordinary", writer=writer)  # type: ignore[arg-type]
    danger = [message.text for message in danger_messages]
    ordinary = [message.text for message in ordinary_messages]
    caught = emergency_first_for(danger, url, reader)
    alarms = emergency_first_for(ordinary, url, reader)
    figures: dict[str, object] = {
        "danger_phrasings": len(danger),
        "danger_recall": round(sum(caught) / max(len(danger), 1), 4),
        "ordinary_reports": len(ordinary),
        "ordinary_false_alarm_rate": round(sum(alarms) / max(len(ordinary), 1), 4),
        # In aggregate, so the sealed part shows where the net is weak without its cases.
        "danger_missed_by_kind": _count_by_kind(danger_messages, caught, counted=False),
        "false_alarms_by_door": _count_by_kind(ordinary_messages, alarms, counted=True),
    }
    if part == "open":
        figures["missed"] = [t for t, hit in zip(danger, caught, strict=True) if not hit]
        figures["false_alarms"] = [t for t, hit in zip(ordinary, alarms, strict=True) if hit]
    return figures


def _count_by_kind(
    messages: list[CorpusMessage], verdicts: list[bool], counted: bool
) -> dict[str, str]:
    """For each kind, how many of its messages had the verdict `counted`, of how many."""
    totals = Counter(message.kind for message in messages)
    hits = Counter(
        message.kind
        for message, verdict in zip(messages, verdicts, strict=True)
        if verdict == counted
    )
    return {kind: f"{hits[kind]}/{totals[kind]}" for kind in sorted(totals) if hits[kind]}


def show(part: str, summary: Summary, net: dict[str, object]) -> None:
    print(f"\n== {part}: {summary.conversations} conversations")
    for name, value in {**summary.as_dict(), **net}.items():
        if isinstance(value, list):
            value = f"{len(value)} (in results/eval/open-danger.json)"
        if isinstance(value, dict):
            value = ", ".join(f"{kind} {count}" for kind, count in value.items()) or "none"
        print(f"  {name:24} {value}")
    for name, met in summary.targets_met().items():
        verdict = "no cases" if met is None else "met" if met else "NOT met"
        print(f"  target {name:17} {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="a running assistant's Rasa server (default: start one)")
    parser.add_argument("--part", choices=[*PARTS, "both"], default="both")
    parser.add_argument("--domain", type=Path, default=paths.PROJECT_ROOT / "domain.yml")
    parser.add_argument(
        "--older-version",
        action="store_true",
        help="the assistant is an older version: its directory may lack some doors",
    )
    parser.add_argument(
        "--writer",
        default="*",
        help="only one writer's files: 'c' reads residents_c.yml, danger_c.yml, ordinary_c.yml",
    )
    parser.add_argument(
        "--languages",
        choices=["all", "none", "only"],
        default="all",
        help="the cases in residents' own languages (language_<code>.yml): with the English "
        "ones, not at all, or alone",
    )
    parser.add_argument("--language", default="*", help="one language's cases only, e.g. pl")
    parser.add_argument(
        "--read-as-english",
        action="store_true",
        help="read the replies to the language cases as English: for an older version that "
        "answered only in English (the 'before' figures of issue #15)",
    )
    args = parser.parse_args()
    directory = Directory.load()
    reader = ReplyReader.load(directory, args.domain)
    parts = PARTS if args.part == "both" else (args.part,)
    OUT.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        url = args.url or start_assistant(stack)
        for part in parts if args.languages != "only" else ():
            cases = load_cases(part, None if args.older_version else directory, writer=args.writer)
            results = run_cases(cases, url, reader)
            summary = summarise(results)
            net = danger_net(part, url, reader, args.writer)
            show(part, summary, net)
            counts = {name: value for name, value in net.items() if not isinstance(value, list)}
            figures = {**summary.as_dict(), **counts}
            (OUT / f"{part}-summary.json").write_text(json.dumps(figures, indent=2))
            if part == "open":
                (OUT / "open-danger.json").write_text(json.dumps(net, indent=2))
            if part == "open":
                rows = [
                    {**asdict(outcome), "message": case.message, "doors": case.doors}
                    for case, outcome in results
                ]
                (OUT / "open-cases.json").write_text(json.dumps(rows, indent=2))
        for part in parts if args.languages != "none" else ():
            languages(part, url, args.language, args.read_as_english, args.writer)
    return 0


def languages(part: str, url: str, only: str, as_english: bool = False, writer: str = "*") -> None:
    """Each language's cases, read in that language (or in English, for an older version);
    per-case results for the open part."""
    figures: dict[str, object] = {}
    rows: list[dict[str, object]] = []
    for language in logged_languages():  # a written form's cases are its language's
        if language == ENGLISH or only not in ("*", language):
            continue
        directory = load_directory("en" if as_english else language)
        cases = load_language_cases(part, directory, language, writer=writer)  # type: ignore[arg-type]
        if not cases:
            continue
        results = run_cases(cases, url, ReplyReader.load(directory))
        summary = summarise(results)
        show(f"{part}, {language}", summary, {})
        figures[language] = summary.as_dict()
        for script in ("native", "latin"):
            figures[f"{language}-{script}"] = summarise(
                (c, o) for c, o in results if c.script == script
            ).as_dict()
        rows += [
            {**asdict(outcome), "message": case.message, "doors": case.doors}
            for case, outcome in results
        ]
    (OUT / f"{part}-languages-summary.json").write_text(json.dumps(figures, indent=2))
    if part == "open":
        (OUT / "open-languages-cases.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    raise SystemExit(main())
