"""`make bench` (load part): simulated residents against the running assistant, over REST.

Starts each system the way it is run (bot/serving/embedded.py, bot/serving/production.py),
drives it with an asyncio client and measures turns per second, p50/p95/p99 turn latency, errors
and each process's peak memory (RSS, with its children), then stops it:
- embedded profile (`make run`): paced (50 residents pausing 2-4 s between turns, mean 3 s;
  and, for comparison, the same with identical 3 s pauses) and saturation;
- production profile (`make run-prod`: nginx, two Rasa and two action servers, Redis,
  PostgreSQL): the same two shapes, through nginx;
- a plain `rasa init` assistant (built here into build/bench/reference, never committed):
  the same saturation shape, as the reference for the ratio;
- memory against conversations: 10,000 one-turn conversations on the embedded profile, with
  conversations expiring after EXPIRY_SECONDS so that expiry happens within the run.
Residents follow a realistic mix of flows (FLOWS), including logging a concern. Every simulated
resident comes from 127.0.0.1, so the embedded Rasa server's per-address limit is turned off;
through nginx each conversation (one resident) sends its own X-Forwarded-For, one of the 762
documentation addresses in turn, so nginx's per-address limit sees residents, not the bench's
few client loops. Results go to docs/benchmarks.md (section "load") and build/bench/load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Coroutine
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import psutil
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from docsection import write_section  # noqa: E402

from bot import paths  # noqa: E402
from bot.serving.embedded import (  # noqa: E402
    MEMORY_BUDGET_MB,
    MODEL,
    QUIET_ENV,
    STARTUP_TIMEOUT_SECONDS,
    embedded_services,
)
from bot.serving.production import (  # noqa: E402
    Layout,
    ensure_database,
    production_services,
    supervised,
)
from bot.serving.supervisor import Running, Service, services_running  # noqa: E402

WORK = paths.BUILD_DIR / "bench"
REFERENCE = WORK / "reference"
# Short enough that expiry works through most of the run even on a fast machine (10,000
# conversations took 68 s here): the store then holds about 15 s of conversations.
EXPIRY_SECONDS = 15
# Issue #18: saturation throughput against the plain `rasa init` reference measured in the same
# run, in both profiles (each embedded server's memory: bot/serving/embedded.py).
SATURATION_RATIO = 2.5
# RFC 5737's documentation networks: the simulated residents' addresses, as nginx sees them.
RESIDENT_ADDRESSES = [
    f"{network}.{host}"
    for network in ("192.0.2", "198.51.100", "203.0.113")
    for host in range(1, 255)
]
PAYLOAD_PENDLE = '/inform_location{"borough": "pendle"}'

# (weight, turns): what residents do, in proportions a council would recognise.
FLOWS: list[tuple[int, list[str]]] = [
    (30, ["kids on motorbikes tearing round the field in oswaldtwistle every night", "/deny"]),
    (
        20,
        [
            "the street light on our road has been broken for weeks",
            PAYLOAD_PENDLE,
            "/affirm",
            "it has been dark for a month",
        ],
    ),
    (20, ["massive pothole outside my house BB4 7EX", "/affirm", "/deny"]),
    (15, ["hiya", "what does the community safety partnership do"]),
    (10, ["there's a man sleeping rough in the shop doorway in Nelson"]),
    (5, ["help he's hitting me"]),
]
REFERENCE_FLOWS: list[tuple[int, list[str]]] = [
    (40, ["hello", "I am sad", "yes"]),
    (30, ["hi", "great", "bye"]),
    (30, ["hey", "are you a bot?"]),
]


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    turns: int = 0
    conversations: int = 0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def summary(self, seconds: float) -> dict[str, float | int | dict]:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0

        return {
            "turns": self.turns,
            "conversations": self.conversations,
            "seconds": round(seconds, 1),
            "turns_per_s": round(self.turns / seconds, 1),
            "p50_ms": round(pct(0.50)),
            "p95_ms": round(pct(0.95)),
            "p99_ms": round(pct(0.99)),
            "mean_ms": round(statistics.fmean(ordered) * 1000) if ordered else 0,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
        }


class MemoryWatch:
    """Peak RSS of each process (with its children), sampled twice a second."""

    def __init__(self, processes: dict[str, int]) -> None:
        self.processes = processes
        self.peak: dict[str, int] = dict.fromkeys(processes, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def rss(pid: int) -> int:
        try:
            root = psutil.Process(pid)
            total = root.memory_info().rss
            for child in root.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += child.memory_info().rss
            return total
        except psutil.Error:
            return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            for name, pid in self.processes.items():
                self.peak[name] = max(self.peak[name], self.rss(pid))
            self._stop.wait(0.5)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def peaks_mb(self) -> dict[str, int]:
        return {name: round(value / 2**20) for name, value in self.peak.items()}


def pick(flows: list[tuple[int, list[str]]], rng: random.Random) -> list[str]:
    return rng.choices([turns for _, turns in flows], weights=[w for w, _ in flows])[0]


async def turn(
    session: aiohttp.ClientSession, url: str, sender: str, text: str, headers: dict, out: Results
) -> None:
    started = time.perf_counter()
    try:
        async with session.post(
            url, json={"sender": sender, "message": text}, headers=headers
        ) as response:
            body = await response.json(content_type=None)
            if response.status != 200:
                out.error(f"HTTP {response.status}")
                return
            if not body:
                out.error("empty reply")
                return
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        out.error(type(error).__name__)
        return
    out.latencies.append(time.perf_counter() - started)
    out.turns += 1


async def drive(
    base_url: str,
    flows: list[tuple[int, list[str]]],
    clients: int,
    pause: float,
    seconds: float | None = None,
    conversations: int | None = None,
    forwarded_for: bool = False,
    on_conversation: Callable[[int], None] | None = None,
    spread: float = 0.0,
) -> tuple[Results, float]:
    """`clients` residents, each having conversation after conversation, pausing between
    turns for `pause` s give or take `spread` (uniformly), for `seconds` or until
    `conversations` have finished."""
    url = f"{base_url}/webhooks/rest/webhook"
    out = Results()
    started = time.perf_counter()
    deadline = started + seconds if seconds else None
    started_conversations = 0
    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=clients * 2)

    async def resident(n: int) -> None:
        nonlocal started_conversations
        rng = random.Random(n)
        await asyncio.sleep(rng.uniform(0, pause))  # residents do not all arrive at once
        while True:
            if deadline and time.perf_counter() >= deadline:
                return
            if conversations is not None and started_conversations >= conversations:
                return
            address = RESIDENT_ADDRESSES[started_conversations % len(RESIDENT_ADDRESSES)]
            headers = {"X-Forwarded-For": address} if forwarded_for else {}
            started_conversations += 1
            sender = f"bench-{uuid.uuid4().hex}"
            for text in pick(flows, rng):
                await turn(session, url, sender, text, headers, out)
                if pause:
                    await asyncio.sleep(rng.uniform(pause - spread, pause + spread))
            out.conversations += 1
            if on_conversation:
                on_conversation(out.conversations)

    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(*(resident(n) for n in range(clients)))
    return out, time.perf_counter() - started


def run(coroutine: Coroutine) -> tuple[Results, float]:
    return asyncio.run(coroutine)


def load() -> dict[str, float]:
    """The machine's 1-minute load average at the end of a run: other work shares the cores."""
    return {"load_average": round(os.getloadavg()[0], 1)}


