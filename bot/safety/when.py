"""When a message says its danger happens: now, or long ago, weeks away or from time to time.

A resident's message can tell two times: "he broke my arm last year and now he's outside with
a bat", "my son overdosed last year, now he wants help". Each phrase that says when (a
`long_ago`, `weeks_away` or `habitual` phrase, or a `still_now` one) is a marker, and a danger
phrase takes its time from the marker that speaks of it:

- the nearest marker in its own clause (a tie goes to now);
- else the last marker of the nearest clause before it, which sets the story's time;
- else the first marker of the nearest clause after it: "He hit me. That was last year.",
  "he hits me, when he drinks", "they'll kill a child, some day";
- else it is now.

So a "now" speaks only for its own clause and those after it, where before it spoke for the
whole message. Reading no clause after a danger phrase would also have caught "he's at the door
with a hammer, he was done for assault years ago", but on the open evaluation it raised four
false alarms and caught no danger case more (2026-12-04); present-tense weapons and threats are
`still_now` phrases of their own instead (data/safety/danger.yml).

Clauses end at . , ! ? ; a new line, and their Urdu, Bengali and Devanagari forms. Folding
(bot/language/text.py) turns those into spaces, so `FoldedClauses` folds the message a clause
at a time and keeps where each folded clause begins, also as phrases are cut out of it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from bot.language.text import fold

CLAUSE_END = re.compile(r"[.,!?;\n\r\u0964\u0965\u06d4\u061f\u060c]+")


def clauses(text: str) -> list[str]:
    """The message's clauses, as the resident wrote them."""
    return CLAUSE_END.split(text)


class FoldedClauses:
    """A message folded as a whole (`text` is `fold` of it), with the offsets in it at which
    each of its clauses begins."""

    def __init__(self, message: str) -> None:
        kept = [folded for folded in map(fold, clauses(message)) if folded]
        self.starts: list[int] = []
        offset = 0
        for folded in kept:
            self.starts.append(offset)
            offset += len(folded) + 1
        self.text = " ".join(kept)

    def cut(self, phrase: re.Pattern[str]) -> bool:
        """Replaces each match of the phrase by a space, as `re.sub` would, moving the clause
        starts with the text; whether anything was cut."""
        found = list(phrase.finditer(self.text))
        if not found:
            return False
        self.starts = [_moved(offset, found) for offset in self.starts]
        kept, last = [], 0
        for cut in found:  # the text between the cuts, as `phrase.sub(" ", text)` leaves it
            kept.append(self.text[last : cut.start()])
            last = cut.end()
        self.text = " ".join([*kept, self.text[last:]])
        return True


def _moved(offset: int, cuts: Sequence[re.Match[str]]) -> int:
    """Where an offset lands once each cut is replaced by one space."""
    shift = 0
    for cut in cuts:
        if offset >= cut.end():
            shift += cut.end() - cut.start() - 1
        elif offset > cut.start():
            return cut.start() - shift  # inside a cut phrase: at the space that replaced it
    return offset - shift


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    now: bool


class Timeline:
    """The markers of one folded message, and the offsets at which its clauses begin."""

    def __init__(self, markers: Sequence[Marker], clause_starts: Sequence[int]) -> None:
        self._starts = list(clause_starts)
        # Each marker with its clause, in the order of the text.
        self._markers = [
            (self._clause(marker.start), marker)
            for marker in sorted(markers, key=lambda marker: marker.start)
        ]

    def _clause(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1

    def says_not_now(self) -> bool:
        """Something says when, none of it now: the model's own reading of danger is set aside
        too, since the model does not say which words it read danger in."""
        return bool(self._markers) and not any(marker.now for _, marker in self._markers)

    def is_now(self, start: int, end: int) -> bool:
        """Whether the words at [start, end) happen now, by the markers that speak of them."""
        if not self._markers:
            return True
        here = self._clause(start)
        same = [m for clause, m in self._markers if clause == here]
        if same:
            nearest = min(same, key=lambda m: (max(m.start - end, start - m.end, 0), not m.now))
            return nearest.now
        before = [m for clause, m in self._markers if clause < here]
        if before:
            return before[-1].now
        return next(m for clause, m in self._markers if clause > here).now
