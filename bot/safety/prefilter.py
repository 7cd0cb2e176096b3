"""Which danger patterns could match a message at all, read from the patterns' own letters.

The danger lists hold about 360 regular expressions in seven languages, most of them long
alternations of words. Python tries each alternative at each word of a message, so searching
them all took about 3.5 ms a message, a tenth of the Rasa server's time under load.

Every match of most patterns contains one of a few known strings: `\\b(nie oddycha|zemdlal)`
can only match where "nie " or "zemd" begins a word. `starts()` reads such strings of `WIDTH`
characters from the parsed pattern: from its beginning, through groups, alternatives, optional
parts and zero-width checks, or failing that from the first part every match must contain
(`\\w*(ke|re) (knife|chaku)`: "knif" or "chak" somewhere). `Prefilter` indexes them and, for a
message, names the patterns one of whose strings occurs in it; a pattern whose strings cannot be
read is always searched. Messages are folded first (bot/language/text.py `fold`), so their only
white space is a plain space, which is how `\\s` is read. The verdicts are those of searching
every pattern (tests/unit/test_danger_prefilter.py checks this on every message the project
holds), only cheaper: a pattern left out cannot match.
"""

from __future__ import annotations

import contextlib
import re
import sre_constants as sc  # Python 3.10, as Rasa 3.6 requires
import sre_parse
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

WIDTH = 4  # characters read from the start of each match
MAX_RANGE = 16  # a range of characters wider than this is not spelled out
MAX_STARTS = 4096  # more than this and the pattern is simply always searched
_ZERO_WIDTH = {sc.AT, sc.ASSERT, sc.ASSERT_NOT}
_UNREAD_FLAGS = sre_parse.SRE_FLAG_IGNORECASE | sre_parse.SRE_FLAG_VERBOSE


class Unreadable(Exception):
    """A pattern whose starts are not known: it is always searched."""


Start = tuple[str, bool]  # WIDTH characters, and whether a match begins a word with them


def _is_word(char: str) -> bool:
    """What `\\w` matches in a str pattern (sre: alphanumeric or the underscore)."""
    return char.isalnum() or char == "_"


def _expand(
    items: Sequence[tuple[Any, Any]], prefix: str, found: set[Start], word_start: bool = False
) -> None:
    """Adds to `found` every string of WIDTH characters that a match of `items`, read after
    `prefix`, can begin with; `word_start` when a `\\b` comes before its first character."""
    if len(prefix) >= WIDTH:
        found.add((prefix[:WIDTH], word_start and _is_word(prefix[0])))
        if len(found) > MAX_STARTS:
            raise Unreadable
        return
    if not items:
        raise Unreadable  # a match can end before WIDTH characters
    (op, av), rest = items[0], list(items[1:])
    if op is sc.LITERAL:
        _expand(rest, prefix + chr(av), found, word_start)
    elif op in _ZERO_WIDTH:
        at_edge = op is sc.AT and av is sc.AT_BOUNDARY and not prefix
        _expand(rest, prefix, found, word_start or at_edge)
    elif op is sc.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & _UNREAD_FLAGS:
            raise Unreadable
        _expand([*sub, *rest], prefix, found, word_start)
    elif op is sc.BRANCH:
        for alternative in av[1]:
            _expand([*alternative, *rest], prefix, found, word_start)
    elif op is sc.IN:
        for char in _one_of(av):
            _expand(rest, prefix + char, found, word_start)
    elif op in (sc.MAX_REPEAT, sc.MIN_REPEAT):
        low, high, sub = av
        if sub.getwidth()[0] == 0:
            raise Unreadable
        if low == 0:
            _expand(rest, prefix, found, word_start)
        if high != 0:
            again = high if high == sc.MAXREPEAT else high - 1
            _expand([*sub, (op, (max(low - 1, 0), again, sub)), *rest], prefix, found, word_start)
    else:
        raise Unreadable  # any character, a back reference, a conditional


def _necessary(items: Sequence[tuple[Any, Any]]) -> set[Start]:
    """Starts one of which every match contains, not only at its beginning: those of a part
    every match must have (`\\w*(ke|re) (knife|chaku)` has "knif" or "chak"), the first from the
    left.
    Each alternative of an alternation must have its own."""
    if len(items) == 1 and items[0][0] is sc.BRANCH:
        return {start for alternative in items[0][1][1] for start in _necessary(alternative)}
    if len(items) == 1 and items[0][0] is sc.SUBPATTERN and not items[0][1][1] & _UNREAD_FLAGS:
        return _necessary(items[0][1][3])
    for j in range(len(items)):  # the first part, from the left, whose starts can be read
        found: set[Start] = set()
        try:
            _expand(list(items[j:]), "", found)
            return found
        except Unreadable:
            pass
        if len(items) > 1 and items[j][0] in (sc.BRANCH, sc.SUBPATTERN):
            with contextlib.suppress(Unreadable):
                return _necessary([items[j]])
    raise Unreadable


def _one_of(members: Sequence[tuple[Any, Any]]) -> list[str]:
    """The characters a class like `[kc]`, `[1-9]` or `\\s` matches in a folded message."""
    chars: list[str] = []
    for kind, value in members:
        if kind is sc.LITERAL:
            chars.append(chr(value))
        elif kind is sc.RANGE and value[1] - value[0] < MAX_RANGE:
            chars.extend(chr(code) for code in range(value[0], value[1] + 1))
        elif kind is sc.CATEGORY and value is sc.CATEGORY_SPACE:
            chars.append(" ")  # a folded message's only white space
        else:
            raise Unreadable  # a negation, a wide range, any letter or digit
    return chars


def starts(regex: re.Pattern[str]) -> frozenset[Start] | None:
    """Strings of WIDTH characters one of which every match contains; None if not known."""
    if regex.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        return frozenset(_necessary(sre_parse.parse(regex.pattern, regex.flags).data))
    except (Unreadable, RecursionError):
        return None


class Prefilter:
    """Names the patterns (by position in the list given) that could match a message."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        self._always: set[int] = set()
        self._anywhere: dict[str, set[int]] = defaultdict(set)
        self._word_start: dict[str, set[int]] = defaultdict(set)
        for position, regex in enumerate(patterns):
            known = starts(regex)
            if known is None:
                self._always.add(position)
            for start, at_word_start in known or ():
                (self._word_start if at_word_start else self._anywhere)[start].add(position)

    @property
    def always_searched(self) -> int:
        return len(self._always)

    def candidates(self, text: str) -> set[int]:
        found = set(self._always)
        anywhere, word_start = self._anywhere, self._word_start
        for i in range(len(text) - WIDTH + 1):
            key = text[i : i + WIDTH]
            positions = anywhere.get(key)
            if positions:
                found |= positions
            if i == 0 or not _is_word(text[i - 1]):
                positions = word_start.get(key)
                if positions:
                    found |= positions
        return found
