"""The action server as it runs (bot/serving/action_server.py): lean, and redacting exactly as before.

It is started the way `make run` starts it (bot.serving.embedded.action_server) and measured after it
has loaded every action, the directory and the redactor (issue #18: at most 350 MB).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import psutil
import requests
import yaml

from bot import paths
from bot.redaction import redactor
from bot.serving.embedded import MEMORY_BUDGET_MB, action_server
from bot.serving.supervisor import free_port, services_running

MAX_ACTION_SERVER_MB = MEMORY_BUDGET_MB["action server"]  # 350
# The Rasa server gives a custom action 5 s (csp_components/server/action_guard.py); the first
# call after a start took about 2.5 s when the data was loaded on first use, and more on a busy
# machine, where residents writing in the first second after a restart got the apology.
MAX_FIRST_CALL_SECONDS = 1.0
CORPUS = paths.PROJECT_ROOT / "tests" / "data" / "redaction_corpus.yml"


def test_the_action_server_runs_in_a_third_of_a_gigabyte_without_tensorflow(
    tmp_path: Path,
) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'concerns.db'}"}
    service = action_server(free_port(), env, tmp_path / "actions.log")
    with services_running([service], paths.PROJECT_ROOT, 120) as (running,):
        process = psutil.Process(running.process.pid)
        resident_mb = process.memory_info().rss / 2**20
        mapped = {Path(m.path).name for m in process.memory_maps() if m.path}
    assert resident_mb <= MAX_ACTION_SERVER_MB, f"{resident_mb:.0f} MB"
    assert not any("tensorflow" in name for name in mapped), sorted(mapped)


def test_redaction_without_tensorflow_reads_exactly_as_with_it() -> None:
    texts = [case["text"] for case in yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]]
    script = (
        "import json, sys, bot.serving.action_server\n"
        "from bot.redaction import redactor\n"
        "texts = json.load(sys.stdin)\n"
        "assert 'tensorflow' not in {m.split('.')[0] for m in sys.modules if sys.modules[m]}\n"
        "print(json.dumps([redactor().redact(t) for t in texts]))\n"
    )
    lean = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=paths.PROJECT_ROOT,
        check=True,
    )
    assert json.loads(lean.stdout) == [redactor().redact(text) for text in texts]
    assert len(texts) >= 50


def route_call(text: str) -> dict[str, object]:
    """What the Rasa server sends for `action_route_concern` after a resident's first message."""
    ranking = [
        {"name": "report_fly_tipping", "confidence": 0.95},
        {"name": "report_graffiti", "confidence": 0.05},
    ]
    latest = {"text": text, "intent": ranking[0], "intent_ranking": ranking, "entities": []}
    return {
        "next_action": "action_route_concern",
        "sender_id": "first-call",
        "tracker": {
            "sender_id": "first-call",
            "slots": {},
            "latest_message": latest,
            "events": [{"event": "user", "text": text, "parse_data": latest}],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
        "domain": yaml.safe_load((paths.PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8")),
        "version": "3.6.21",
    }


def test_the_first_call_after_the_action_server_is_ready_is_answered_quickly(
    tmp_path: Path,
) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'concerns.db'}"}
    port = free_port()
    with services_running(
        [action_server(port, env, tmp_path / "actions.log")], paths.PROJECT_ROOT, 120
    ):
        url = f"http://localhost:{port}/webhook"
        started = time.monotonic()
        first = requests.post(
            url, json=route_call("someone has dumped a mattress in the alley"), timeout=30
        )
        took = time.monotonic() - started
    assert first.status_code == 200, first.text[:300]
    assert any(
        r.get("response") == "utter_ask_borough" or r.get("buttons")
        for r in first.json()["responses"]
    ), first.json()
    assert took <= MAX_FIRST_CALL_SECONDS, f"{took:.2f} s"
