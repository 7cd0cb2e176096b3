"""The periods a selection is compared with: the one before it and the same dates a year
before."""

from __future__ import annotations

from datetime import date

import pytest

from bot.trends.filters import Filters


@pytest.mark.parametrize(
    ("start", "end", "before"),
    [
        # a quarter against the quarter before, not "31 March to 30 June"
        (date(2026, 7, 1), date(2026, 9, 30), (date(2026, 4, 1), date(2026, 6, 30))),
        (date(2026, 3, 1), date(2026, 3, 31), (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2026, 1, 1), date(2026, 12, 31), (date(2025, 1, 1), date(2025, 12, 31))),
        # anything else: the same number of days just before
        (date(2026, 11, 2), date(2026, 11, 15), (date(2026, 10, 19), date(2026, 11, 1))),
        (date(2026, 7, 1), date(2026, 9, 29), (date(2026, 4, 1), date(2026, 6, 30))),  # 91 days
    ],
)
def test_the_period_before(start: date, end: date, before: tuple[date, date]) -> None:
    previous = Filters(start, end).previous()
    assert (previous.start, previous.end) == before


def test_the_same_dates_a_year_before() -> None:
    year = Filters(date(2026, 7, 1), date(2026, 9, 30)).last_year()
    assert (year.start, year.end) == (date(2025, 7, 1), date(2025, 9, 30))
    leap = Filters(date(2028, 2, 1), date(2028, 2, 29)).last_year()
    assert (leap.start, leap.end) == (date(2027, 2, 1), date(2027, 2, 28))
