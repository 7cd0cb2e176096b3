"""The production topology on loopback, started once for the session as `make run-prod` starts it
(bot/serving/production.py, under its supervisor): nginx from Debian's package in front of two Rasa
servers and two action servers, the web server, conversations in Redis with a Redis lock store,
the concern log in a fresh PostgreSQL database. Tests that kill or freeze a process leave the
supervisor to bring it back; the `topology` fixture waits until everything is ready again. Redis is a private redis-server on a free port, reached through a
TcpProxy, so an outage can be made without touching the machine's shared Redis.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
import requests

from bot.concern_log.store import ConcernStore
from bot.serving.embedded import MODEL, STARTUP_TIMEOUT_SECONDS
from bot.serving.production import Layout, production_services, supervised
from bot.serving.supervisor import Supervisor
from tests.databases import TcpProxy, postgres_database
from tests.e2e.conftest import rest_body
from tests.servers import ARTIFACTS, free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@dataclass(frozen=True)
class Topology:
    layout: Layout
    supervisor: Supervisor  # its services by name: "rasa 1", "action server 2", "nginx", ...
    redis: TcpProxy  # between every Rasa server and Redis
    database_url: str
    api_token: str
    logs: Path

    @property
    def public(self) -> str:
        return self.layout.public_url

    def rasa(self, n: int) -> str:
        return f"http://localhost:{self.layout.rasa_ports[n - 1]}"

    def tracker(self, sender: str, n: int = 1) -> dict[str, Any]:
        reply = requests.get(
            f"{self.rasa(n)}/conversations/{sender}/tracker",
            params={"token": self.api_token},
            timeout=30,
        )
        reply.raise_for_status()
        return reply.json()


class Resident:
    """One resident's conversation, each turn sent to whichever base URL the test chooses."""

    def __init__(self, forwarded_for: str | None = None) -> None:
        self.sender = f"prod-{uuid.uuid4().hex}"
        self.headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}

    def post(self, base_url: str, message: str, message_id: str | None = None) -> requests.Response:
        """One turn; a resend of a message names it with the same `message_id` as its first
        try, as a client should."""
        return requests.post(
            f"{base_url}/webhooks/rest/webhook",
            json=rest_body(self.sender, message, message_id),
            headers=self.headers,
            timeout=60,
        )

    def say(self, base_url: str, message: str) -> list[dict[str, Any]]:
        response = self.post(base_url, message)
        assert response.status_code == 200, (response.status_code, response.text[:500])
        return response.json()


def _private_redis(port: int, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(log),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while True:
        try:
            redis.Redis(port=port).ping()
            return process
        except redis.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.1)


@pytest.fixture
def topology(started: Topology) -> Topology:
    """The topology with every process ready (a test before may have killed one)."""
    started.supervisor.wait_ready(None, STARTUP_TIMEOUT_SECONDS)
    return started


@pytest.fixture(scope="session")
def started() -> Iterator[Topology]:
    assert MODEL.exists(), f"no trained model at {MODEL}: run `make test`, which trains it first"
    work = ARTIFACTS / "production"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    layout = Layout(
        public_port=free_port(),
        rasa_ports=(free_port(), free_port()),
        actions_ports=(free_port(), free_port()),
        actions_balancer_port=free_port(),
        web_port=free_port(),
    )
    temporary = work / "tmp"
    temporary.mkdir()
    redis_port = free_port()
    redis_server = _private_redis(redis_port, work / "redis.log")
    redis_proxy = TcpProxy(target_port=redis_port)
    token = secrets.token_hex(16)
    try:
        with postgres_database() as database_url:
            store = ConcernStore(database_url)
            store.upgrade()
            store.engine.dispose()
            environ = {
                "DATABASE_URL": database_url,
                "REDIS_HOST": "127.0.0.1",
                "REDIS_PORT": str(redis_proxy.port),
                "REDIS_PASSWORD": "",
                "REDIS_TRACKER_DB": "0",
                "REDIS_LOCK_DB": "1",
                "CSP_SECRET_KEY": secrets.token_hex(32),
                "TMPDIR": str(temporary),  # searched by the leak test
            }
            services = production_services(
                MODEL,
                layout,
                work,
                environ,
                log_dir=work,
                rasa_args=["--enable-api", "--auth-token", token],
            )
            with supervised(services, layout, environ, work, STARTUP_TIMEOUT_SECONDS) as supervisor:
                yield Topology(
                    layout,
                    supervisor,
                    redis_proxy,
                    database_url,
                    token,
                    work,
                )
    finally:
        redis_proxy.close()
        redis_server.terminate()
        redis_server.wait(10)
