"""Starting the project's own servers for tests, on free ports, as `make run` starts them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot import paths
from bot.serving.supervisor import Service, free_port, services_running

ARTIFACTS = paths.PROJECT_ROOT / "test-artifacts"


@contextmanager
def web_server(env: dict[str, str], log: Path) -> Iterator[str]:
    """`csp-bot web` alone (no Rasa), for the dashboard's tests; yields its base URL."""
    log.parent.mkdir(parents=True, exist_ok=True)
    port = free_port()
    service = Service(
        name="web server",
        argv=[sys.executable, "-m", "bot.cli", "web", "--port", str(port)],
        health_url=f"http://localhost:{port}/healthz",
        env=env,
        log=log,
    )
    with services_running([service], paths.PROJECT_ROOT, 60):
        yield f"http://localhost:{port}"
