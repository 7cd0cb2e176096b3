"""deploy/: the systemd units and the Compose file, checked as far as this machine allows. Neither
systemd (as PID 1) nor a Docker engine runs here, so nothing is started by them; what is checked:
- `systemd-analyze verify` accepts every unit (with /opt/csp-bot pointed at this checkout, so
  that the commands it names exist), and each server restarts on its own and is only "active"
  once its readiness check answers (`csp-bot wait-ready`, exercised against a real server below);
- `docker-compose config` (docker-compose 1.29, build/compose-venv) accepts the Compose file
  against its schema, and each server restarts and has a readiness health check that nginx
  waits for.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from bot import paths

DEPLOY = paths.PROJECT_ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("csp-*"))
SERVERS = ["csp-actions@.service", "csp-rasa@.service", "csp-web.service", "csp-nginx.service"]
COMPOSE = paths.PROJECT_ROOT / "build" / "compose-venv" / "bin" / "docker-compose"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_systemd_analyze_verify_accepts_every_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing (Debian's systemd package)"
    names = []
    for path in UNITS:
        name = path.name.replace("@.", "@5005.")  # an instance of each template
        text = path.read_text(encoding="utf-8").replace("/opt/csp-bot", str(paths.PROJECT_ROOT))
        (tmp_path / name).write_text(text, encoding="utf-8")
        names.append(str(tmp_path / name))
    checked = subprocess.run(
        [analyze, "verify", "--man=no", *names], capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0 and not checked.stderr.strip(), checked.stderr


@pytest.mark.parametrize("name", SERVERS)
def test_each_server_unit_restarts_on_its_own_and_waits_to_be_ready(name: str) -> None:
    service = unit(name)
    assert service["Service"]["Restart"] == "always"
    assert service["Unit"]["StartLimitIntervalSec"] == "0"  # never gives up restarting
    if name != "csp-nginx.service":
        assert "csp-bot wait-ready --url http://127.0.0.1:" in service["Service"]["ExecStartPost"]
    else:
        assert "csp-bot redact-addresses" in service["Service"]["ExecStart"]


class _Answers(BaseHTTPRequestHandler):
    ready = False

    def do_GET(self) -> None:
        self.send_response(200 if _Answers.ready else 503)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


def test_wait_ready_waits_for_a_real_answer_and_gives_up_when_told() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/health"
    command = [sys.executable, "-m", "bot.cli", "wait-ready", "--url", url, "--timeout"]
    try:
        assert subprocess.run([*command, "2"], cwd=paths.PROJECT_ROOT).returncode == 1
        _Answers.ready = True
        assert subprocess.run([*command, "10"], cwd=paths.PROJECT_ROOT).returncode == 0
    finally:
        server.shutdown()


def test_docker_compose_accepts_the_file_and_every_server_restarts_and_is_checked(
    tmp_path: Path,
) -> None:
    assert COMPOSE.exists(), "no docker-compose: `make test` installs it into build/compose-venv"
    folder = tmp_path / "deploy"
    shutil.copytree(DEPLOY, folder)
    for needed in ("csp.env", "postgres_password.txt", "redis_password.txt", "nginx.conf"):
        (folder / needed).write_text("", encoding="utf-8")
    checked = subprocess.run(
        [str(COMPOSE), "-f", str(folder / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr
    config = yaml.safe_load(checked.stdout)["services"]
    servers = ["actions1", "actions2", "rasa1", "rasa2", "web", "nginx", "postgres", "redis"]
    for name in servers:
        assert config[name]["restart"] == "unless-stopped", name
    for name in ("actions1", "actions2", "rasa1", "rasa2", "web"):
        assert "wait-ready" in config[name]["healthcheck"]["test"], name
    waits_for = config["nginx"]["depends_on"]
    assert {name: waits_for[name]["condition"] for name in waits_for} == {
        name: "service_healthy" for name in ("actions1", "actions2", "rasa1", "rasa2", "web")
    }
