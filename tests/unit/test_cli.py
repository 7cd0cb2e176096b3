"""`csp-bot` as an operator runs it: one process, standard input and output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot import cli, data_check, paths
from bot.datafile import DataError


def csp_bot(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=paths.PROJECT_ROOT,
        timeout=120,
        check=False,
    )


def test_redact_writes_one_line_per_line_in_order_even_for_odd_bytes() -> None:
    lines = [
        b"ring me on 07700 900123",
        b"",
        b"kids on bikes in Nelson",
        b"bad bytes \xff\xfe and a \x00 control",
        "Urdu: \u0645\u06cc\u0631\u0627 \u067e\u0691\u0648\u0633\u06cc BB4 7EX".encode(),
    ]
    result = csp_bot("redact", stdin=b"\n".join(lines) + b"\n")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode().split("\n")
    assert out[-1] == "" and len(out) - 1 == len(lines)
    assert out[0] == "ring me on [PHONE]"
    assert out[1] == ""
    assert out[2] == "kids on bikes in Nelson"
    assert "\x00" not in out[3]
    assert "BB4 7EX" not in out[4] and "[POSTCODE]" in out[4]


def test_purge_refuses_a_bad_duration_with_a_clear_message(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "concerns", "purge", "--older-than", "forever"],
        capture_output=True,
        cwd=paths.PROJECT_ROOT,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}", "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert b"not a duration" in result.stderr


def test_data_check_loads_every_maintained_file() -> None:
    done = csp_bot("data", "check")
    out = done.stdout.decode()
    assert done.returncode == 0, out
    assert "FAILED" not in out
    for folder in ("data/directory", "data/safety", "data/places", "data/languages", "data/maps"):
        assert folder in out


def test_data_check_names_what_failed_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise DataError("data/directory/contacts.yml: police_101.phone: not a phone number")

    monkeypatch.setattr(data_check, "checks", lambda: iter([("the contacts", broken)]))
    assert cli.main(["data", "check"]) == 1
    out = capsys.readouterr().out
    assert "FAILED  the contacts" in out and "police_101.phone" in out
    assert "0 of 1 data checks passed" in out
