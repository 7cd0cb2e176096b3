"""Resident memory of the embedded profile, and its cold start (issue #18).

Starts `make run`'s three servers (bot.serving.embedded.embedded_services) on free ports with a
scratch SQLite log, times launch to the first answer, holds 20 four-turn conversations that log
a concern, then prints each server's resident memory (with its children) and the total.

    .venv/bin/python scripts/measure_memory.py
"""

from __future__ import annotations

import tempfile
import time
import uuid
from pathlib import Path

import psutil
import requests

from bot import paths
from bot.serving.embedded import STARTUP_TIMEOUT_SECONDS, scratch_services
from bot.serving.supervisor import services_running

MESSAGES = [
    "someone keeps dumping rubbish behind our shops",
    "Burnley",
    "yes",
    "it was a white van, no name",
]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        services, rasa_port = scratch_services(Path(folder), with_web=True)
        t0 = time.monotonic()
        with services_running(services, paths.PROJECT_ROOT, STARTUP_TIMEOUT_SECONDS) as running:
            up = time.monotonic() - t0
            url = f"http://localhost:{rasa_port}/webhooks/rest/webhook"
            first = time.monotonic()
            requests.post(url, json={"sender": "warm", "message": "hello"}, timeout=60)
            print(f"start to first answer: {up + time.monotonic() - first:.1f} s")
            for _ in range(20):
                sender = uuid.uuid4().hex
                for text in MESSAGES:
                    requests.post(url, json={"sender": sender, "message": text}, timeout=60)
            total = 0
            for r in running:
                proc = psutil.Process(r.process.pid)
                mb = (
                    sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20
                )
                total += mb
                print(f"{r.service.name:20} {mb:7.0f} MB")
            print(f"{'whole profile':20} {total:7.0f} MB")


if __name__ == "__main__":
    main()
