"""The production topology on loopback, started once for the session as `make run-prod` starts it
(bot/production.py): nginx from Debian's package in front of two Rasa servers and two action
servers, the web server, conversations in Redis with a Redis lock store, the concern log in a
fresh PostgreSQL database. Redis is a private redis-server on a free port, reached through a
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

from bot import paths
from bot.concerns.store import ConcernStore
from bot.production import Layout, production_services
from bot.supervisor import Running, services_running
from bot.system import MODEL, STARTUP_TIMEOUT_SECONDS
from tests.databases import TcpProxy, postgres_database
from tests.servers import ARTIFACTS, free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@dataclass(frozen=True)
class Topology:
    layout: Layout
    running: dict[str, Running]  # by service name: "rasa 1", "action server 2", "nginx", ...
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

    def post(self, base_url: str, message: str) -> requests.Response:
        return requests.post(
            f"{base_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": message},
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


@pytest.fixture(scope="session")
def topology() -> Iterator[Topology]:
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
            }
            services = production_services(
                MODEL,
                layout,
                work,
                environ,
                log_dir=work,
                rasa_args=["--enable-api", "--auth-token", token],
            )
            with services_running(services, paths.PROJECT_ROOT, STARTUP_TIMEOUT_SECONDS) as running:
                yield Topology(
                    layout,
                    {r.service.name: r for r in running},
                    redis_proxy,
                    database_url,
                    token,
                    work,
                )
    finally:
        redis_proxy.close()
        redis_server.terminate()
        redis_server.wait(10)
