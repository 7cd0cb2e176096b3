"""Starts the trained model and the real action server, as `make run` does, on free ports."""

from __future__ import annotations

import secrets
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
from bot.serving.embedded import MODEL, STARTUP_TIMEOUT_SECONDS, embedded_services
from bot.serving.supervisor import services_running
from tests.servers import ARTIFACTS, free_port
from tests.standins.graph_api import GraphApiStandIn, MetaApp


def rest_body(sender: str, message: str, message_id: str | None = None) -> dict[str, str]:
    """A REST turn; a message sent again keeps its first try's `message_id`
    (csp_components/server/resend.py)."""
    body = {"sender": sender, "message": message}
    if message_id is not None:
        body["message_id"] = message_id
    return body


class Chat:
    """One resident's conversation over Rasa's REST channel."""

    def __init__(self, base_url: str) -> None:
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.sender = f"e2e-{uuid.uuid4().hex}"

    def say(self, message: str, message_id: str | None = None) -> list[dict[str, Any]]:
        reply = requests.post(
            self.url, json=rest_body(self.sender, message, message_id), timeout=60
        )
        assert reply.status_code == 200, reply.text
        return reply.json()


@dataclass(frozen=True)
class Assistant:
    """The running system under test: where to talk to it, and where its traces are."""

    url: str
    web_url: str  # the demo council page with the chat widget, and the dashboard
    api_token: str
    database_url: str
    logs: Path
    meta_app: MetaApp  # the Messenger app's secrets the Messenger channel was started with
    graph_api: GraphApiStandIn  # where that channel sends replies: a stand-in for Meta's API

    def tracker(self, sender: str) -> dict[str, Any]:
        """The conversation as Rasa's tracker store holds it (API enabled for tests only)."""
        reply = requests.get(
            f"{self.url}/conversations/{sender}/tracker",
            params={"token": self.api_token, "include_events": "ALL"},
            timeout=30,
        )
        reply.raise_for_status()
        return reply.json()


def _start(stack: ExitStack) -> Assistant:
    assert MODEL.exists(), f"no trained model at {MODEL}: run `make test`, which trains it first"
    work = ARTIFACTS / "e2e"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    database_url = f"sqlite:///{work / 'concerns.db'}"
    ConcernStore(database_url).upgrade()  # as `csp-bot serve` does before it starts
    token = secrets.token_hex(16)
    meta_app = MetaApp.made_up()
    graph_api = GraphApiStandIn(meta_app.page_access_token)
    stack.callback(graph_api.close)
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    services = embedded_services(
        MODEL,
        rasa_port,
        actions_port,
        scratch=work,
        log_dir=work,
        env={"DATABASE_URL": database_url, **meta_app.environment(graph_api.url)},
        rasa_args=["--enable-api", "--auth-token", token],
        web_port=web_port,
    )
    stack.enter_context(services_running(services, paths.PROJECT_ROOT, STARTUP_TIMEOUT_SECONDS))
    return Assistant(
        f"http://localhost:{rasa_port}",
        f"http://localhost:{web_port}",
        token,
        database_url,
        work,
        meta_app,
        graph_api,
    )


_assistant: Assistant | None = None


def shared_assistant(config: pytest.Config) -> Assistant:
    """One running assistant for every test folder that needs it (e2e, widget, messenger):
    started by the first test that asks, stopped when the session ends."""
    global _assistant
    if _assistant is None:
        stack = ExitStack()
        try:
            _assistant = _start(stack)
        except BaseException:
            stack.close()
            raise
        config.add_cleanup(stack.close)
    return _assistant


@pytest.fixture(scope="session")
def assistant(request: pytest.FixtureRequest) -> Assistant:
    return shared_assistant(request.config)


@pytest.fixture
def chat(assistant: Assistant) -> Chat:
    return Chat(assistant.url)


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def button_titles(messages: list[dict[str, Any]]) -> list[str]:
    return [button["title"] for message in messages for button in message.get("buttons", [])]


def button_payload(messages: list[dict[str, Any]], title: str) -> str:
    for message in messages:
        for button in message.get("buttons", []):
            if button["title"] == title:
                return button["payload"]
    raise AssertionError(f"no button titled {title!r} in {messages}")
