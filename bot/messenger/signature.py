"""Meta signs every webhook request: X-Hub-Signature-256 is "sha256=" and the hex HMAC-SHA256 of
the raw request body, keyed with the app secret. A request without a valid one is not Meta's."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Hub-Signature-256"
PREFIX = "sha256="


def sign(app_secret: str, body: bytes) -> str:
    """The header value Meta sends with `body`."""
    digest = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return PREFIX + digest


def is_signed(app_secret: str, body: bytes, header: str | None) -> bool:
    """True only if `header` is the SHA-256 signature of `body` with `app_secret`.

    Compared in constant time. Without an app secret nothing is accepted: an empty key would
    let anyone sign."""
    if not app_secret or not header:
        return False
    return hmac.compare_digest(sign(app_secret, body).encode("ascii"), header.encode("utf-8"))
