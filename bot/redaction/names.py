"""Person names, found from cues and from name lists, since the project's spaCy pipeline has
no statistical NER (and none can be installed here).

A word is read as a name when:
- it follows a title ("Mr Khan"), a relation ("my neighbour Dave"), or an introduction
  ("my name is", "a lad called", "I'm"); or
- it is in the first-name lists ("Sarah"), or is a capitalised surname that is no English word
  ("Hargreaves"), and nothing around it says it is a street, a church or a place
  ("John Street", "St Mary's", "Accrington Stanley", "the Victoria").
A name then takes in the capitalised words around it that can be part of one ("Dave Smith",
"Grace Morgan", "Stephen Green"), and a first name joined to it by "and" ("Sarah and jack").
The rules trade a little recall for keeping places and street names; see names.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from bot.redaction.data import Cues, NameLists

ENTITY = "NAME"
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
POSSESSIVE = re.compile(r"['’]s$", re.I)
TAG = re.compile(r"\[[A-Z_]+\]")
HOUSE_NUMBER_BEFORE = re.compile(r"(?:\d[A-Za-z]?|\[HOUSE_NUMBER\]),?\s+$")
PLACE_LABELS = frozenset({"place", "borough", "PLACE", "BOROUGH"})
MAX_EXTRA_WORDS = 2
CUE_SCORE = 0.9
LIST_SCORE = 0.8
STOP = frozenset(w.replace("’", "'") for w in STOP_WORDS)


@dataclass
class _Word:
    start: int
    end: int
    text: str  # without a possessive 's
    lower: str
    capitalised: bool
    place: bool  # a place name, here or elsewhere
    local_place: bool  # marked by the entity ruler: "Accrington", "Constable Lee"


class NameRecognizer(LocalRecognizer):
    """Presidio recognizer for NAME, over the cue words and name lists of data/redaction."""

    def __init__(self, cues: Cues, names: NameLists) -> None:
        self.cues = cues
        self.names = names
        super().__init__(supported_entities=[ENTITY], name="NameRecognizer")

    def load(self) -> None:  # everything is loaded in __init__
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        words = self._words(text, nlp_artifacts)
        spans: list[tuple[int, int, float]] = []
        covered_to = -1  # the last word index inside a span
        i = 0
        while i < len(words):
            found = self._cued(text, words, i) or self._listed(text, words, i)
            if found is None:
                i += 1
                continue
            first, last, score = found
            if score == LIST_SCORE:
                first = self._extend_back(text, words, first)
            partner_before = self._coordinated_before(text, words, first)
            if partner_before is not None and partner_before > covered_to:
                p = words[partner_before]  # "Grace and Jade": Grace is a name here
                spans.append((p.start, p.end, score))
            last = self._extend(text, words, first, last)
            spans.append((words[first].start, words[last].end, score))
            covered_to = last
            i = last + 1
            partner = self._coordinated(text, words, last)
            if partner is not None:
                end = self._extend(text, words, partner, partner)
                spans.append((words[partner].start, words[end].end, score))
                covered_to = end
                i = end + 1
        return [RecognizerResult(ENTITY, start, end, score) for start, end, score in spans]

    # ----------------------------------------------------------------- words of the text
    def _words(self, text: str, nlp_artifacts: NlpArtifacts | None) -> list[_Word]:
        places: list[tuple[int, int]] = []
        if nlp_artifacts is not None:
            places = [
                (e.start_char, e.end_char)
                for e in nlp_artifacts.entities
                if e.label_ in PLACE_LABELS
            ]
        skip = [(m.start(), m.end()) for m in TAG.finditer(text)]  # [NAME] from a first pass
        skip += [(m.start(), m.end()) for m in self.names.not_name_phrases.finditer(text)]
        words = []
        for match in WORD.finditer(text):
            start = match.start()
            if any(s <= start < e for s, e in skip):
                continue  # left out, so the words either side are not adjacent either
            raw = match.group()
            stripped = POSSESSIVE.sub("", raw) if len(raw) > 2 else raw
            lower = stripped.lower().replace("’", "'")
            local = any(s <= start < e for s, e in places)
            words.append(
                _Word(
                    start,
                    start + len(stripped),
                    stripped,
                    lower,
                    stripped[:1].isupper(),
                    local or lower in self.names.places,
                    local,
                )
            )
        return words

    @staticmethod
    def _adjacent(text: str, left: _Word, right: _Word, allow: str = "") -> bool:
        """Only spaces (and the characters in `allow`) between two words."""
        gap = text[left.end : right.start]
        if gap[:1] in ("'", "’"):  # a possessive ends the name: "Dave's"
            return False
        return len(gap) <= 3 and gap.strip(" " + allow) == ""

    # ----------------------------------------------------------------- cues
    def _cued(self, text: str, words: list[_Word], i: int) -> tuple[int, int, float] | None:
        """A name after a cue that ends at word i-1 (the cue itself is kept)."""
        if i == 0:
            return None
        word, before = words[i], words[i - 1]
        if not self._adjacent(text, before, word, allow=".,:-") or before.local_place:
            return None  # "Constable Lee" is a place in Rossendale
        strength: str | None
        if before.lower.rstrip(".") in self.cues.titles:
            strength = "title"
        elif (
            before.lower in self.cues.relations
            and i >= 2
            and (words[i - 2].lower in self.cues.relation_owners)
        ):
            strength = "relation"
        else:
            strength = self._introduction(words, i)
        if strength is None:
            return None
        if not self._could_be_name(word, strength) and not self._named_like_a_place(words, i):
            return None
        return i, i, CUE_SCORE

    def _named_like_a_place(self, words: list[_Word], i: int) -> bool:
        """ "a lad called Stanley Rogers": a first name that is also a place, with a surname."""
        word = words[i]
        if not (word.capitalised and word.place and word.lower in self.names.any_first_names):
            return False
        after = words[i + 1] if i + 1 < len(words) else None
        return after is not None and after.capitalised and after.lower in self.names.any_surnames

    def _introduction(self, words: list[_Word], i: int) -> str | None:
        for strength, phrases in (
            ("strong", self.cues.strong_introductions),
            ("weak", self.cues.weak_introductions),
        ):
            for phrase in phrases:
                n = len(phrase)
                if i >= n and tuple(w.lower for w in words[i - n : i]) == phrase:
                    return strength
        return None

    def _could_be_name(self, word: _Word, strength: str) -> bool:
        lower, names = word.lower, self.names
        if lower in names.not_names or lower in self.cues.street_suffixes:
            return False
        listed = lower in names.first_names or lower in names.surnames
        if word.place and strength in ("strong", "weak"):
            return False  # "a town called Nelson"; "Mr Nelson", "my mate Stanley" are people
        if strength == "weak":
            if not (listed or lower in names.common_words):
                return False
            return word.capitalised or lower not in names.capitalised_only | names.common_words
        if word.capitalised:
            return lower not in STOP or listed or lower in names.common_words
        # lower case: only a listed name that is no English word ("my neighbour dave", not
        # "my neighbour parks"); after a title a surname will do ("mr khan" is a word, though)
        if lower in STOP or lower in names.capitalised_only or lower in names.common_words:
            return False
        return lower in names.first_names or (strength == "title" and listed)

    # ----------------------------------------------------------------- name lists
    def _listed(self, text: str, words: list[_Word], i: int) -> tuple[int, int, float] | None:
        word, names = words[i], self.names
        lower = word.lower
        if len(word.text) == 1:
            return self._initial_and_surname(text, words, i)
        if len(lower) < names.min_length or word.place or lower in names.common_words:
            return self._first_and_surname(text, words, i)
        is_first = lower in names.first_names
        if is_first:
            if lower in names.capitalised_only and not word.capitalised:
                return None
        elif lower in names.surnames:
            if not word.capitalised or lower in names.capitalised_only:
                return self._first_and_surname(text, words, i)
        else:
            return None
        if i > 0 and self._adjacent(text, words[i - 1], word, allow="."):
            before = words[i - 1]
            if before.lower in self.cues.not_a_name_after or before.local_place:
                return None  # "St John", "the Albert", "Accrington Stanley"
        if self._street_follows(text, words, i, after_first_name=is_first):
            return None
        return i, i, LIST_SCORE

    def _first_and_surname(
        self, text: str, words: list[_Word], i: int
    ) -> tuple[int, int, float] | None:
        """ "Mark Walker", "Sue West": a capitalised first name that is a common word or a
        place on its own, straight before a capitalised surname, is a full name."""
        word, names = words[i], self.names
        if not word.capitalised or word.local_place or word.lower not in names.any_first_names:
            return None
        if word.lower in names.not_names or i + 1 >= len(words):
            return None
        after = words[i + 1]
        if not (after.capitalised and after.lower in names.any_surnames):
            return None
        if not self._adjacent(text, word, after) or after.local_place:
            return None
        if i > 0 and words[i - 1].lower in self.cues.not_a_name_after:
            return None
        if after.lower in self.cues.street_suffixes and not self._surname_like(after):
            return None
        if self._street_follows(text, words, i + 1, after_first_name=False):
            return None
        return i, i + 1, LIST_SCORE

    def _initial_and_surname(
        self, text: str, words: list[_Word], i: int
    ) -> tuple[int, int, float] | None:
        """ "J. Hargreaves", "D Smith": an initial before a capitalised listed surname."""
        word = words[i]
        if not word.text.isupper() or word.text in "AI" or i + 1 >= len(words):
            return None
        after = words[i + 1]
        if not (after.capitalised and after.lower in self.names.any_surnames):
            return None
        if not self._adjacent(text, word, after, allow="."):
            return None
        if self._street_follows(text, words, i + 1, after_first_name=True):
            return None
        return i, i + 1, LIST_SCORE

    def _street_follows(
        self, text: str, words: list[_Word], i: int, after_first_name: bool
    ) -> bool:
        """ "John Street", "Peel St", "Albert Road": word i names a street. After a first name a
        surname-like suffix is a surname ("Stephen Green"), unless an address word comes
        before ("on Albert Green")."""
        if i + 1 >= len(words) or not self._adjacent(text, words[i], words[i + 1], allow="."):
            return False
        suffix = words[i + 1].lower
        if suffix not in self.cues.street_suffixes:
            return False
        if after_first_name and self._surname_like(words[i + 1]):
            if HOUSE_NUMBER_BEFORE.search(text, 0, words[i].start):
                return True  # "12 Jacob Hill"
            return i > 0 and words[i - 1].lower in self.cues.address_prepositions
        return True

    def _surname_like(self, word: _Word) -> bool:
        return (
            word.capitalised
            and word.lower in self.cues.surname_like_suffixes
            and word.lower in self.names.any_surnames
        )

    # ----------------------------------------------------------------- the rest of a name
    def _extend(self, text: str, words: list[_Word], first: int, last: int) -> int:
        """Take capitalised words straight after a name as its rest ("Dave Smith Jones")."""
        names = self.names
        after_address = first > 0 and words[first - 1].lower in self.cues.address_prepositions
        for _ in range(MAX_EXTRA_WORDS):
            nxt = last + 1
            if nxt >= len(words) or not self._adjacent(text, words[last], words[nxt]):
                break
            word = words[nxt]
            surname = word.lower in names.any_surnames
            if not word.capitalised or (word.lower in STOP and not surname):
                break
            if word.lower in self.cues.street_suffixes and (
                after_address or not self._surname_like(word)
            ):
                break
            if self._street_follows(text, words, nxt, after_first_name=False):
                break
            if word.lower in names.not_names and not surname:
                break
            last = nxt
        return last

    def _extend_back(self, text: str, words: list[_Word], first: int) -> int:
        """A capitalised first name straight before a listed name is part of it, even one that
        is a common word or a place on its own: "Grace Morgan", "Bradley Morgan"."""
        if first == 0 or not self._adjacent(text, words[first - 1], words[first]):
            return first
        before = words[first - 1]
        if (
            before.capitalised
            and before.lower in self.names.any_first_names
            and before.lower not in self.names.not_names
            and not before.local_place
            and (first < 2 or words[first - 2].lower not in self.cues.not_a_name_after)
        ):
            return first - 1
        return first

    def _coordinated_before(self, text: str, words: list[_Word], first: int) -> int | None:
        """The index of a capitalised first name joined by "and" before a name, even one that
        is a common word alone: "Grace and Jade"."""
        if first < 2 or words[first - 1].lower not in ("and", "n", "or"):
            return None
        word = words[first - 2]
        if not (
            self._adjacent(text, word, words[first - 1], allow=",")
            and self._adjacent(text, words[first - 1], words[first])
        ):
            return None
        if not word.capitalised or word.local_place or word.lower in self.names.not_names:
            return None
        return first - 2 if word.lower in self.names.any_first_names else None

    def _coordinated(self, text: str, words: list[_Word], last: int) -> int | None:
        """The index of a listed first name, in any case, joined to a name by "and"."""
        if last + 2 >= len(words) or words[last + 1].lower not in ("and", "n", "or"):
            return None
        word, names = words[last + 2], self.names
        if not self._adjacent(text, words[last], words[last + 1], allow=",") or not (
            self._adjacent(text, words[last + 1], word)
        ):
            return None
        if word.lower not in names.first_names or word.lower in names.common_words or word.place:
            return None
        return last + 2
