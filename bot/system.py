"""The processes that make up the assistant in its embedded profile, and how to start them."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from bot import paths
from bot.supervisor import Service

RASA_PORT = 5005
ACTIONS_PORT = 5055
WEB_PORT = 8080
MODEL = paths.PROJECT_ROOT / "models" / "csp.tar.gz"
STARTUP_TIMEOUT_SECONDS = 300
QUIET_ENV = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def endpoints_file(actions_port: int, folder: Path) -> Path:
    """endpoints.yml as committed, pointed at the action server on `actions_port`."""
    committed = paths.PROJECT_ROOT / "endpoints.yml"
    if actions_port == ACTIONS_PORT:
        return committed
    endpoints = yaml.safe_load(committed.read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://localhost:{actions_port}/webhook"
    path = folder / f"endpoints-{actions_port}.yml"
    path.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    return path


def embedded_services(
    model: Path = MODEL,
    rasa_port: int = RASA_PORT,
    actions_port: int = ACTIONS_PORT,
    scratch: Path = paths.BUILD_DIR,
    log_dir: Path | None = None,
    env: dict[str, str] | None = None,
    rasa_args: list[str] | None = None,
    web_port: int | None = WEB_PORT,
) -> list[Service]:
    """The action server, the Rasa server (REST and socket.io channels) and, unless `web_port`
    is None, the web server (demo council page with the chat widget, officers' dashboard).

    `env` reaches all (e.g. DATABASE_URL); `rasa_args` are added to `rasa run`."""
    scratch.mkdir(parents=True, exist_ok=True)
    env = {**QUIET_ENV, **(env or {})}
    actions = Service(
        name="action server",
        argv=[
            sys.executable,
            "-m",
            "rasa_sdk",
            "--actions",
            "actions",
            "--port",
            str(actions_port),
        ],
        health_url=f"http://localhost:{actions_port}/health",
        env=env,
        log=log_dir / "actions.log" if log_dir else None,
    )
    rasa = Service(
        name="rasa server",
        argv=[
            sys.executable,
            "-m",
            "rasa",
            "run",
            "--model",
            str(model),
            "--port",
            str(rasa_port),
            "--credentials",
            str(paths.PROJECT_ROOT / "credentials.yml"),
            "--endpoints",
            str(endpoints_file(actions_port, scratch)),
            *(rasa_args or []),
        ],
        health_url=f"http://localhost:{rasa_port}/webhooks/rest/",
        env=env,
        log=log_dir / "rasa.log" if log_dir else None,
    )
    if web_port is None:
        return [actions, rasa]
    web = Service(
        name="web server",
        argv=[sys.executable, "-m", "bot.cli", "web", "--port", str(web_port)],
        health_url=f"http://localhost:{web_port}/healthz",
        env={"CSP_CHAT_SERVER": f"http://localhost:{rasa_port}", **env},
        log=log_dir / "web.log" if log_dir else None,
    )
    return [actions, rasa, web]
