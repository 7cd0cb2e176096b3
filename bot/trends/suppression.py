"""Small-count suppression: the "10-5" rule the ONS publishes with.

Every count that is shown or downloaded goes through `publish`:
  * 0 is shown as 0 (nobody is described by an empty cell);
  * 1 to 9 is suppressed, shown as "[c]" (the ONS symbol for confidential);
  * 10 and more is rounded to the nearest 5 (12 -> 10, 13 -> 15).
Totals are computed from the exact counts in the database and then rounded on their own, never
added up from rounded cells, so no suppressed cell can be recovered by subtracting the cells
shown from a total: every figure carries up to +-2 of rounding. Changes and rates are worked out
from the published figures only. docs/dashboard.md explains the choice and its sources.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 10  # counts below this (other than 0) are suppressed
ROUND_TO = 5
SUPPRESSED = "[c]"


@dataclass(frozen=True)
class Published:
    """A count as it may be shown: `value` is None when suppressed."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return SUPPRESSED if self.value is None else f"{self.value:,}"


def publish(count: int) -> Published:
    if count < 0:
        raise ValueError("a count cannot be negative")
    if count == 0:
        return Published(0)
    if count < THRESHOLD:
        return Published(None)
    return Published(ROUND_TO * ((count + ROUND_TO // 2) // ROUND_TO))


def difference(now: Published, before: Published) -> int | None:
    """now - before, from the published figures; None when either is withheld."""
    if now.value is None or before.value is None:
        return None
    return now.value - before.value


def percent_change(now: Published, before: Published) -> int | None:
    """The change as a whole percentage of `before`; None when withheld or `before` is 0."""
    found = difference(now, before)
    if found is None or not before.value:
        return None
    return round(100 * found / before.value)


def change(now: Published, before: Published) -> str:
    """The change between two published figures, in words a sentence can hold."""
    found = difference(now, before)
    if found is None:
        return SUPPRESSED
    percent = percent_change(now, before)
    return f"{found:+,}" if percent is None else f"{found:+,} ({percent:+d}%)"
