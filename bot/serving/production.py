"""The production profile: the topology a council deploys, started on one machine.

Two action servers and two Rasa servers behind nginx (Debian's package; config rendered from
deploy/nginx.conf.template), conversations in Redis with expiry and a Redis lock store
(endpoints.production.yml), the concern log in PostgreSQL, and the web server. `make run-prod`
(`csp-bot serve --profile production`) starts it here; docs/deploy.md explains how a council runs
the same configuration on its own hosts. Every address and secret comes from the environment;
bot/settings.py's PRODUCTION_DEFAULTS are only what this machine needs (local PostgreSQL and
Redis) and what nginx and Rasa are given when it does not say.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot import paths
from bot.chat.intake import MAX_BODY_BYTES
from bot.routing.service_faults import apology_text
from bot.serving.embedded import QUIET_ENV, action_server, rasa_server
from bot.serving.supervisor import Service, Supervisor
from bot.settings import PORTS, loopback, production_defaults

TEMPLATE = paths.PROJECT_ROOT / "deploy" / "nginx.conf.template"
ENDPOINTS = paths.PROJECT_ROOT / "endpoints.production.yml"
NGINX = "/usr/sbin/nginx"
PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


@dataclass(frozen=True)
class Layout:
    """Where each process listens. Defaults are `make run-prod`'s (bot/settings.py's PORTS);
    tests use free ports."""

    public_port: int = PORTS.public  # nginx: the site and the chat endpoints
    rasa_ports: tuple[int, int] = (PORTS.rasa, PORTS.rasa_2)
    actions_ports: tuple[int, int] = (PORTS.actions, PORTS.actions_2)
    actions_balancer_port: int = PORTS.actions_balancer  # nginx, loopback only: Rasa -> actions
    web_port: int = PORTS.web_behind_nginx

    @property
    def public_url(self) -> str:
        return f"http://localhost:{self.public_port}"


def environment(layout: Layout, environ: dict[str, str]) -> dict[str, str]:
    """Every process's environment: `environ` over PRODUCTION_DEFAULTS and the addresses the
    layout decides (bot/settings.py)."""
    defaults = production_defaults(layout.public_port, layout.actions_balancer_port)
    return {**QUIET_ENV, **defaults, **environ}


def render(template: str, values: dict[str, str]) -> str:
    """Fill every ${NAME} in `template`; nginx's own $variables are left as they are."""
    missing = sorted({name for name in PLACEHOLDER.findall(template) if name not in values})
    if missing:
        raise KeyError(f"no value for {', '.join(missing)} (set them in the environment)")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def fault_reply_json() -> str:
    """What nginx answers when no Rasa server can: the same apology as a list of messages, in
    JSON with no single quote (the nginx string is single-quoted) and no $ (nginx variables)."""
    body = json.dumps([{"recipient_id": "", "text": apology_text()}])
    if "$" in body:
        raise ValueError("the apology must not contain '$' (nginx would read it as a variable)")
    return body.replace("'", "\\u0027")


# Which supervised process each upstream server of nginx's configuration is.
UPSTREAM_SERVICES = {
    "CSP_RASA_1": "rasa 1",
    "CSP_RASA_2": "rasa 2",
    "CSP_ACTIONS_1": "action server 1",
    "CSP_ACTIONS_2": "action server 2",
}
NGINX_NAME = "nginx"


def upstream_states(ready: frozenset[str] | None) -> dict[str, str]:
    """`CSP_RASA_1_STATE` and the rest: empty for a server that is ready (or for every server
    when `ready` is None: a static configuration whose servers systemd or Compose keep ready),
    ` down` for one that is not, so that nginx sends it nothing."""
    return {
        f"{placeholder}_STATE": "" if ready is None or name in ready else " down"
        for placeholder, name in UPSTREAM_SERVICES.items()
    }


def nginx_values(
    layout: Layout, env: dict[str, str], run_dir: Path, ready: frozenset[str] | None = None
) -> dict[str, str]:
    """Placeholder values: the layout's loopback addresses unless the environment names other
    hosts (CSP_RASA_1, CSP_RASA_2, CSP_ACTIONS_1, CSP_ACTIONS_2, CSP_WEB, CSP_PUBLIC_LISTEN,
    CSP_ACTIONS_LISTEN: a council's servers on several machines), and which are ready."""
    addresses = {
        "CSP_PUBLIC_LISTEN": str(layout.public_port),
        "CSP_ACTIONS_LISTEN": loopback(layout.actions_balancer_port),
        "CSP_RASA_1": loopback(layout.rasa_ports[0]),
        "CSP_RASA_2": loopback(layout.rasa_ports[1]),
        "CSP_ACTIONS_1": loopback(layout.actions_ports[0]),
        "CSP_ACTIONS_2": loopback(layout.actions_ports[1]),
        "CSP_WEB": loopback(layout.web_port),
    }
    return {
        **addresses,
        **env,
        "CSP_NGINX_RUN_DIR": str(run_dir),
        "CSP_MAX_BODY_BYTES": str(MAX_BODY_BYTES),
        "CSP_FAULT_REPLY_JSON": fault_reply_json(),
        **upstream_states(ready),
    }


