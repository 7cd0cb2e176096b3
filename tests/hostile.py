"""Hostile request bodies for every entry point, shared by the direct tests (tests/bad_input,
tests/messenger, tests/dashboard) and the tests through nginx (tests/production): deep nesting,
numbers too long to read, invalid UTF-8, control characters, NaN, lone surrogates, and plain
random bytes. Whatever arrives, the answer is never a 5xx."""

from __future__ import annotations

import json

from hypothesis import strategies as st

# The shapes that broke or could break a JSON reader, each a complete request body.
KNOWN_BAD: list[bytes] = [
    b"[" * 990 + b"]" * 990,  # about 2 KB: Python's reader recursed into a RecursionError
    b'{"sender": "a", "message": "hi", "metadata": ' + b'{"a": ' * 800 + b"1" + b"}" * 801,
    b'{"sender": "a", "message": "hi", "metadata": {"n": ' + b"9" * 5000 + b"}}",
    b'{"sender": "a", "message": "hi", "metadata": {"n": 1e999999}}',
    b'{"sender": "a", "message": "hi", "metadata": {"n": NaN, "m": -Infinity}}',
    b'{"sender": "a", "message": "hi", "metadata": {"k": "\\ud800"}}',
    b'{"sender": "a", "message": "caf\xe9 \xff\xfe"}',
    b'{"sender": "a\\u0000b", "message": "hi"}',
    b'{"sender": "a", "message": "\\u0000\\u0007\\u001b[31m\\u202e"}',
    b'{"sender": "a", "message": 12345678901234567890123456789012345678901234567890}',
    b"\x00" * 64,
    b"\xef\xbb\xbf" + b'{"sender": "a", "message": "hi"}',  # a byte-order mark
]

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
_documents = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


def _nested(depth: int, opener: str) -> bytes:
    closer = {"[": "]", "{": "}"}[opener]
    inner = '"a": ' if opener == "{" else ""
    return ((opener + inner) * depth + "1" + closer * depth).encode()


_deep = st.builds(_nested, st.integers(1, 3000), st.sampled_from(["[", "{"]))
_long_numbers = st.builds(
    lambda digits, exponent: (
        b'{"sender": "a", "message": "hi", "metadata": {"n": '
        + b"7" * digits
        + exponent.encode()
        + b"}}"
    ),
    st.integers(1, 10_000),
    st.sampled_from(["", ".5", "e999", "e-999", "E+400"]),
)
_chat_like = st.builds(
    lambda sender, message, metadata: json.dumps(
        {"sender": sender, "message": message, "metadata": metadata}
    ).encode(),
    st.text(max_size=40),
    st.text(max_size=300),  # any code point: controls, surrogates, bidirectional overrides
    _documents,
)

hostile_bodies = (
    st.sampled_from(KNOWN_BAD)
    | _deep
    | _long_numbers
    | _chat_like
    | _documents.map(lambda d: json.dumps(d).encode())
    | st.binary(max_size=2000)
)
