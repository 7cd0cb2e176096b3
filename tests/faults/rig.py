"""The embedded assistant with switches on its wires, shared by the fault and bad-input tests.

The real trained model, Rasa server (with the project's channels) and action server, started as
`make run` starts them, on free ports; the action server is reached through a SwitchableProxy
(down or slow at will) and the concern log is a fresh PostgreSQL database reached through a
TcpProxy (cut and restored at will). It is started by the first test that asks for it and
stopped when the session ends, so the two test folders share one set of processes.
"""

from __future__ import annotations

import shutil
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from bot import paths
from bot.concern_log.store import ConcernStore
from bot.serving.embedded import (
    MODEL,
    STARTUP_TIMEOUT_SECONDS,
    action_server,
    endpoints_file,
    rasa_server,
)
from bot.serving.supervisor import services_running
from tests.databases import TcpProxy, postgres_database
from tests.faults.switch import SwitchableProxy
from tests.servers import ARTIFACTS, free_port

# Every test request comes from 127.0.0.1, so the per-address limit is raised from 1200 to 3000
# a minute (same burst of 200); the per-conversation limit is the default. tests/bad_input
# checks the conversation's; tests/production the address's (nginx's) with 30 residents at once.
RIG_ENV = {"CSP_RATE_PER_ADDRESS": "3000", "CSP_RATE_PER_SENDER": "30"}


@dataclass(frozen=True)
class Rig:
    url: str  # Rasa's base URL
    actions: SwitchableProxy  # between Rasa and the action server
    database: TcpProxy  # between the action server and PostgreSQL
    database_url: str
    logs: Path

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"

    def say(self, sender: str, message: str, timeout: float = 30) -> requests.Response:
        return requests.post(
            self.webhook, json={"sender": sender, "message": message}, timeout=timeout
        )


def new_sender() -> str:
    return f"rig-{uuid.uuid4().hex}"


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def _start(stack: ExitStack) -> Rig:
    assert MODEL.exists(), f"no trained model at {MODEL}: run `make test`, which trains it first"
    work = ARTIFACTS / "fault-rig"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    database = TcpProxy()
    stack.callback(database.close)
    database_url = stack.enter_context(postgres_database(port=database.port))
    store = ConcernStore(database_url)
    store.upgrade()
    store.engine.dispose()
    rasa_port, actions_port = free_port(), free_port()
    actions = SwitchableProxy(actions_port)
    stack.callback(actions.close)
    env = {**RIG_ENV, "DATABASE_URL": database_url, "CSP_CHAT_ORIGINS": ""}
    services = [
        action_server(actions_port, env, work / "actions.log"),
        rasa_server(MODEL, rasa_port, endpoints_file(actions.port, work), env, work / "rasa.log"),
    ]
    stack.enter_context(services_running(services, paths.PROJECT_ROOT, STARTUP_TIMEOUT_SECONDS))
    return Rig(f"http://localhost:{rasa_port}", actions, database, database_url, work)


_rig: Rig | None = None


def shared_rig(config: pytest.Config) -> Rig:
    global _rig
    if _rig is None:
        stack = ExitStack()
        try:
            _rig = _start(stack)
        except BaseException:
            stack.close()
            raise
        config.add_cleanup(stack.close)
    return _rig
