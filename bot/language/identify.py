"""Which supported language a message is written in, offline and without any download.

- Own scripts decide first: Arabic script reads Urdu, Gurmukhi Panjabi, Gujarati script
  Gujarati, Bengali script Bengali, when a third or more of the message's letters are in it
  (English words mixed in do not make it English).
- Latin letters with Polish or Romanian diacritics (ą ł ż...; ă ș ț...) read Polish or Romanian.
- Otherwise a character n-gram naive Bayes model trained on the project's own examples
  (data/nlu: language_<code>.yml per language, every other file English) tells English from
  Roman Urdu, Latin-letter Panjabi, Gujarati and Bengali, and Polish and Romanian typed without
  diacritics. It decides only when the message is long enough and the best language leads
  English by a clear margin (or, when English is best, leads every other); otherwise it says
  nothing, and the conversation keeps its language. Two close languages (Roman Urdu and
  Panjabi) go to the likelier: either is nearer the resident than English.
No off-the-shelf identifier knows Roman Urdu or Panjabi in Latin letters (technical notes), and
this one costs kilobytes, not the 96 MB of lingua's wheel.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.language.languages import ENGLISH
from bot.language.text import fold

SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0600, 0x06FF, "ur"),
    (0x0750, 0x077F, "ur"),
    (0xFB50, 0xFDFF, "ur"),
    (0xFE70, 0xFEFF, "ur"),
    (0x0A00, 0x0A7F, "pa"),
    (0x0A80, 0x0AFF, "gu"),
    (0x0980, 0x09FF, "bn"),
)
DIACRITICS = {"pl": set("ąćęłńśźżó"), "ro": set("ăâîșțşţ")}
GRAM_SIZES = (1, 2, 3, 4)
MIN_LETTERS = 10  # shorter Latin messages ("ok", "Burnley", "yes") keep the conversation's
MIN_MARGIN = 0.12  # the best language's mean log-likelihood per n-gram over the next one's
LANGUAGE_FILE = re.compile(r"^language_([a-z]{2,3})\.yml$")


def script_language(text: str) -> str | None:
    """The language whose own script holds most of the message's letters, if any does."""
    counts: Counter[str] = Counter()
    letters = 0
    for char in text:
        if not unicodedata.category(char).startswith(("L", "M")):
            continue
        letters += 1
        code = ord(char)
        for start, end, language in SCRIPT_RANGES:
            if start <= code <= end:
                counts[language] += 1
                break
    if not counts:
        return None
    language, count = counts.most_common(1)[0]
    return language if count * 3 >= letters else None


def diacritic_language(text: str) -> str | None:
    lowered = set(text.lower())
    found = [language for language, marks in DIACRITICS.items() if lowered & (marks - {"ó", "â"})]
    return found[0] if len(found) == 1 else None


def grams(text: str) -> list[str]:
    padded = f" {fold(text)} "
    return [padded[i : i + n] for n in GRAM_SIZES for i in range(len(padded) - n + 1)]


@dataclass
class LatinModel:
    """Naive Bayes over character 1-4-grams of folded Latin-letter text, uniform priors."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def train(cls, examples: Iterable[tuple[str, str]]) -> LatinModel:
        counts: dict[str, Counter[str]] = {}
        for text, language in examples:
            if script_language(text) is None:  # Latin letters only
                counts.setdefault(language, Counter()).update(grams(text))
        return cls({language: dict(c) for language, c in counts.items()})

    def scores(self, text: str) -> dict[str, float]:
        """Mean log-likelihood per n-gram of the message under each language."""
        seen = grams(text)
        vocabulary = len({g for c in self.counts.values() for g in c}) + 1
        result = {}
        for language, counts in self.counts.items():
            total = sum(counts.values()) + vocabulary
            result[language] = sum(math.log((counts.get(g, 0) + 1) / total) for g in seen) / max(
                len(seen), 1
            )
        return result

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.counts, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LatinModel:
        return cls(json.loads(path.read_text(encoding="utf-8")))


class LanguageIdentifier:
    def __init__(self, latin: LatinModel) -> None:
        self.latin = latin

    def identify(self, text: str) -> str | None:
        """The message's language, or None when it is too short or too close to call."""
        by_script = script_language(text)
        if by_script is not None:
            return by_script
        by_marks = diacritic_language(text)
        if by_marks is not None:
            return by_marks
        if sum(char.isalpha() for char in text) < MIN_LETTERS or not self.latin.counts:
            return None
        scores = self.latin.scores(text)
        best = max(scores, key=scores.__getitem__)
        # Another language must lead English clearly; English must lead every other language.
        rivals = [ENGLISH] if best != ENGLISH else [code for code in scores if code != best]
        if any(scores[best] - scores[rival] < MIN_MARGIN for rival in rivals if rival in scores):
            return None
        return best


def labelled_examples(files: Iterable[Path]) -> list[tuple[str, str]]:
    """(text, language) for every NLU example: language_<code>.yml is <code>, the rest English."""
    from bot.nlu_data import nlu_examples

    examples = []
    for path in files:
        match = LANGUAGE_FILE.match(path.name)
        language = match.group(1) if match else ENGLISH
        examples += [(text, language) for _, text in nlu_examples(path)]
    return examples
