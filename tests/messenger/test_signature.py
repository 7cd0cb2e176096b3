"""X-Hub-Signature-256: what Meta signs, and what the webhook must refuse."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.messenger import signature
from bot.messenger.signature import is_signed, sign

SECRET = "app-secret-for-tests"
BODY = b'{"object":"page","entry":[]}'


def test_a_signature_is_the_hmac_sha256_of_the_raw_body_with_the_app_secret() -> None:
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY) == f"sha256={expected}"
    assert is_signed(SECRET, BODY, f"sha256={expected}")


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "sha256=",
        sign("another-secret", BODY),  # forged: signed with the wrong secret
        sign(SECRET, BODY + b" "),  # the body was changed after signing
        sign(SECRET, BODY).upper(),
        "sha1=" + hmac.new(SECRET.encode(), BODY, hashlib.sha1).hexdigest(),  # the old header
        "md5=" + hmac.new(SECRET.encode(), BODY, hashlib.md5).hexdigest(),
        sign(SECRET, BODY)[len("sha256=") :],  # no prefix
        sign(SECRET, BODY) + "00",
        "sha256=ünïcode",
    ],
)
def test_anything_but_the_right_signature_is_refused(header: str | None) -> None:
    assert not is_signed(SECRET, BODY, header)


def test_without_an_app_secret_nothing_is_accepted() -> None:
    assert not is_signed("", BODY, sign("", BODY))


def test_the_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    constant_time = hmac.compare_digest

    def compare(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return constant_time(a, b)

    monkeypatch.setattr(signature.hmac, "compare_digest", compare)
    assert is_signed(SECRET, BODY, sign(SECRET, BODY))
    assert len(calls) == 1


@given(st.binary(max_size=2000), st.text(min_size=1, max_size=64))
def test_any_body_signed_with_the_secret_passes_and_fails_with_one_bit_changed(
    body: bytes, secret: str
) -> None:
    header = sign(secret, body)
    assert is_signed(secret, body, header)
    if body:
        tampered = bytes([body[0] ^ 1]) + body[1:]
        assert not is_signed(secret, tampered, header)
