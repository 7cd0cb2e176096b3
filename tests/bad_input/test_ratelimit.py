"""Token buckets (bot/chat/ratelimit.py): bursts, refills, and memory that stays bounded."""

from __future__ import annotations

import pytest

from bot.chat.ratelimit import ChatRateLimits, RateLimiter


def test_a_burst_then_one_message_per_refill() -> None:
    limiter = RateLimiter(per_minute=60, burst=3)
    assert [limiter.retry_after("a", now=0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.retry_after("a", now=0.0) == pytest.approx(1.0)
    assert limiter.retry_after("b", now=0.0) == 0.0  # others are not affected
    assert limiter.retry_after("a", now=1.0) == 0.0  # one token back after a second


def test_idle_and_excess_buckets_are_forgotten() -> None:
    limiter = RateLimiter(per_minute=60, burst=2, max_keys=100)
    for n in range(1000):
        limiter.retry_after(f"sender-{n}", now=0.0)
    assert len(limiter) == 100
    limiter.retry_after("late", now=10.0)  # every other bucket is full again by now
    assert len(limiter) == 1


def test_limits_come_from_the_environment_and_zero_turns_one_off() -> None:
    limits = ChatRateLimits.from_environment({"CSP_RATE_PER_ADDRESS": "0"})
    by_sender, by_address = limits.limiters()
    assert by_sender is not None and by_address is None
