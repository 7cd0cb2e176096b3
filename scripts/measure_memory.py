"""Resident memory of the embedded profile, and its cold start (issue #18).

Starts `make run`'s three servers (bot.system.embedded_services) on free ports with a scratch
SQLite log, times launch to the first answer, holds 20 four-turn conversations that log a
concern, then prints each server's resident memory (with its children) and the total.

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
from bot.supervisor import free_port, services_running
from bot.system import MODEL, STARTUP_TIMEOUT_SECONDS, embedded_services

MESSAGES = [
    "someone keeps dumping rubbish behind our shops",
    "Burnley",
    "yes",
    "it was a white van, no name",
]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
        services = embedded_services(
            MODEL,
            rasa_port,
            actions_port,
            scratch=scratch,
            log_dir=scratch,
            env={"DATABASE_URL": f"sqlite:///{scratch / 'concerns.db'}"},
            web_port=web_port,
        )
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
