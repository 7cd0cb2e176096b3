"""`csp-bot serve` (what `make run` starts) stops everything it started, however many stop
signals arrive: `make` and `timeout` each pass a SIGTERM on, and people press Ctrl-C twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from bot import paths
from bot.serving.embedded import MODEL, STARTUP_TIMEOUT_SECONDS
from bot.serving.supervisor import STOP_GRACE_SECONDS, free_port

pytestmark = pytest.mark.e2e

READY = b"Press Ctrl-C to stop."


def test_three_stop_signals_at_once_leave_no_process_running(tmp_path: Path) -> None:
    assert MODEL.exists(), "run `make test`, which trains the model first"
    log = tmp_path / "serve.log"
    ports = [str(free_port()) for _ in range(3)]
    with log.open("wb") as output:
        serve = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot.cli",
                "serve",
                "--model",
                str(MODEL),
                "--rasa-port",
                ports[0],
                "--actions-port",
                ports[1],
                "--web-port",
                ports[2],
            ],
            cwd=paths.PROJECT_ROOT,
            env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'concerns.db'}"},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    started: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while READY not in log.read_bytes():
            assert serve.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.5)
        started = psutil.Process(serve.pid).children(recursive=True)
        assert len(started) >= 2, [p.cmdline() for p in started]
        for _ in range(3):
            serve.send_signal(signal.SIGTERM)
        serve.wait(STOP_GRACE_SECONDS * len(started) + 10)
        _gone, alive = psutil.wait_procs(started, timeout=5)
        assert alive == [], [p.cmdline() for p in alive]
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
        for process in started:  # whatever was left running: killed, the test has failed
            if process.is_running():
                os.killpg(process.pid, signal.SIGKILL)