def pids(running: list[Running]) -> dict[str, int]:
    return {r.service.name: r.process.pid for r in running}


def warm_up(base_url: str, flows: list[tuple[int, list[str]]], forwarded: bool) -> None:
    run(drive(base_url, flows, clients=4, pause=0, conversations=12, forwarded_for=forwarded))


def shapes(
    base_url: str,
    running: list[Running],
    args: argparse.Namespace,
    flows: list[tuple[int, list[str]]],
    paced: bool = True,
    forwarded: bool = False,
    lockstep: bool = False,
) -> dict[str, dict]:
    """Paced residents (pauses of args.pause give or take args.pause_spread), the same with
    identical pauses if `lockstep`, and saturation; each as {figures, peak memory, load}."""
    warm_up(base_url, flows, forwarded)
    runs: dict[str, tuple[int, float, float]] = {}  # shape: (clients, pause, spread)
    if paced:
        runs["paced"] = (args.residents, args.pause, args.pause_spread)
        if lockstep:
            runs["paced-lockstep"] = (args.residents, args.pause, 0.0)
    runs["saturation"] = (args.clients, 0.0, 0.0)
    results = {}
    for shape, (clients, pause, spread) in runs.items():
        seconds = args.saturation_seconds if shape == "saturation" else args.paced_seconds
        with MemoryWatch(pids(running)) as memory:
            out, took = run(
                drive(base_url, flows, clients, pause, seconds, None, forwarded, spread=spread)
            )
        results[shape] = {**out.summary(took), "peak_mb": memory.peaks_mb(), **load()}
        print(f"  {shape}:", results[shape], flush=True)
    return results


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_embedded(args: argparse.Namespace, stack: ExitStack) -> dict:
    work = WORK / "embedded"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    from bot.concern_log.store import ConcernStore

    database_url = f"sqlite:///{work / 'concerns.db'}"
    ConcernStore(database_url).upgrade()
    rasa_port = free_port()
    env = {"DATABASE_URL": database_url, "CSP_RATE_PER_ADDRESS": "0"}
    services = embedded_services(
        MODEL, rasa_port, free_port(), scratch=work, log_dir=work, env=env, web_port=None
    )
    running = stack.enter_context(
        services_running(services, paths.PROJECT_ROOT, STARTUP_TIMEOUT_SECONDS)
    )
    print("embedded profile", flush=True)
    return shapes(f"http://localhost:{rasa_port}", running, args, FLOWS, lockstep=True)


