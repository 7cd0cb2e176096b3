"""The suppression rule and the spike rule, against figures worked out by hand."""

from __future__ import annotations

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
