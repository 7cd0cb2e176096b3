"""Which supported language a message is written in, offline and without any download.

- Own scripts decide first: Arabic script reads Urdu, Gurmukhi Panjabi, Gujarati script
  Gujarati, Bengali script Bengali, when a third or more of the message's letters are in it
  (English words mixed in do not make it English). Arabic script holds Panjabi in Shahmukhi
  too (pa-Arab): a message holding more of Panjabi's everyday words than of Urdu's
  (data/languages/languages.yml: `words`) is Panjabi, written as the resident writes it.
- Latin letters with Polish or Romanian diacritics (ą ł ż...; ă ș ț...) read Polish or Romanian.
- Otherwise a character n-gram naive Bayes model trained on the project's own examples
  (data/nlu: language_<code>.yml and language_<code>_*.yml per language, every other file
  English) tells English from Roman Urdu, Latin-letter Panjabi, Gujarati and Bengali, and
  Polish and Romanian typed without diacritics. It decides only when the message is long
  enough and the best language leads English by a clear margin (or, when English is best,
  leads every other); otherwise it says nothing, and the conversation keeps its language. Two
  close languages (Roman Urdu and Panjabi) go to the likelier: either is nearer the resident
  than English.
No off-the-shelf identifier knows Roman Urdu or Panjabi in Latin letters (technical notes), and
this one, trained on the project's own examples, is a 1.4 MB file and about 16 MB of memory
once loaded (its n-gram table is worked out at load, so a message costs one table lookup per
n-gram: 0.2 ms, against 1.4 ms when each was worked out per message), not lingua's 96 MB wheel.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy

from bot.language.languages import ENGLISH, sharing_script_with, supported
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
MIN_OWN_WORDS = 2  # words of the message another language has seen (and more than English has)
SMOOTHING = 2000.0  # how many n-grams' weight each language borrows from all of them
OWN_WORD = re.compile(r"[^\W\d_]+(?:[\u064B-\u065F\u0670]+[^\W\d_]*)*")  # a word, its marks kept
# language_ur.yml, or language_ur_<what>.yml for more of the same language's examples.
LANGUAGE_FILE = re.compile(r"^language_([a-z]{2,3})(?:_[a-z0-9_]+)?\.yml$")


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


def words_language(text: str, language: str, current: str | None = None) -> str:
    """Of `language` and the languages written in its script (`sharing_script_with`), the one
    whose own `words` the text holds most. On a tie (a place name, "ہاں", a greeting) the
    conversation's `current` language when it is one of them, so that a resident writing
    Shahmukhi is not moved to Urdu by a word both share; else `language` itself."""
    rivals = sharing_script_with(language)
    if not rivals:
        return language
    said = Counter(OWN_WORD.findall(text))
    held = {
        code: sum(said[word] for word in set(supported()[code].words))
        for code in (language, *rivals)
    }
    best = max(rivals, key=held.__getitem__)
    if held[best] != held[language]:
        return best if held[best] > held[language] else language
    return current if current in held else language


def written_form(language: str, text: str) -> str:
    """The form of `language` a text is in, by its script alone: a form written in another
    language's script (Panjabi in Arabic script: pa-Arab) when the text is in that script, else
    the language."""
    script = script_language(text)
    forms = [
        code
        for code in (sharing_script_with(script) if script else [])
        if supported()[code].written_form_of == language
    ]
    return forms[0] if forms else language


def written_language(text: str, current: str | None = None) -> str | None:
    """The language a text is plainly written in: its script (and in a shared script, its
    words; `current`, the conversation's language, on a tie), or Polish or Romanian letters."""
    by_script = script_language(text)
    return words_language(text, by_script, current) if by_script else diacritic_language(text)


def grams(text: str) -> list[str]:
    padded = f" {fold(text)} "
    return [padded[i : i + n] for n in GRAM_SIZES for i in range(len(padded) - n + 1)]


@dataclass
class LatinModel:
    """Naive Bayes over character 1-4-grams of folded Latin-letter text, uniform priors."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    words: dict[str, list[str]] = field(default_factory=dict)  # each language's known words

    def __post_init__(self) -> None:
        # Worked out once, not per message: each n-gram's smoothed log-likelihood in each
        # language (a row per n-gram seen in training, and a last row for any other), and the
        # word sets.
        self._languages = list(self.counts)
        totals = [sum(self.counts[language].values()) for language in self._languages]
        pooled: Counter[str] = Counter()  # every language's counts together
        for counts in self.counts.values():
            pooled.update(counts)
        share = 1.0 / (sum(totals) + len(pooled) + 1)
        self._row = {gram: row for row, gram in enumerate(pooled)}
        by_gram = numpy.array(
            [
                [self.counts[language].get(gram, 0) for language in self._languages]
                for gram in pooled
            ]
            + [[0] * len(self._languages)],
            dtype=float,
        )
        background = (numpy.array([*pooled.values(), 0], dtype=float) + 1) * share
        self._log_likelihood = numpy.log(
            (by_gram + SMOOTHING * background[:, None]) / (numpy.array(totals) + SMOOTHING)
        )
        self._known = {language: frozenset(vocab) for language, vocab in self.words.items()}

    @classmethod
    def train(cls, examples: Iterable[tuple[str, str]]) -> LatinModel:
        counts: dict[str, Counter[str]] = {}
        words: dict[str, set[str]] = {}
        for text, language in examples:
            if script_language(text) is None:  # Latin letters only
                counts.setdefault(language, Counter()).update(grams(text))
                words.setdefault(language, set()).update(fold(text).split())
        return cls(
            {language: dict(c) for language, c in counts.items()},
            {language: sorted(known) for language, known in words.items()},
        )

    def known_words(self, text: str) -> dict[str, int]:
        """How many of the message's words (two letters or more) each language has seen."""
        said = [word for word in fold(text).split() if len(word) > 1 and not word.isdigit()]
        return {
            language: sum(word in known for word in said) for language, known in self._known.items()
        }

    def scores(self, text: str) -> dict[str, float]:
        """Mean log-likelihood per n-gram of the message under each language. Each language's
        counts are smoothed towards all languages' together (Dirichlet smoothing): with
        add-one smoothing an n-gram a language has never seen would score higher in a language
        with few examples than in English with many, and names or codes ("QQ 12 34 56 C") would
        read as the smallest language."""
        seen = Counter(grams(text))
        unseen = len(self._row)
        rows = [self._row.get(gram, unseen) for gram in seen]
        times = numpy.fromiter(seen.values(), dtype=float, count=len(seen))
        means = times @ self._log_likelihood[rows] / max(times.sum(), 1.0)
        return dict(zip(self._languages, means.tolist(), strict=True))

    def save(self, path: Path) -> None:
        model = {"counts": self.counts, "words": self.words}
        path.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LatinModel:
        model = json.loads(path.read_text(encoding="utf-8"))
        return cls(model["counts"], model["words"])


class LanguageIdentifier:
    def __init__(self, latin: LatinModel) -> None:
        self.latin = latin

    def identify(self, text: str, current: str | None = None) -> str | None:
        """The message's language, or None when it is too short or too close to call.
        `current` is the conversation's language, kept where a shared script cannot tell."""
        written = written_language(text, current)
        if written is not None:
            return written
        if sum(char.isalpha() for char in text) < MIN_LETTERS or not self.latin.counts:
            return None
        scores = self.latin.scores(text)
        best = max(scores, key=scores.__getitem__)
        # Another language must lead English clearly; English must lead every other language.
        rivals = [ENGLISH] if best != ENGLISH else [code for code in scores if code != best]
        if any(scores[best] - scores[rival] < MIN_MARGIN for rival in rivals if rival in scores):
            return None
        if best != ENGLISH:  # and its own words must be there: names and codes are no language
            known = self.latin.known_words(text)
            if known.get(best, 0) < MIN_OWN_WORDS or known[best] <= known.get(ENGLISH, 0):
                return None
        return best


def language_of_file(path: Path) -> str:
    """The language of a training file's examples, by its name: language_<code>.yml and
    language_<code>_*.yml are <code>, the rest English."""
    match = LANGUAGE_FILE.match(path.name)
    return match.group(1) if match else ENGLISH


def labelled_examples(files: Iterable[Path]) -> list[tuple[str, str]]:
    """(text, language) for every NLU example, in its file's language (`language_of_file`)."""
    from bot.nlu.training_data import nlu_examples

    examples = []
    for path in files:
        language = language_of_file(path)
        examples += [(text, language) for _, text in nlu_examples(path)]
    return examples