def write_nginx_config(
    layout: Layout, env: dict[str, str], run_dir: Path, ready: frozenset[str] | None = None
) -> Path:
    """Render the template into `run_dir`/nginx.conf (atomically: nginx may be reloading)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    config = run_dir / "nginx.conf"
    values = nginx_values(layout, env, run_dir.resolve(), ready)
    fresh = run_dir / "nginx.conf.new"
    fresh.write_text(render(TEMPLATE.read_text(encoding="utf-8"), values), encoding="utf-8")
    fresh.replace(config)
    return config


def nginx_service(config: Path, layout: Layout, log: Path | None) -> Service:
    if not Path(NGINX).exists() and not shutil.which("nginx"):
        raise FileNotFoundError("nginx is not installed: `make run-prod` installs nginx-light")
    return Service(
        name=NGINX_NAME,
        # -e stderr: even what nginx logs before reading its configuration goes to the filter
        argv=[NGINX, "-e", "stderr", "-c", str(config.resolve()), "-g", "daemon off;"],
        health_url=f"{layout.public_url}/nginx-ready",
        log=log,
        redact_addresses=True,  # nginx's error log names clients (bot/serving/addresses.py)
    )


def production_services(
    model: Path,
    layout: Layout,
    scratch: Path,
    environ: dict[str, str],
    log_dir: Path | None = None,
    rasa_args: list[str] | None = None,
) -> list[Service]:
    """Both action servers, both Rasa servers, the web server and nginx, in start order."""
    env = environment(layout, environ)
    rasa_env = {**env, "CSP_RATE_PER_ADDRESS": "0"}  # nginx limits addresses; Rasa sees nginx

    def log(name: str) -> Path | None:
        return log_dir / f"{name}.log" if log_dir else None

    services = [
        action_server(port, env, log(f"actions-{n}"), name=f"action server {n}")
        for n, port in enumerate(layout.actions_ports, start=1)
    ]
    services += [
        rasa_server(model, port, ENDPOINTS, rasa_env, log(f"rasa-{n}"), rasa_args, f"rasa {n}")
        for n, port in enumerate(layout.rasa_ports, start=1)
    ]
    services.append(
        Service(
            name="web server",
            argv=[sys.executable, "-m", "bot.cli", "web", "--port", str(layout.web_port)],
            health_url=f"http://localhost:{layout.web_port}/healthz",
            env={**env, "CSP_CHAT_SERVER": ""},  # the widget talks to its own origin (nginx)
            log=log("web"),
        )
    )
    config = write_nginx_config(layout, env, scratch / "nginx", frozenset())
    services.append(nginx_service(config, layout, log("nginx")))
    return services


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in `url` if it does not exist yet (`make run-prod`
    on a fresh machine); the schema is then made by the concern log's migrations."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    if not target.drivername.startswith("postgresql") or not target.database:
        return
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            ).first()
            if not exists:
                quoted = target.database.replace('"', '""')
                connection.execute(text(f'CREATE DATABASE "{quoted}"'))
    finally:
        admin.dispose()


@contextmanager
def supervised(
    services: list[Service],
    layout: Layout,
    environ: dict[str, str],
    scratch: Path,
    timeout: float,
) -> Iterator[Supervisor]:
    """The production profile kept running by a Supervisor (bot/serving/supervisor.py):
    `make run-prod` and tests/production. Every server starts at once; nginx starts once each has
    passed its readiness check, and from then on is reloaded with only the ready servers whenever
    that changes. Yields once everything is ready; stops everything on the way out."""
    env = environment(layout, environ)
    run_dir = scratch / "nginx"

    def follow(ready: frozenset[str]) -> None:
        write_nginx_config(layout, env, run_dir, ready)
        nginx = supervisor.members[NGINX_NAME]
        if NGINX_NAME in ready and nginx.alive() and nginx.pid is not None:
            os.kill(nginx.pid, signal.SIGHUP)  # reload: new workers, old ones finish their turns

    supervisor = Supervisor(
        services, paths.PROJECT_ROOT, on_change=follow, state_file=scratch / "state.json"
    )
    backends = [service.name for service in services if service.name != NGINX_NAME]
    supervisor.members[NGINX_NAME].held = True
    stop = threading.Event()
    loop = threading.Thread(target=supervisor.run, args=(stop,), daemon=True)
    try:
        supervisor.start(backends)
        loop.start()
        supervisor.wait_ready(backends, timeout)
        supervisor.release(NGINX_NAME)
        supervisor.wait_ready(None, 60)
        yield supervisor
    finally:
        stop.set()
        if loop.is_alive():
            loop.join()
        supervisor.stop_all()
