"""The supervisor (bot/serving/supervisor.py) with small real processes (Python's own HTTP server): a
killed process comes back on its own after its back-off while the other keeps answering, a
frozen one is taken out and taken back, readiness changes reach the callback in order."""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bot.serving import supervisor as supervision
from bot.serving.supervisor import Service, Supervisor, free_port


def http_server(name: str, folder: Path) -> Service:
    port = free_port()
    return Service(
        name=name,
        argv=[sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        health_url=f"http://127.0.0.1:{port}/",
        log=folder / f"{name}.log",
    )


@pytest.fixture
def supervised(tmp_path: Path) -> Iterator[tuple[Supervisor, list[frozenset[str]]]]:
    changes: list[frozenset[str]] = []
    services = [http_server("one", tmp_path), http_server("two", tmp_path)]
    keeper = Supervisor(
        services,
        tmp_path,
        on_change=changes.append,
        state_file=tmp_path / "state.json",
        log=lambda _: None,
    )
    stop = threading.Event()
    loop = threading.Thread(target=keeper.run, args=(stop, 0.05))
    keeper.start()
    loop.start()
    try:
        keeper.wait_ready(None, 30)
        yield keeper, changes
    finally:
        stop.set()
        loop.join()
        keeper.stop_all()


def answers(service: Service) -> bool:
    try:
        return requests.get(service.health_url, timeout=1).ok
    except requests.RequestException:
        return False


def test_a_killed_process_restarts_on_its_own_while_the_other_keeps_answering(
    supervised: tuple[Supervisor, list[frozenset[str]]],
) -> None:
    keeper, changes = supervised
    assert changes[-1] == {"one", "two"}
    for restart in range(2):  # the second restart waits twice as long (back-off)
        pid = keeper.kill("one", signal.SIGKILL)
        killed = time.monotonic()
        while "one" in keeper.ready_names():
            time.sleep(0.02)
        assert answers(keeper.members["two"].service)  # the other never stopped
        keeper.wait_ready(["one"], 30)
        took = time.monotonic() - killed
        assert keeper.members["one"].pid != pid and keeper.members["one"].restarts == restart + 1
        assert took >= supervision.FIRST_DELAY_SECONDS * 2**restart, took
    assert {"two"} in changes  # nginx would have been told to send everything to "two"
    state = (keeper.state_file or Path()).read_text()
    assert '"restarts": 2' in state


def test_a_frozen_process_is_taken_out_then_back_and_a_held_one_stays_down(
    supervised: tuple[Supervisor, list[frozenset[str]]],
) -> None:
    keeper, _ = supervised
    pid = keeper.kill("two", signal.SIGSTOP)
    try:
        frozen = time.monotonic()
        while "two" in keeper.ready_names():
            assert time.monotonic() - frozen < 15
            time.sleep(0.05)
    finally:
        keeper.kill("two", signal.SIGCONT)
    keeper.wait_ready(["two"], 15)
    assert keeper.members["two"].pid == pid  # the same process: frozen, not killed
    keeper.hold("one")
    time.sleep(1.5)
    assert keeper.ready_names() == {"two"} and keeper.members["one"].pid is None
    keeper.release("one")
    keeper.wait_ready(["one"], 30)
