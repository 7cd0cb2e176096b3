"""The processes that make up the assistant in its embedded profile, and how to start them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

from bot import paths
from bot.serving.supervisor import Service, free_port
from bot.settings import MESSENGER_VARIABLES, PORTS, Settings, local_origins

MODEL = paths.PROJECT_ROOT / "models" / "csp.tar.gz"
STARTUP_TIMEOUT_SECONDS = 300
QUIET_ENV = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
# Rasa's web server refuses any request larger than this (Sanic's REQUEST_MAX_SIZE, 100 MB by
# default); the chat channels' own, smaller limits are in bot/chat/intake.py.
RASA_REQUEST_MAX_BYTES = 1024 * 1024
# Issue #18's memory budget for each server of this profile under load, by service name:
# held by `make bench` (scripts/bench_load.py) and, for the action server, by `make test`.
MEMORY_BUDGET_MB = {"rasa server": 1000, "action server": 350}


def chat_origins(env: dict[str, str], web_port: int | None) -> str:
    """Web origins allowed to use the chat endpoints (CORS, socket.io): CSP_CHAT_ORIGINS from
    `env` or the environment, else the local web server's own origin."""
    configured = Settings.from_environ({**os.environ, **env}).csp_chat_origins
    if configured is not None:
        return " ".join(configured)
    return local_origins(web_port or PORTS.public)


def unset_credential_variables(env: dict[str, str]) -> dict[str, str]:
    """credentials.yml's `${VARIABLES}` set neither in `env` nor in the environment, as empty:
    Rasa will not start while one is unset, and empty leaves Messenger closed (403)."""
    return {name: "" for name in MESSENGER_VARIABLES if name not in env and name not in os.environ}


def action_server(
    port: int, env: dict[str, str], log: Path | None, name: str = "action server"
) -> Service:
    return Service(
        name=name,
        argv=[
            sys.executable,
            "-m",
            "bot.serving.action_server",
            "--actions",
            "actions",
            "--port",
            str(port),
        ],
        health_url=f"http://localhost:{port}/health",
        env={**QUIET_ENV, **env},
        log=log,
    )


def rasa_server(
    model: Path,
    port: int,
    endpoints: Path,
    env: dict[str, str],
    log: Path | None,
    rasa_args: list[str] | None = None,
    name: str = "rasa server",
) -> Service:
    """`rasa run` with the project's channels, CORS limited to the chat origins in `env`."""
    return Service(
        name=name,
        argv=[
            sys.executable,
            "-m",
            "rasa",
            "run",
            "--model",
            str(model),
            "--port",
            str(port),
            "--credentials",
            str(paths.PROJECT_ROOT / "credentials.yml"),
            "--endpoints",
            str(endpoints),
            "--cors",
            *(Settings.from_environ(env).csp_chat_origins or ()),
            *(rasa_args or []),
        ],
        health_url=f"http://localhost:{port}/webhooks/rest/",
        env={
            **QUIET_ENV,
            "SANIC_REQUEST_MAX_SIZE": str(RASA_REQUEST_MAX_BYTES),
            **unset_credential_variables(env),
            **env,
        },
        log=log,
    )


def endpoints_file(actions_port: int, folder: Path) -> Path:
    """endpoints.yml as committed, pointed at the action server on `actions_port`."""
    committed = paths.PROJECT_ROOT / "endpoints.yml"
    if actions_port == PORTS.actions:
        return committed
    endpoints = yaml.safe_load(committed.read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://localhost:{actions_port}/webhook"
    path = folder / f"endpoints-{actions_port}.yml"
    path.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    return path


def embedded_services(
    model: Path = MODEL,
    rasa_port: int = PORTS.rasa,
    actions_port: int = PORTS.actions,
    scratch: Path = paths.BUILD_DIR,
    log_dir: Path | None = None,
    env: dict[str, str] | None = None,
    rasa_args: list[str] | None = None,
    web_port: int | None = PORTS.public,
) -> list[Service]:
    """The action server, the Rasa server (REST and socket.io channels) and, unless `web_port`
    is None, the web server (demo council page with the chat widget, officers' dashboard).

    `env` reaches all (e.g. DATABASE_URL); `rasa_args` are added to `rasa run`."""
    scratch.mkdir(parents=True, exist_ok=True)
    env = {**QUIET_ENV, **(env or {})}
    env["CSP_CHAT_ORIGINS"] = chat_origins(env, web_port)
    actions = action_server(actions_port, env, log_dir / "actions.log" if log_dir else None)
    rasa = rasa_server(
        model,
        rasa_port,
        endpoints_file(actions_port, scratch),
        env,
        log_dir / "rasa.log" if log_dir else None,
        rasa_args,
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


def scratch_services(scratch: Path, with_web: bool = False) -> tuple[list[Service], int]:
    """`make run`'s servers on free ports, logging into `scratch` with a SQLite concern log
    there (for the resident evaluation and the measurements); with the Rasa server's port."""
    rasa_port = free_port()
    services = embedded_services(
        MODEL,
        rasa_port,
        free_port(),
        scratch=scratch,
        log_dir=scratch,
        env={"DATABASE_URL": f"sqlite:///{scratch / 'concerns.db'}"},
        web_port=free_port() if with_web else None,
    )
    return services, rasa_port
