"""The action server as it runs (bot/serving/action_server.py): lean, and redacting exactly as before.

It is started the way `make run` starts it (bot.serving.embedded.action_server) and measured after it
has loaded every action, the directory and the redactor (issue #18: at most 350 MB).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psutil
import yaml

from bot import paths
from bot.redaction import redactor
from bot.serving.embedded import MEMORY_BUDGET_MB, action_server
from bot.serving.supervisor import free_port, services_running

MAX_ACTION_SERVER_MB = MEMORY_BUDGET_MB["action server"]  # 350
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
