"""`make bench` (resilience part): the production profile as `make run-prod` runs it, under its
supervisor, measured for what issue #20 asks:
- start-up: seconds until every process is ready, then apologies and 5xx in the first minute of
  residents chatting (RESIDENTS at a time, each turn from its own address);
- a Rasa server, then an action server, killed with SIGKILL under the same load: turns that
  failed (only those in flight may), seconds until the supervisor had it ready again;
- a Rasa server frozen with SIGSTOP for FREEZE_SECONDS under load, then resumed: failed turns,
  seconds until it was taken out, stale turns it dropped on waking;
- HOSTILE_REQUESTS hostile requests through nginx over the REST, Messenger, socket.io and
  dashboard entry points (deep nesting, numbers too long to read, invalid UTF-8, control
  characters, random bytes): how many got a 5xx;
- the leak search: every log and temporary directory of the run searched for the personal
  details and addresses planted in it.
Results go to docs/benchmarks.md (section "resilience") and build/bench/resilience.json.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from docsection import write_section  # noqa: E402

from bot import paths  # noqa: E402
from bot.concern_log.store import ConcernStore  # noqa: E402
from bot.serving.embedded import MODEL, STARTUP_TIMEOUT_SECONDS  # noqa: E402
from bot.serving.production import Layout, ensure_database, production_services, supervised  # noqa: E402
from bot.serving.supervisor import Supervisor  # noqa: E402
from tests.e2e.test_concern_log import CONVERSATIONS  # noqa: E402
from tests.hostile import KNOWN_BAD  # noqa: E402

WORK = paths.BUILD_DIR / "bench" / "resilience"
RESIDENTS = 8
FIRST_MINUTE = 60.0
FREEZE_SECONDS = 20.0
HOSTILE_REQUESTS = 10_000
APOLOGY = "something has gone wrong on our side"
ADDRESSES = [f"198.51.100.{n}" for n in range(1, 255)]
PLANTED_ADDRESSES = ["203.0.113.201", "2001:db8:77::5"]
CONCERN = "my car was broken into last night outside the shops on Market Street BB4 7EX"
DESCRIPTION = "the back window smashed and the stereo taken, happens every few weeks"


def free_port() -> int:
    from bot.serving.supervisor import free_port as free

    return free()


@dataclass
class Load:
    """Residents logging concerns through nginx until stopped; each failed turn is resent after
    a second, as the apology asks."""

    public: str
    workers: int
    turns: list[tuple[float, bool]] = field(default_factory=list)  # (sent, ok)
    statuses: Counter = field(default_factory=Counter)
    confirmed: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> Load:
        self.threads = [threading.Thread(target=self._work, args=(n,)) for n in range(self.workers)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def _turn(self, sender: str, address: str, message: str, wanted: str) -> list | None:
        for _ in range(6):
            sent = time.monotonic()
            try:
                response = requests.post(
                    f"{self.public}/webhooks/rest/webhook",
                    json={"sender": sender, "message": message},
                    headers={"X-Forwarded-For": address},
                    timeout=60,
                )
                self.statuses[response.status_code] += 1
                body = response.json() if response.status_code == 200 else None
            except (requests.RequestException, ValueError):
                self.statuses["no answer"] += 1
                body = None
            text = "\n".join(m.get("text", "") for m in body or [])
            ok = body is not None and APOLOGY not in text
            self.turns.append((sent, ok))
            if ok and wanted in text:
                return body
            time.sleep(1)
        return None

    def _work(self, n: int) -> None:
        rng = random.Random(n)
        while not self.stop.is_set():
            sender, address = f"bench-{uuid.uuid4().hex}", rng.choice(ADDRESSES)
            offer = self._turn(sender, address, CONCERN, "log this anonymously")
            if offer is None:
                continue
            yes = next(
                b["payload"] for m in offer for b in m.get("buttons", []) if "Yes" in b["title"]
            )
            if self._turn(sender, address, yes, "what is happening") is None:
                continue
            if self._turn(sender, address, DESCRIPTION, "logged anonymously") is not None:
                self.confirmed += 1

    def failed(self, start: float, end: float = float("inf")) -> int:
        return sum(1 for sent, ok in self.turns if not ok and start <= sent <= end)


def back_after(supervisor: Supervisor, name: str, old_pid: int) -> float:
    started = time.monotonic()
    while True:
        member = supervisor.members[name]
        if member.ready and member.pid not in (None, old_pid):
            return time.monotonic() - started
        if time.monotonic() - started > STARTUP_TIMEOUT_SECONDS:
            raise RuntimeError(f"{name} did not come back")
        time.sleep(0.1)


def kill_under_load(supervisor: Supervisor, public: str, name: str) -> dict:
    with Load(public, RESIDENTS) as load:
        time.sleep(5)
        pid = supervisor.kill(name, signal.SIGKILL)
        killed = time.monotonic()
        recovered = back_after(supervisor, name, pid)
        time.sleep(5)
    return {
        "recovered_s": round(recovered, 1),
        "turns": len(load.turns),
        "failed_in_flight": load.failed(killed - 60, killed + 1),
        "failed_after": load.failed(killed + 1),
    }


def freeze_under_load(supervisor: Supervisor, public: str, log: Path) -> dict:
    dropped_before = log.read_text(errors="replace").count("dropped a turn")
    with Load(public, RESIDENTS) as load:
        time.sleep(5)
        supervisor.kill("rasa 1", signal.SIGSTOP)
        frozen = time.monotonic()
        while "rasa 1" in supervisor.ready_names():
            time.sleep(0.1)
        taken_out = time.monotonic() - frozen
        time.sleep(max(0.0, FREEZE_SECONDS - taken_out))
        supervisor.kill("rasa 1", signal.SIGCONT)
        while "rasa 1" not in supervisor.ready_names():
            time.sleep(0.1)
        time.sleep(5)
    return {
        "taken_out_s": round(taken_out, 1),
        "turns": len(load.turns),
        "failed": load.failed(frozen - 60),
        "stale_dropped": log.read_text(errors="replace").count("dropped a turn") - dropped_before,
    }


def hostile_requests(public: str, count: int) -> dict:
    rng = random.Random(20)

    def body() -> bytes:
        kind = rng.random()
        if kind < 0.15:
            return rng.choice(KNOWN_BAD)
        if kind < 0.35:
            depth, opener = rng.randint(1, 3000), rng.choice("[{")
            inner = '"a": ' if opener == "{" else ""
            closer = "]" if opener == "[" else "}"
            return ((opener + inner) * depth + "1" + closer * depth).encode()
        if kind < 0.5:
            digits = "7" * rng.randint(50, 10_000) + rng.choice(["", ".5", "e999", "E-400"])
            return b'{"sender": "h", "message": "hi", "metadata": {"n": ' + digits.encode() + b"}}"
        if kind < 0.7:
            text = "".join(
                chr(rng.choice([0, 7, 27, 0x202E, 0xFFFF, rng.randint(32, 0x2FFFF)]))
                for _ in range(rng.randint(0, 60))
            )
            return json.dumps({"sender": f"h{rng.randint(0, 99)}", "message": text}).encode()
        return rng.randbytes(rng.randint(0, 2000))

    def one(n: int) -> tuple[str, int | str]:
        raw, address = body(), ADDRESSES[n % len(ADDRESSES)]
        headers = {"Content-Type": "application/json", "X-Forwarded-For": address}
        door = rng.random()
        try:
            if door < 0.7:
                where = "rest"
                r = requests.post(
                    f"{public}/webhooks/rest/webhook", data=raw, headers=headers, timeout=60
                )
            elif door < 0.8:
                where = "messenger"
                r = requests.post(
                    f"{public}/webhooks/messenger/webhook", data=raw, headers=headers, timeout=60
                )
            elif door < 0.9:
                where = "socket.io"
                params = {"EIO": "4", "transport": "polling", "sid": uuid.uuid4().hex}
                r = requests.post(
                    f"{public}/socket.io/", params=params, data=raw, headers=headers, timeout=60
                )
            else:
                where = "dashboard"
                query = {
                    "from": raw[:40].decode("utf-8", "replace"),
                    "to": rng.choice(["9999-12-31", "0001-01-01", "x"]),
                }
                r = requests.get(
                    f"{public}/dashboard/",
                    params=query,
                    headers=headers,
                    timeout=60,
                    allow_redirects=False,
                )
            return where, r.status_code
        except requests.RequestException as error:
            return "error", type(error).__name__

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(one, range(count)))
    took = time.monotonic() - started
    by_door: dict[str, Counter] = {}
    for where, status in results:
        by_door.setdefault(where, Counter())[str(status)] += 1
    fives = sum(1 for _, s in results if isinstance(s, int) and s >= 500)
    return {"requests": count, "seconds": round(took, 1), "5xx": fives, "by_door": by_door}


def _say(public: str, sender: str, address: str, message: str) -> list:
    response = requests.post(
        f"{public}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        headers={"X-Forwarded-For": address},
        timeout=60,
    )
    return response.json()


def plant_and_search(public: str, work: Path) -> dict:
    for conversation, address in zip(CONVERSATIONS, PLANTED_ADDRESSES, strict=True):
        sender = f"bench-{uuid.uuid4().hex}"
        offer = _say(public, sender, address, conversation["concern"])
        yes = next(b["payload"] for m in offer for b in m.get("buttons", []) if "Yes" in b["title"])
        _say(public, sender, address, yes)
        _say(public, sender, address, conversation["description"])
        requests.post(  # too large: nginx writes an error-log line naming the client
            f"{public}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": conversation["concern"] * 300}),
            headers={"X-Forwarded-For": address, "Content-Type": "application/json"},
            timeout=60,
        )
    planted = [item for c in CONVERSATIONS for item in c["planted"]] + PLANTED_ADDRESSES
    files = [p for p in work.rglob("*") if p.is_file()]
    leaks = [
        (item, str(path.relative_to(work)))
        for path in files
        for item in planted
        if item.lower() in path.read_text(errors="replace").lower()
    ]
    return {"planted": len(planted), "files": len(files), "leaks": leaks}


def main() -> int:
    import psycopg2

    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "tmp").mkdir(parents=True)
    database = f"csp_bench_{uuid.uuid4().hex[:8]}"
    database_url = f"postgresql+psycopg2://postgres@localhost:5432/{database}"
    ensure_database(database_url)
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
        "REDIS_TRACKER_DB": "5",
        "REDIS_LOCK_DB": "6",
        "TMPDIR": str(WORK / "tmp"),
    }
    results: dict = {}
    try:
        services = production_services(MODEL, layout, WORK, environ, log_dir=WORK)
        launched = time.monotonic()
        with supervised(services, layout, environ, WORK, STARTUP_TIMEOUT_SECONDS) as supervisor:
            results["startup_s"] = round(time.monotonic() - launched, 1)
            print(f"ready after {results['startup_s']} s", flush=True)
            with Load(layout.public_url, RESIDENTS) as first:
                time.sleep(FIRST_MINUTE)
            results["first_minute"] = {
                "turns": len(first.turns),
                "failed": first.failed(0),
                "statuses": dict(first.statuses),
            }
            print(f"first minute: {results['first_minute']}", flush=True)
            for name in ("rasa 1", "action server 1"):
                results[f"kill {name}"] = kill_under_load(supervisor, layout.public_url, name)
                print(f"SIGKILL {name}: {results[f'kill {name}']}", flush=True)
            results["freeze rasa 1"] = freeze_under_load(
                supervisor, layout.public_url, WORK / "rasa-1.log"
            )
            print(f"SIGSTOP rasa 1: {results['freeze rasa 1']}", flush=True)
            results["hostile"] = hostile_requests(layout.public_url, HOSTILE_REQUESTS)
            print(f"hostile: {results['hostile']}", flush=True)
            results["leak"] = plant_and_search(layout.public_url, WORK)
            print(f"leak search: {results['leak']}", flush=True)
    finally:
        connection = psycopg2.connect(host="localhost", user="postgres", dbname="postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.close()
    (paths.BUILD_DIR / "bench" / "resilience.json").write_text(
        json.dumps(results, indent=2, default=str), encoding="utf-8"
    )
    write_section("resilience", report(results))
    return 0


def report(r: dict) -> str:
    rasa, actions, freeze = r["kill rasa 1"], r["kill action server 1"], r["freeze rasa 1"]
    hostile, leak, first = r["hostile"], r["leak"], r["first_minute"]
    doors = ", ".join(
        f"{door} {sum(c.values())} ({', '.join(f'{k}: {v}' for k, v in sorted(c.items()))})"
        for door, c in sorted(hostile["by_door"].items())
    )
    rows = [
        ("start-up until every process is ready", f"{r['startup_s']} s", ""),
        (
            "first minute after start: turns failed (apology or error)",
            f"{first['failed']} of {first['turns']}",
            "0",
        ),
        (
            "SIGKILL of a Rasa server: turns failed in flight / after",
            f"{rasa['failed_in_flight']} / {rasa['failed_after']} of {rasa['turns']}",
            "only those in flight",
        ),
        ("SIGKILL of a Rasa server: ready again after", f"{rasa['recovered_s']} s", "start-up"),
        (
            "SIGKILL of an action server: turns failed in flight / after",
            f"{actions['failed_in_flight']} / {actions['failed_after']} of {actions['turns']}",
            "only those in flight",
        ),
        ("SIGKILL of an action server: ready again after", f"{actions['recovered_s']} s", ""),
        (
            f"SIGSTOP of a Rasa server for {FREEZE_SECONDS:.0f} s: turns failed",
            f"{freeze['failed']} of {freeze['turns']}",
            "only those in flight",
        ),
        (
            "SIGSTOP: taken out of nginx after; stale turns dropped on waking",
            f"{freeze['taken_out_s']} s; {freeze['stale_dropped']}",
            "",
        ),
        (
            "hostile requests through nginx answered 5xx",
            f"{hostile['5xx']} of {hostile['requests']} ({hostile['seconds']} s)",
            "0 of at least 10,000",
        ),
        (
            f"planted details and addresses found in {leak['files']} log and temporary files",
            f"{len(leak['leaks'])} of {leak['planted']} planted",
            "0",
        ),
    ]
    table = "\n".join(f"| {what} | {measured} | {target} |" for what, measured, target in rows)
    return f"""## Resilience of the production profile (issue #20)

Measured by `make bench` (`.venv/bin/python scripts/bench_resilience.py`, about 10 minutes): the
production profile under its supervisor, as `make run-prod` runs it, with {RESIDENTS} residents
logging concerns through nginx at a time (each failed turn resent after a second).

| what | measured | target |
| --- | --- | --- |
{table}

Hostile requests by entry point and status: {doors}.
"""


if __name__ == "__main__":
    sys.exit(main())
