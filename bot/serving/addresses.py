"""Network addresses taken out of log lines before they are written (docs/privacy.md).

nginx puts the client's address into every error-log line (`client: 203.0.113.7`) and offers no
format to leave it out, so its error log is passed through here: the supervisor does it for
`make run-prod`, `csp-bot redact-addresses` (stdin to stdout) does it under systemd.
"""

from __future__ import annotations

import re
import sys
from typing import IO

REPLACEMENT = "[address]"
IPV4 = r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"
# Any run of hex groups with at least two colons (full, compressed, or with an IPv4 tail).
IPV6 = r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:" + IPV4 + r"|[0-9A-Fa-f]{1,4})?(?![\w:])"
ADDRESS = re.compile(f"{IPV6}|{IPV4}")
# The loopback and unspecified addresses nginx uses for its own upstreams are not anyone's.
KEPT = frozenset({"127.0.0.1", "0.0.0.0", "::1", "::"})


def _is_address(text: str) -> bool:
    """An IPv6 candidate must have `::` or all eight groups, so a time (00:53:12) is kept."""
    if ":" not in text:
        return True
    return "::" in text or text.count(":") >= 7 or "." in text


def redact(line: str) -> str:
    """`line` with every IPv4 and IPv6 address other than the loopback replaced."""

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        return REPLACEMENT if found not in KEPT and _is_address(found) else found

    return ADDRESS.sub(replace, line)


def copy_redacted(source: IO[bytes], target: IO[bytes]) -> None:
    """Copy `source` to `target` line by line, redacted, until `source` ends."""
    try:
        for raw in iter(source.readline, b""):
            target.write(redact(raw.decode("utf-8", errors="replace")).encode("utf-8"))
            target.flush()
    except (OSError, ValueError):  # the log was closed: the process has been stopped
        return


def main() -> int:
    copy_redacted(sys.stdin.buffer, sys.stdout.buffer)
    return 0