def bench_memory(args: argparse.Namespace, stack: ExitStack) -> dict:
    """RSS of the embedded Rasa server against conversations held, with a short expiry."""
    work = WORK / "memory"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    actions_port, rasa_port = free_port(), free_port()
    endpoints["action_endpoint"]["url"] = f"http://localhost:{actions_port}/webhook"
    endpoints["tracker_store"]["expire_after_seconds"] = EXPIRY_SECONDS
    endpoints_path = work / "endpoints.yml"
    endpoints_path.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    from bot.serving.embedded import action_server, rasa_server

    env = {"DATABASE_URL": f"sqlite:///{work / 'concerns.db'}", "CSP_RATE_PER_ADDRESS": "0"}
    from bot.concern_log.store import ConcernStore

    ConcernStore(env["DATABASE_URL"]).upgrade()
    services = [
        action_server(actions_port, env, work / "actions.log"),
        rasa_server(MODEL, rasa_port, endpoints_path, env, work / "rasa.log"),
    ]
    running = stack.enter_context(
        services_running(services, paths.PROJECT_ROOT, STARTUP_TIMEOUT_SECONDS)
    )
    rasa_pid = running[1].process.pid
    openers = [(weight, turns[:1]) for weight, turns in FLOWS]
    checkpoints: list[tuple[int, int, float]] = []
    started = time.perf_counter()
    step = max(1, args.conversations // 10)

    def on_conversation(done: int) -> None:
        if done % step == 0:
            rss = MemoryWatch.rss(rasa_pid)
            checkpoints.append((done, round(rss / 2**20), round(time.perf_counter() - started)))
            print(f"  {done} conversations: rasa {rss / 2**20:.0f} MB", flush=True)

    print(f"memory against conversations (expiry {EXPIRY_SECONDS} s)", flush=True)
    out, took = run(
        drive(
            f"http://localhost:{rasa_port}",
            openers,
            args.clients,
            0,
            None,
            args.conversations,
            on_conversation=on_conversation,
        )
    )
    return {"checkpoints": checkpoints, **out.summary(took)}


def bench_production(args: argparse.Namespace, stack: ExitStack) -> dict:
    import psycopg2

    work = WORK / "production"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    database = f"csp_bench_{uuid.uuid4().hex[:8]}"
    database_url = f"postgresql+psycopg2://postgres@localhost:5432/{database}"
    ensure_database(database_url)

    def drop() -> None:
        connection = psycopg2.connect(host="localhost", user="postgres", dbname="postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.close()

    stack.callback(drop)
    from bot.concern_log.store import ConcernStore

    ConcernStore(database_url).upgrade()
    layout = Layout(
        public_port=free_port(),
        rasa_ports=(free_port(), free_port()),
        actions_ports=(free_port(), free_port()),
        actions_balancer_port=free_port(),
        web_port=free_port(),
    )
    environ = {
        "DATABASE_URL": database_url,
        "REDIS_TRACKER_DB": "3",
        "REDIS_LOCK_DB": "4",
    }
    services = production_services(MODEL, layout, work, environ, log_dir=work)
    supervisor = stack.enter_context(
        supervised(services, layout, environ, work, STARTUP_TIMEOUT_SECONDS)  # make run-prod's
    )
    running = [m.running for m in supervisor.members.values() if m.running is not None]
    print("production profile (through nginx)", flush=True)
    return shapes(layout.public_url, running, args, FLOWS, forwarded=True)


def build_reference() -> Path:
    """A plain `rasa init` assistant, trained here (about a minute) unless already built."""
    models = REFERENCE / "models"
    if not list(models.glob("*.tar.gz")):
        shutil.rmtree(REFERENCE, ignore_errors=True)
        REFERENCE.mkdir(parents=True)
        subprocess.run(
            [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(REFERENCE)],
            env={**os.environ, **QUIET_ENV},
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return sorted(models.glob("*.tar.gz"))[-1]


def bench_reference(args: argparse.Namespace, stack: ExitStack) -> dict:
    model = build_reference()
    port = free_port()
    service = Service(
        name="rasa (rasa init)",
        argv=[sys.executable, "-m", "rasa", "run", "--model", str(model), "--port", str(port)],
        health_url=f"http://localhost:{port}/webhooks/rest/",
        env=QUIET_ENV,
        log=WORK / "reference.log",
    )
    running = stack.enter_context(services_running([service], REFERENCE, STARTUP_TIMEOUT_SECONDS))
    print("reference: plain `rasa init` assistant", flush=True)
    return shapes(f"http://localhost:{port}", running, args, REFERENCE_FLOWS, paced=False)


def pauses(args: argparse.Namespace) -> str:
    low, high = args.pause - args.pause_spread, args.pause + args.pause_spread
    return (
        f"{low:g}-{high:g} s (mean {args.pause:g} s)" if args.pause_spread else f"{args.pause:g} s"
    )


def table(results: dict, args: argparse.Namespace) -> str:
    rows = []
    for system, label in (
        ("embedded", "embedded (`make run`)"),
        ("production", "production (`make run-prod`, via nginx)"),
        ("reference", "plain `rasa init` assistant"),
    ):
        for shape, runs in results.get(system, {}).items():
            r = runs
            who = {
                "paced": f"{args.residents} residents, pauses {pauses(args)}",
                "paced-lockstep": f"{args.residents} residents, identical {args.pause:g} s pauses",
            }.get(shape, f"{args.clients} clients, no pauses")
            memory = ", ".join(f"{name} {mb} MB" for name, mb in r["peak_mb"].items())
            rows.append(
                f"| {label} | {who} | {r['turns_per_s']} | {r['p50_ms']} | {r['p95_ms']} | "
                f"{r['p99_ms']} | {r['errors']} of {r['turns'] + r['errors']} | "
                f"{r.get('load_average', 'not recorded')} | {memory} |"
            )
    return "\n".join(
        [
            "| system | load | turns/s | p50 ms | p95 ms | p99 ms | errors | machine load "
            "average | peak memory (RSS) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            *rows,
        ]
    )


def targets(results: dict, args: argparse.Namespace) -> list[str]:
    """Issues #7's and #18's targets for this 2-core machine, each against what was measured
    (the whole embedded profile's memory and the cold start: scripts/measure_memory.py)."""
    rows = []

    def row(target: str, measured: str, met: bool | None) -> None:
        verdict = "n/a" if met is None else ("met" if met else "**not met**")
        rows.append(f"| {target} | {measured} | {verdict} |")

    paced = results.get("embedded", {}).get("paced")
    if paced:
        row(
            f"embedded, {args.residents} residents pausing {pauses(args)}: zero errors",
            f"{paced['errors']} errors in {paced['turns'] + paced['errors']} turns",
            paced["errors"] == 0,
        )
        row(
            "the same: p95 turn latency under 300 ms",
            f"{paced['p95_ms']} ms",
            paced["p95_ms"] < 300,
        )
    lockstep = results.get("embedded", {}).get("paced-lockstep")
    if lockstep:
        row(
            f"the same with identical {args.pause:g} s pauses: zero errors, p95 under 300 ms",
            f"{lockstep['errors']} errors, p95 {lockstep['p95_ms']} ms",
            lockstep["errors"] == 0 and lockstep["p95_ms"] < 300,
        )
    ref = results.get("reference", {}).get("saturation")
    embedded = results.get("embedded", {}).get("saturation")
    production = results.get("production", {}).get("saturation")
    # Throughput counts answered turns only, so a run that answers some turns with errors
    # (429s from nginx, 5xx) does not meet a throughput target however fast the rest were.
    for profile, measured in (("embedded", embedded), ("production", production)):
        if ref and measured:
            ratio = float(measured["turns_per_s"]) / float(ref["turns_per_s"])
            row(
                f"{profile} at saturation: throughput at least {SATURATION_RATIO:g}× the "
                "reference's, no errors (issue #18)",
                f"{measured['turns_per_s']} against {ref['turns_per_s']} turns/s "
                f"({ratio:.2f}×), {measured['errors']} errors",
                ratio >= SATURATION_RATIO and measured["errors"] == 0,
            )
    for process, limit in MEMORY_BUDGET_MB.items():
        peaks = [
            run["peak_mb"][process]
            for run in results.get("embedded", {}).values()
            if process in run["peak_mb"]
        ]
        if peaks:
            row(
                f"embedded {process}: at most {limit:,} MB under load (issue #18)",
                f"peak {max(peaks):,} MB",
                max(peaks) <= limit,
            )
    if embedded and production:
        row(
            "(not a target) production against embedded at saturation, on one 2-core machine",
            f"{production['turns_per_s']} against {embedded['turns_per_s']} turns/s",
            None,
        )
    memory = results.get("memory")
    if memory and len(memory["checkpoints"]) >= 4:
        half = len(memory["checkpoints"]) // 2
        first, last = memory["checkpoints"][half][1], memory["checkpoints"][-1][1]
        growth = last - first
        row(
            f"memory stops growing after {args.conversations:,} conversations (expiry works)",
            f"{growth:+} MB over the last half ({first} to {last} MB)",
            growth <= 0.02 * last,
        )
    if not rows:
        return []
    return ["| target (issues #7, #18) | measured | |", "| --- | --- | --- |", *rows, ""]


def report(results: dict, args: argparse.Namespace) -> str:
    cores = psutil.cpu_count()
    machine = f"{platform.machine()}, {cores} cores, Python {platform.python_version()}"
    lines = [
        "## Load (REST, simulated residents)",
        "",
        f"Reproduce: `make bench` (scripts/bench_load.py). Machine: {machine}.",
        "Each run starts the system as it is run, warms it with a dozen conversations, then drives",
        "it. Residents follow a mix of flows (route and decline, ask the area then log a concern,",
        "postcode and log, FAQ, rough sleeping, danger); the concern log is on. Latency is per",
        "turn, measured by the client.",
        "",
        f"Paced residents pause {pauses(args)} between turns, each pause drawn at random, as",
        "locust's `between()` does. The lockstep row gives every pause the same 3 s: residents",
        "answered in the same burst come back in the same burst 3 s later, so bursts never",
        "break up (people do not behave like that). Both are held to the target.",
        "",
        table(results, args),
        "",
        *targets(results, args),
    ]
    ratios = []
    ref = results.get("reference", {}).get("saturation")
    for system in ("embedded", "production"):
        mine = results.get(system, {}).get("saturation")
        if ref and mine and ref["turns_per_s"]:
            ratios.append(
                f"{system} {mine['turns_per_s'] / ref['turns_per_s']:.2f}× the reference's "
                f"throughput at saturation"
            )
    if ratios:
        lines += ["Ratios: " + "; ".join(ratios) + ".", ""]
    memory = results.get("memory")
    if memory:
        points = ", ".join(f"{n:,}: {mb} MB" for n, mb, _ in memory["checkpoints"])
        lines += [
            f"Memory of the embedded Rasa server against one-turn conversations "
            f"({args.clients} clients, conversations expiring after {EXPIRY_SECONDS} s instead "
            f"of 1,800 s so that expiry happens within the run): {points}. "
            f"{memory['turns']:,} turns, {memory['errors']} errors.",
            "",
        ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=50)
    parser.add_argument("--pause", type=float, default=3.0)
    parser.add_argument(
        "--pause-spread",
        type=float,
        default=1.0,
        help="each pause is --pause give or take this much, uniformly (locust's between())",
    )
    parser.add_argument("--paced-seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--saturation-seconds", type=float, default=45)
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument(
        "--only",
        nargs="*",
        default=["embedded", "production", "reference", "memory"],
        choices=["embedded", "production", "reference", "memory"],
    )
    parser.add_argument("--no-write", action="store_true", help="print, don't update the docs")
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite the report from build/bench/load.json"
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        results = json.loads((WORK / "load.json").read_text(encoding="utf-8"))
        text = report(results, args)
        if not args.no_write:
            write_section("load", text)
        print(text)
        return 0
    benches = {
        "embedded": bench_embedded,
        "production": bench_production,
        "reference": bench_reference,
        "memory": bench_memory,
    }
    results: dict = {}
    for name in args.only:  # one system at a time: they share the two cores
        with ExitStack() as stack:
            results[name] = benches[name](args, stack)
    (WORK / "load.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    text = report(results, args)
    if not args.no_write:
        write_section("load", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
