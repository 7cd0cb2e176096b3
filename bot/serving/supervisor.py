"""Starting the assistant's processes, waiting until each answers, keeping them running.

`services_running` starts a set together and stops them together: `make run` (the embedded
profile) and the tests of single servers. `Supervisor` keeps each process of the production
profile running on its own (`make run-prod`): a process that exits is started again after a
back-off (1 s, doubling to 30 s, back to 1 s once it has stayed up a minute) while the others
keep serving; each process is ready only once its readiness check has answered, and is taken
out again when the check fails three times running (a frozen process), killed and restarted if
that lasts a minute. Every change of readiness is handed to a callback: the production profile
rewrites nginx's upstreams and reloads it, so nginx sends traffic only to ready servers.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import requests

from bot.serving.addresses import copy_redacted

STOP_GRACE_SECONDS = 15


@dataclass
class Service:
    name: str
    argv: list[str]
    health_url: str
    env: dict[str, str] = field(default_factory=dict)
    log: Path | None = None  # None: inherit the terminal
    redact_addresses: bool = False  # pass its output through bot/serving/addresses.py (nginx)


class ServiceFailed(RuntimeError):
    pass


@dataclass
class Running:
    service: Service
    process: subprocess.Popen[bytes]
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
    piped = service.redact_addresses
    process = subprocess.Popen(
        service.argv,
        cwd=cwd,
        env={**os.environ, **service.env},
        stdout=subprocess.PIPE if piped else output,
        stderr=subprocess.STDOUT if (output or piped) else None,
        start_new_session=True,  # Ctrl-C reaches the supervisor, which stops the group
    )
    if piped:
        target = output if output is not None else sys.stderr.buffer
        threading.Thread(target=copy_redacted, args=(process.stdout, target), daemon=True).start()
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


FIRST_DELAY_SECONDS = 1.0
MAX_DELAY_SECONDS = 30.0
STEADY_SECONDS = 60.0  # up this long: the next restart waits FIRST_DELAY_SECONDS again
CHECK_EVERY_SECONDS = 2.0
FAILED_CHECKS = 3  # failed readiness checks in a row before a process is taken out
HUNG_SECONDS = 60.0  # taken out this long while still running: killed and started again
FAILED_STARTS = 3  # exits before it was ever ready: wait_ready gives up (see its docstring)


@dataclass
class Supervised:
    """One process the Supervisor keeps running, and what it knows about it."""

    service: Service
    running: Running | None = None
    ready: bool = False
    ever_ready: bool = False
    held: bool = False  # stopped on purpose (Supervisor.hold): not restarted
    restarts: int = 0
    delay: float = FIRST_DELAY_SECONDS
    start_at: float = 0.0
    started: float = 0.0
    checked: float = 0.0
    failed_checks: int = 0
    unready_since: float | None = None

    @property
    def pid(self) -> int | None:
        return self.running.process.pid if self.running else None

    def alive(self) -> bool:
        return self.running is not None and self.running.process.poll() is None


class Supervisor:
    """Keeps every service running (see the module's docstring). `step()` does one round of
    checks; `run(stop)` repeats it until `stop` is set. Thread-safe for reading `ready_names`
    and for `kill`, `hold` and `release` from another thread (the tests')."""

    def __init__(
        self,
        services: list[Service],
        cwd: Path,
        on_change: Callable[[frozenset[str]], None] | None = None,
        state_file: Path | None = None,
        log: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
    ) -> None:
        self.cwd = cwd
        self.on_change = on_change
        self.state_file = state_file
        self.log = log
        self.lock = threading.RLock()
        self.members = {service.name: Supervised(service) for service in services}
        self._published: frozenset[str] | None = None

    def start(self, names: list[str] | None = None) -> None:
        """Start the named services (all by default) now."""
        with self.lock:
            for name in names or list(self.members):
                self._start(self.members[name], time.monotonic())

    def ready_names(self) -> frozenset[str]:
        with self.lock:
            return frozenset(name for name, m in self.members.items() if m.ready)

    def wait_ready(self, names: list[str] | None, timeout: float) -> None:
        """Until every named service (all by default) is ready; ServiceFailed after `timeout`,
        or at once when one has exited FAILED_STARTS times without ever being ready."""
        wanted = set(names or self.members)
        deadline = time.monotonic() + timeout
        while not wanted <= self.ready_names():
            with self.lock:
                failing = sorted(
                    name
                    for name in wanted
                    if not self.members[name].ever_ready
                    and self.members[name].restarts >= FAILED_STARTS
                )
            if failing:  # never came up at all: a configuration error, not a fault to wait out
                raise ServiceFailed(f"{', '.join(failing)} exited {FAILED_STARTS} times at start")
            if time.monotonic() > deadline:
                missing = ", ".join(sorted(wanted - self.ready_names()))
                raise ServiceFailed(f"{missing} not ready within {timeout:.0f} s")
            time.sleep(0.2)

    def step(self) -> None:
        with self.lock:
            now = time.monotonic()
            for member in self.members.values():
                self._step(member, now)
            self._publish()

    def run(self, stop: threading.Event, every: float = 0.25) -> None:
        while not stop.is_set():
            self.step()
            stop.wait(every)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int:
        """Send `sig` to a service's process (the fault tests); its pid."""
        with self.lock:
            pid = self.members[name].pid
        assert pid is not None, f"{name} is not running"
        os.kill(pid, sig)
        return pid

    def hold(self, name: str) -> None:
        """Stop a service and keep it stopped until `release` (maintenance, tests)."""
        with self.lock:
            member = self.members[name]
            member.held, member.ready = True, False
            self._publish()
            if member.running:
                member.running.stop()
                member.running = None

    def release(self, name: str) -> None:
        with self.lock:
            member = self.members[name]
            member.held, member.delay = False, FIRST_DELAY_SECONDS
            member.start_at = time.monotonic()

    def stop_all(self) -> None:
        with self.lock:
            for member in reversed(list(self.members.values())):
                member.held, member.ready = True, False
                if member.running:
                    member.running.stop()
                    member.running = None

    def _start(self, member: Supervised, now: float) -> None:
        member.running = start(member.service, self.cwd)
        member.started = member.checked = now
        member.ready, member.failed_checks, member.unready_since = False, 0, now

    def _step(self, member: Supervised, now: float) -> None:
        if member.held:
            return
        if member.running is None:
            if now >= member.start_at:
                self.log(f"supervisor: starting {member.service.name}")
                self._start(member, now)
            return
        code = member.running.process.poll()
        if code is not None:
            self._exited(member, code, now)
            return
        if member.ready and now - member.checked < CHECK_EVERY_SECONDS:
            return
        member.checked = now
        if _answers(member.service.health_url):
            if not member.ready:
                self.log(f"supervisor: {member.service.name} is ready")
            member.ready, member.failed_checks, member.unready_since = True, 0, None
            member.ever_ready = True
            if now - member.started > STEADY_SECONDS:
                member.delay = FIRST_DELAY_SECONDS
            return
        if member.ready:
            member.failed_checks += 1
            if member.failed_checks >= FAILED_CHECKS:
                self.log(f"supervisor: {member.service.name} stopped answering; taken out")
                member.ready, member.unready_since = False, now
        elif (
            member.unready_since is not None
            and member.failed_checks >= FAILED_CHECKS
            and now - member.unready_since > HUNG_SECONDS
        ):
            self.log(f"supervisor: {member.service.name} hung for {HUNG_SECONDS:.0f} s; killing")
            os.killpg(member.running.process.pid, signal.SIGKILL)

    def _exited(self, member: Supervised, code: int, now: float) -> None:
        assert member.running is not None
        # what it leaves behind (nginx's workers would keep its port) goes with it
        with contextlib.suppress(ProcessLookupError):
            os.killpg(member.running.process.pid, signal.SIGKILL)
        member.running.stop()  # closes its log file
        member.running, member.ready = None, False
        if now - member.started > STEADY_SECONDS:
            member.delay = FIRST_DELAY_SECONDS
        member.start_at = now + member.delay
        member.restarts += 1
        self.log(
            f"supervisor: {member.service.name} exited with {code}; "
            f"restarting in {member.delay:.0f} s"
        )
        member.delay = min(MAX_DELAY_SECONDS, member.delay * 2)

    def _publish(self) -> None:
        ready = frozenset(name for name, m in self.members.items() if m.ready)
        if ready == self._published:
            return
        self._published = ready
        if self.state_file is not None:
            state = {
                name: {"pid": m.pid, "ready": m.ready, "restarts": m.restarts}
                for name, m in self.members.items()
            }
            self.state_file.write_text(json.dumps(state, indent=2), encoding="utf-8")
        if self.on_change is not None:
            self.on_change(ready)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).ok
    except requests.RequestException:
        return False
