"""Starting the assistant's processes together, waiting until each answers, and stopping them.

Used by `csp-bot serve` (what `make run` starts) and by the end-to-end tests, so that the
tests start the system exactly the way a resident's council would.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import requests

STOP_GRACE_SECONDS = 15


@dataclass
class Service:
    name: str
    argv: list[str]
    health_url: str
    env: dict[str, str] = field(default_factory=dict)
    log: Path | None = None  # None: inherit the terminal


class ServiceFailed(RuntimeError):
    pass


@dataclass
class Running:
    service: Service
    process: subprocess.Popen
    output: IO[bytes] | None = None

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.output is not None:
            self.output.close()


def free_port() -> int:
    """A TCP port on this machine that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(service: Service, cwd: Path) -> Running:
    output = service.log.open("ab") if service.log else None
    process = subprocess.Popen(
        service.argv,
        cwd=cwd,
        env={**os.environ, **service.env},
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
        start_new_session=True,  # Ctrl-C reaches the supervisor, which stops the group
    )
    return Running(service, process, output)


def wait_until_healthy(running: Running, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise ServiceFailed(f"{running.service.name} exited with {running.process.returncode}")
        try:
            if requests.get(running.service.health_url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise ServiceFailed(f"{running.service.name} did not answer within {timeout:.0f} s")


@contextmanager
def services_running(services: list[Service], cwd: Path, timeout: float) -> Iterator[list[Running]]:
    """Start every service, wait until all answer, and stop them all on the way out."""
    started: list[Running] = []
    try:
        for service in services:
            started.append(start(service, cwd))
        for running in started:
            wait_until_healthy(running, timeout)
        yield started
    finally:
        for running in reversed(started):
            running.stop()
