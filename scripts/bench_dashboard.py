"""Dashboard and board-report speed at scale, on SQLite and PostgreSQL (`make bench`).

For each database: load N synthetic concerns (`csp-bot concerns seed`), start `csp-bot web`
against it, sign in as an officer, and time every dashboard page (the default 52 weeks and the
whole two years), its charts and a CSV download, then the board report for a quarter and a
year. Writes the figures to docs/benchmarks.md (section "dashboard"). Takes about 15 minutes at
1,000,000 concerns on 2 cores. Uses PostgreSQL on localhost:5432 (trust auth), as the tests do.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docsection import write_section  # noqa: E402

from bot.concern_log.seed import seed  # noqa: E402
from bot.concern_log.store import ConcernStore  # noqa: E402
from bot.officers.accounts import OfficerAccounts  # noqa: E402
from bot.report import build_report  # noqa: E402
from bot.serving.supervisor import Service, services_running  # noqa: E402

PAGES = [
    "/dashboard/",
    "/dashboard/kinds",
    "/dashboard/boroughs",
    "/dashboard/map",
    "/dashboard/places",
    "/dashboard/changes",
]
CHARTS = [
    "/dashboard/chart/priority-over-time.svg",
    "/dashboard/chart/category-over-time.svg",
    "/dashboard/chart/borough-by-priority.svg",
    "/dashboard/map/borough.svg",
    "/dashboard/map/district.svg",
]
EMAIL, PASSWORD = "bench@example.gov.uk", "benchmark-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    name = f"csp_bench_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(host="localhost", user="postgres", dbname="postgres")
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg2://postgres@localhost:5432/{name}"
    finally:
        admin.cursor().execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def sign_in(base: str) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{base}/dashboard/sign-in", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = session.post(
        f"{base}/dashboard/sign-in",
        data={"csrf_token": token, "email": EMAIL, "password": PASSWORD},
        timeout=30,
    )
    assert answer.url.endswith("/dashboard/"), "sign-in failed"
    return session


def timed(session: requests.Session, url: str, repeat: int) -> str:
    session.get(url, timeout=120).raise_for_status()  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        session.get(url, timeout=120).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    return f"{statistics.median(times):.0f} / {max(times):.0f}"


def bench(kind: str, n: int, repeat: int) -> dict[str, str]:
    figures: dict[str, str] = {}
    with database(kind) as url:
        store = ConcernStore(url)
        started = time.perf_counter()
        seed(store, n, seed=2026)
        figures["load"] = f"{time.perf_counter() - started:.0f} s"
        OfficerAccounts(store.engine).add(EMAIL, PASSWORD)
        port = free_port()
        env = {**os.environ, "DATABASE_URL": url}
        service = Service(
            name="web server",
            argv=[sys.executable, "-m", "bot.cli", "web", "--port", str(port)],
            health_url=f"http://localhost:{port}/healthz",
            env=env,
            log=Path(tempfile.gettempdir()) / f"bench-web-{kind}.log",
        )
        today = date.today()
        whole = f"from={today - timedelta(days=729)}&to={today}"
        with services_running([service], ROOT, 60):
            base = f"http://localhost:{port}"
            session = sign_in(base)
            for path in PAGES:
                figures[path] = timed(session, base + path, repeat)
                figures[f"{path} 2y"] = timed(session, f"{base}{path}?{whole}", repeat)
            for path in CHARTS:
                figures[path] = timed(session, base + path, repeat)
            csv_url = f"{base}/dashboard/download/category-over-time.csv?{whole}"
            figures["csv"] = timed(session, csv_url, repeat)
        for label, days in (("report quarter", 91), ("report year", 365)):
            started = time.perf_counter()
            build_report(store, today - timedelta(days=days - 1), today)
            figures[label] = f"{time.perf_counter() - started:.1f} s"
        store.engine.dispose()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    results = {}
    for kind in args.databases:
        print(f"== {kind}: {args.n:,} synthetic concerns", flush=True)
        results[kind] = bench(kind, args.n, args.repeat)
        print(results[kind], flush=True)
    rows = [
        ("load the concerns (`csp-bot concerns seed`)", "load"),
        *((f"`{p}` (default: last 52 weeks)", p) for p in PAGES),
        *((f"`{p}` (whole two years)", f"{p} 2y") for p in PAGES),
        *((f"`{p}` (52 weeks)", p) for p in CHARTS),
        ("CSV download, category by week, two years", "csv"),
        ("board report, a quarter (HTML, in process)", "report quarter"),
        ("board report, a year (HTML, in process)", "report year"),
    ]
    kinds = list(results)
    lines = [
        "## Officers' dashboard and board report at scale\n",
        f"Reproduce: `.venv/bin/python scripts/bench_dashboard.py --n {args.n}` (run by "
        f"`make bench`). {args.n:,} synthetic concerns over two years; one `csp-bot web` "
        f"process (waitress, 8 threads) on this machine ({platform.machine()}, "
        f"{os.cpu_count()} cores, shared), requests from one signed-in client. Pages: "
        f"median / slowest of {args.repeat} requests after one warm-up, in ms, the whole "
        "HTML page (queries, suppression, template); charts are separate requests. "
        "The machine's 2 cores were shared with other jobs while measuring, so these are upper "
        f"bounds. Measured {date.today()}.\n",
        "| what | " + " | ".join(kinds) + " |",
        "| --- |" + " --- |" * len(kinds),
    ]
    for label, key in rows:
        lines.append(f"| {label} | " + " | ".join(results[k].get(key, "") for k in kinds) + " |")
    write_section("dashboard", "\n".join(lines) + "\n")
    print("written to docs/benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
