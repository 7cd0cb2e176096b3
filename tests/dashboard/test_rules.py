"""The suppression rule and the spike rule, against figures worked out by hand."""

from __future__ import annotations

import random

import pytest

from bot.trends.spikes import check_week, spikes, upper_limit
from bot.trends.suppression import Published, change, publish


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0"), (1, "[c]"), (9, "[c]"), (10, "10"), (12, "10"), (13, "15"), (14, "15"),
     (15, "15"), (17, "15"), (18, "20"), (1232, "1,230"), (1233, "1,235")],
)  # fmt: skip
def test_counts_under_ten_are_withheld_and_the_rest_rounded_to_five(count: int, shown: str) -> None:
    assert str(publish(count)) == shown


def test_a_suppressed_cell_cannot_be_recovered_from_a_rounded_total() -> None:
    # Cells 7 (withheld) and 12, total 19: the table shows [c], 10 and 20. Every hidden value
    # from 6 to 9 gives the same published table, so subtraction recovers nothing exact.
    tables = {
        hidden: (publish(hidden), publish(12), publish(hidden + 12)) for hidden in range(1, 10)
    }
    assert tables[7] == (Published(None), Published(10), Published(20))
    assert [h for h, t in tables.items() if t == tables[7]] == [6, 7, 8, 9]


def test_changes_come_from_published_figures_only() -> None:
    assert change(publish(13), publish(21)) == "-5 (-25%)"  # 15 against 20
    assert change(publish(13), publish(4)) == "[c]"
    assert change(publish(12), publish(0)) == "+10"


def test_the_upper_limit_is_mean_plus_three_spreads() -> None:
    baseline = [10, 12, 8, 10, 11, 9, 10, 10]
    # mean 10; sample sd sqrt(10/7) = 1.195 < sqrt(10) = 3.162, so the limit is 10 + 3 x 3.162
    assert upper_limit(baseline) == pytest.approx(19.487, abs=0.001)
    assert check_week(20, baseline).is_spike
    assert not check_week(19, baseline).is_spike


def test_a_spread_out_baseline_raises_the_limit() -> None:
    baseline = [0, 20, 0, 20, 0, 20, 0, 20]  # mean 10, sd sqrt(8 x 100 / 7) = 10.690
    assert upper_limit(baseline) == pytest.approx(10 + 3 * 10.690, abs=0.005)
    assert not check_week(42, baseline).is_spike
    assert check_week(43, baseline).is_spike


def test_no_flag_without_eight_weeks_or_under_the_threshold() -> None:
    assert check_week(50, [1] * 7) is None
    assert not check_week(9, [0] * 8).is_spike  # far above a zero baseline, but withheld
    assert spikes([2] * 8 + [15, 2]) == [False] * 8 + [True, False]


def test_every_week_at_once_agrees_with_one_week_at_a_time() -> None:
    """`spikes` (numpy, all weeks) against `check_week` (one week), on 3,000 random series
    shaped like weekly counts: flat, noisy, with bursts, and small."""
    rng = random.Random(19)
    for _ in range(3000):
        size = rng.randint(1, 30)
        kind = rng.choice(["flat", "noisy", "burst", "small"])
        if kind == "flat":
            level = rng.choice([0, 1, 4, 9, 16, 25])
            weekly = [level] * size
        elif kind == "small":
            weekly = [rng.randint(0, 12) for _ in range(size)]
        else:
            weekly = [max(0, int(rng.gauss(40, 12))) for _ in range(size)]
        if kind == "burst" and size > 9:
            weekly[rng.randrange(8, size)] += rng.randint(10, 80)
        expected = []
        for index, count in enumerate(weekly):
            test = check_week(count, weekly[:index])
            expected.append(bool(test and test.is_spike))
        assert spikes(weekly) == expected, weekly
