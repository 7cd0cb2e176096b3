"""Rate limits: token buckets, one per key (a conversation's sender id, or a network address).

A bucket holds up to `burst` tokens and refills at `per_minute` tokens a minute; each message
takes one. Memory stays bounded: a bucket left alone long enough to be full again is the same
as no bucket, so it is dropped, and at most `max_keys` buckets are kept (the least recently
used go first).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from bot.settings import DEFAULTS, Settings


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(self, per_minute: float, burst: int, max_keys: int = 100_000) -> None:
        if per_minute <= 0 or burst < 1:
            raise ValueError("a rate limit needs a positive rate and a burst of at least 1")
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def retry_after(self, key: str, now: float | None = None) -> float:
        """Take a token for `key`: 0.0 if allowed, else the seconds until one is available."""
        now = time.monotonic() if now is None else now
        bucket = self._buckets.pop(key, None) or _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self._buckets[key] = bucket  # most recently used last
        self._forget_full(now)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate

    def __len__(self) -> int:
        return len(self._buckets)

    def _forget_full(self, now: float) -> None:
        refill_seconds = self.burst / self.rate
        while self._buckets:
            key, bucket = next(iter(self._buckets.items()))
            if len(self._buckets) <= self.max_keys and now - bucket.updated < refill_seconds:
                break
            del self._buckets[key]


@dataclass(frozen=True)
class ChatRateLimits:
    """Messages a minute (and burst) per conversation and per network address; 0 turns one off.

    Read from CSP_RATE_PER_SENDER, CSP_RATE_BURST_PER_SENDER, CSP_RATE_PER_ADDRESS and
    CSP_RATE_BURST_PER_ADDRESS. The conversation's limit is checked first and is the one a
    resident could meet; the address limit only stops floods, and is high enough for a busy
    library or school where dozens of residents share one public address (30 chatting at once
    is tested). In the production profile nginx limits each address, so the Rasa servers behind
    it (which see only nginx's address) are started with CSP_RATE_PER_ADDRESS=0."""

    per_sender: float = DEFAULTS.csp_rate_per_sender
    sender_burst: int = DEFAULTS.csp_rate_burst_per_sender
    per_address: float = DEFAULTS.csp_rate_per_address
    address_burst: int = DEFAULTS.csp_rate_burst_per_address

    @classmethod
    def from_settings(cls, settings: Settings) -> ChatRateLimits:
        return cls(
            per_sender=settings.csp_rate_per_sender,
            sender_burst=settings.csp_rate_burst_per_sender,
            per_address=settings.csp_rate_per_address,
            address_burst=settings.csp_rate_burst_per_address,
        )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> ChatRateLimits:
        return cls.from_settings(Settings.from_environ(environ))

    def limiters(self) -> tuple[RateLimiter | None, RateLimiter | None]:
        sender = RateLimiter(self.per_sender, self.sender_burst) if self.per_sender else None
        address = RateLimiter(self.per_address, self.address_burst) if self.per_address else None
        return sender, address
