"""The Redactor: Presidio's AnalyzerEngine over the project's spaCy pipeline, with the UK
recognizers of this package, and a replacement step that never leaves part of a finding.

Presidio's own NLP engine is used so that the place and borough entities of the project's
entity ruler (bot/nlu/spacy_pipeline.py) keep place names out of the name recognizer. Only the
recognizers below are registered: Presidio's defaults include US and other countries'
identifiers that would mangle ordinary text, and a NER recognizer that has nothing to read here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpEngineProvider

from bot import paths
from bot.redaction import patterns
from bot.redaction.data import load_cues, load_names
from bot.redaction.names import NameRecognizer

# Presidio entity -> the tag that replaces it in kept text.
TAGS = {
    "NAME": "[NAME]",
    "PHONE_NUMBER": "[PHONE]",
    "EMAIL_ADDRESS": "[EMAIL]",
    "POSTCODE": "[POSTCODE]",
    "VEHICLE_REG": "[VEHICLE_REG]",
    "NI_NUMBER": "[NI_NUMBER]",
    "HOUSE_NUMBER": "[HOUSE_NUMBER]",
    "DATE_OF_BIRTH": "[DATE_OF_BIRTH]",
    "URL": "[URL]",
}
FAILED = "[REDACTION_FAILED]"
TAG = re.compile(r"\[(?:" + "|".join(t[1:-1] for t in TAGS.values()) + r")\]")
MAX_CHARS = 5000  # a resident's description; longer input is cut, not analysed for minutes
NER_LABELS = {"place": "PLACE", "borough": "BOROUGH", "postcode": "POSTCODE_SHAPE"}


class RedactionError(RuntimeError):
    """The redactor cannot be built (for instance the spaCy pipeline has not been built)."""


def clean(text: str) -> str:
    """Text that is safe to analyse and to log: lone surrogates replaced, compatibility forms
    folded (full-width digits become digits), control and format characters (zero-width
    spaces, bidi marks) removed or made spaces, whitespace collapsed."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Zl", "Zp") or char.isspace():
            kept.append(" ")
        elif category not in ("Cf", "Cs", "Co", "Cn"):
            kept.append(char)
    return " ".join("".join(kept).split())[:MAX_CHARS]


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    entity: str
    score: float


def merge(findings: Iterable[Finding]) -> list[Finding]:
    """Overlapping findings become one span covering them all, labelled by the longest: a
    partial overlap must not leave part of an identifier in the text."""
    merged: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            longest = max((last, f), key=lambda x: (x.end - x.start, x.score))
            merged[-1] = Finding(last.start, max(last.end, f.end), longest.entity, longest.score)
        else:
            merged.append(f)
    return merged


class Redactor:
    """Replaces personal details in a resident's text with tags such as [NAME] and [PHONE]."""

    def __init__(self, model_dir: Path = paths.SPACY_MODEL_DIR) -> None:
        if not (Path(model_dir) / "meta.json").is_file():
            # Presidio would otherwise try to download a model of that name.
            raise RedactionError(
                f"no spaCy pipeline at {model_dir}: run `.venv/bin/csp-bot build-nlp` first"
            )
        cues = load_cues()
        names = load_names(cues)
        nlp_engine = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "en", "model_name": str(model_dir)}],
                "ner_model_configuration": {
                    "model_to_presidio_entity_mapping": NER_LABELS,
                    "labels_to_ignore": [],
                    "low_score_entity_names": [],
                },
            }
        ).create_engine()
        recognizers = [
            NameRecognizer(cues, names),
            patterns.gb_phone_recognizer(),
            patterns.uk_phone_recognizer(),
            patterns.OfflineEmailRecognizer(),
            patterns.url_recognizer(),
            patterns.postcode_recognizer(),
            patterns.vehicle_recognizer(cues),
            patterns.ni_number_recognizer(),
            patterns.house_number_recognizer(cues),
            patterns.date_recognizer(cues),
        ]
        registry = RecognizerRegistry(
            recognizers=recognizers, global_regex_flags=patterns.CASE_SENSITIVE
        )
        self._engine = AnalyzerEngine(
            registry=registry, nlp_engine=nlp_engine, supported_languages=["en"]
        )
        self._entities = list(TAGS)
        patterns.offline_tld_extractor()("example.com")  # load the suffix snapshot now

    def findings(self, text: str) -> list[Finding]:
        """What would be redacted in already-cleaned text, merged, in order."""
        results: list[RecognizerResult] = self._engine.analyze(
            text=text, language="en", entities=self._entities, score_threshold=0.0
        )
        tags = [(m.start(), m.end()) for m in TAG.finditer(text)]
        found = [
            Finding(r.start, r.end, r.entity_type, r.score)
            for r in results
            if r.entity_type in TAGS and not any(s <= r.start and r.end <= e for s, e in tags)
        ]
        return merge(found)

    def redact(self, text: str) -> str:
        """`text` with every finding replaced by its tag; control characters and odd
        encodings cleaned first, so the result is one printable line."""
        text = clean(text)
        if not text:
            return ""
        for finding in reversed(self.findings(text)):
            text = text[: finding.start] + TAGS[finding.entity] + text[finding.end :]
        return text


@cache
def redactor() -> Redactor:
    """The shared redactor for this process."""
    return Redactor()


def redact_lines(stdin: IO[Any], stdout: IO[Any]) -> int:
    """Redact one text per line from `stdin` to `stdout`: one output line per input line, in
    order, an empty line for an empty line. Lines are split on "\\n" only and decoded as UTF-8
    with replacement, so odd bytes or a stray "\\r" cannot shift the count. A line that fails
    is written as [REDACTION_FAILED], never as it came. Returns the number of lines written."""
    engine = redactor()
    source = getattr(stdin, "buffer", stdin)
    sink = getattr(stdout, "buffer", None)
    count = 0
    for raw in source:
        line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        line = line[:-1] if line.endswith("\n") else line
        try:
            redacted = engine.redact(line)
        except Exception:  # a crash must neither stop the stream nor leak the line
            redacted = FAILED
        if sink is not None:
            sink.write(redacted.encode("utf-8") + b"\n")
        else:
            stdout.write(redacted + "\n")
        count += 1
    (sink or stdout).flush()
    return count
