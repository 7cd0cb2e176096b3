"""The spike rule: is one week's count far above what the weeks before it were?

A week is flagged as a spike when, with the exact weekly counts,
  * the 8 complete weeks before it are in the range looked at (the baseline),
  * its count is at least the suppression threshold (so a flag never points at a
    suppressed cell), and
  * its count is above the upper limit mean + 3 x spread of the baseline, where the spread is
    the larger of the baseline's standard deviation and the square root of its mean.
Three-sigma limits are the "special cause" test of statistical process control as the NHS uses
it (NHS England, "Making Data Count"); the square-root floor is the Poisson spread of a count
(a c-chart), so a flat baseline cannot make a rise of two or three concerns a spike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from bot.trends.suppression import THRESHOLD

BASELINE_WEEKS = 8
SIGMAS = 3


@dataclass(frozen=True)
class SpikeTest:
    count: int
    baseline_mean: float
    upper_limit: float

    @property
    def is_spike(self) -> bool:
        return self.count >= THRESHOLD and self.count > self.upper_limit


def mean(values: list[int]) -> float:
    return sum(values) / len(values)


def standard_deviation(values: list[int]) -> float:
    """The sample standard deviation (n - 1 in the denominator)."""
    centre = mean(values)
    return math.sqrt(sum((v - centre) ** 2 for v in values) / (len(values) - 1))


def upper_limit(baseline: list[int]) -> float:
    spread = max(standard_deviation(baseline), math.sqrt(mean(baseline)))
    return mean(baseline) + SIGMAS * spread


def check_week(count: int, baseline: list[int]) -> SpikeTest | None:
    """The test of one week against the counts of the weeks before it (oldest first);
    None when there are fewer than BASELINE_WEEKS of them."""
    if len(baseline) < BASELINE_WEEKS:
        return None
    window = baseline[-BASELINE_WEEKS:]
    return SpikeTest(count, mean(window), upper_limit(window))


def spikes(weekly: list[int]) -> list[bool]:
    """For a series of complete weekly counts (oldest first): which weeks are spikes. The same
    rule as `check_week`, for every week at once (numpy over sliding 8-week windows): the
    dashboard tests every category in every borough."""
    flags = [False] * len(weekly)
    if len(weekly) <= BASELINE_WEEKS:
        return flags
    counts = np.asarray(weekly, dtype=float)
    windows = sliding_window_view(counts[:-1], BASELINE_WEEKS)  # window i: the 8 before i + 8
    means = windows.sum(axis=1) / BASELINE_WEEKS
    deviations = np.sqrt(((windows - means[:, None]) ** 2).sum(axis=1) / (BASELINE_WEEKS - 1))
    limits = means + SIGMAS * np.maximum(deviations, np.sqrt(means))
    now = counts[BASELINE_WEEKS:]
    found = (now >= THRESHOLD) & (now > limits)
    flags[BASELINE_WEEKS:] = [bool(flag) for flag in found]
    return flags
