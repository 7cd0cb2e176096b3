"""`csp-bot`: the project's command line. One subcommand per job."""

from __future__ import annotations

import argparse
import signal
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot import paths
from bot.settings import PORTS, Settings, SettingsError

if TYPE_CHECKING:
    from bot.routing.directory import Directory

Handler = Callable[[argparse.Namespace], int]


def cmd_build_nlp(args: argparse.Namespace) -> int:
    from bot.nlu.spacy_pipeline import build_to_disk

    args.out.parent.mkdir(parents=True, exist_ok=True)
    count = build_to_disk(args.out)
    print(f"spaCy pipeline with {count} entity patterns written to {args.out}")
    return 0


def cmd_build_concerns(args: argparse.Namespace) -> int:
    from bot.routing import concern_files
    from bot.routing.directory import Directory

    directory = Directory.load()
    if args.check:
        drifted = concern_files.drifted(directory)
        for path in drifted:
            print(f"{path.relative_to(paths.PROJECT_ROOT)} has drifted from {concern_files.SOURCE}")
        if drifted:
            print("run `csp-bot build-concerns` (make does it) to regenerate", file=sys.stderr)
        return 1 if drifted else 0
    for path in concern_files.write(directory):
        print(f"wrote {path.relative_to(paths.PROJECT_ROOT)}")
    return 0


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _stop(*_: object) -> None:
    """The first stop signal unwinds `serve`, which stops every process it started (each
    within its grace period). Later ones are ignored: a second Ctrl-C, or `make` and `timeout`
    each passing a SIGTERM on, arrived while the first was stopping the processes and cut that
    short, leaving the Rasa and action servers running with nobody to stop them."""
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, signal.SIG_IGN)
    sys.exit(0)


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.concern_log.store import ConcernStore
    from bot.serving.embedded import STARTUP_TIMEOUT_SECONDS, embedded_services
    from bot.serving.supervisor import ServiceFailed, services_running

    # Installed explicitly: a process started from a background shell inherits SIGINT ignored.
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, _stop)
    if args.profile == "production":
        return _serve_production(args)
    ConcernStore().upgrade()  # the concern log's schema, before anything may write to it
    services = embedded_services(
        args.model, args.rasa_port, args.actions_port, web_port=args.web_port
    )
    ready = (
        f"  Web chat (demo council page): http://localhost:{args.web_port}/\n"
        f"  Officers' dashboard:          http://localhost:{args.web_port}/dashboard\n"
        f"  REST:    POST http://localhost:{args.rasa_port}/webhooks/rest/webhook\n"
        f"  Chat in a terminal: .venv/bin/csp-bot chat\n"
    )
    try:
        with services_running(services, paths.PROJECT_ROOT, STARTUP_TIMEOUT_SECONDS) as running:
            print(f"\nThe assistant is ready.\n{ready}Press Ctrl-C to stop.\n", flush=True)
            while all(r.process.poll() is None for r in running):
                time.sleep(1)
            failed = [r.service.name for r in running if r.process.poll() is not None]
            print(f"stopped because {', '.join(failed)} exited", file=sys.stderr)
            return 1
    except ServiceFailed as error:
        print(f"could not start: {error}", file=sys.stderr)
        return 1


def _serve_production(args: argparse.Namespace) -> int:
    """The production profile (bot/serving/production.py) under its supervisor: a process that exits
    is restarted on its own while the rest keep serving; runs until stopped."""
    import os

    from bot.concern_log.store import ConcernStore
    from bot.serving.embedded import STARTUP_TIMEOUT_SECONDS
    from bot.serving.production import (
        Layout,
        ensure_database,
        environment,
        production_services,
        supervised,
    )
    from bot.serving.supervisor import ServiceFailed

    layout = Layout(public_port=args.web_port)
    database_url = Settings.from_environ(environment(layout, dict(os.environ))).database_url
    ensure_database(database_url)
    ConcernStore(database_url).upgrade()
    scratch = paths.BUILD_DIR / "prod"
    logs = scratch / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    services = production_services(args.model, layout, scratch, dict(os.environ), log_dir=logs)
    try:
        with supervised(services, layout, dict(os.environ), scratch, STARTUP_TIMEOUT_SECONDS):
            print(
                f"\nThe assistant is ready.\n"
                f"  Production profile: nginx -> 2 Rasa servers, 2 action servers; Redis, "
                f"PostgreSQL; each process restarted on its own if it stops\n"
                f"  Web chat (demo council page): {layout.public_url}/\n"
                f"  Officers' dashboard:          {layout.public_url}/dashboard\n"
                f"  REST:    POST {layout.public_url}/webhooks/rest/webhook\n"
                f"  Chat in a terminal: .venv/bin/csp-bot chat --url {layout.public_url}\n"
                f"  Logs: {logs}; which process is ready: {scratch / 'state.json'}\n"
                f"Press Ctrl-C to stop.\n",
                flush=True,
            )
            while True:
                time.sleep(1)
    except ServiceFailed as error:
        print(f"could not start: {error}", file=sys.stderr)
        return 1


def cmd_wait_ready(args: argparse.Namespace) -> int:
    """Exit 0 once `url` answers 2xx, 1 if it has not within --timeout seconds: systemd's
    ExecStartPost (a unit is started only once its server is ready) and Compose's healthcheck."""
    import requests

    deadline = time.monotonic() + args.timeout
    while True:
        try:
            if requests.get(args.url, timeout=min(5.0, args.timeout)).ok:
                return 0
        except requests.RequestException:
            pass
        if time.monotonic() >= deadline:
            print(f"{args.url} is not ready after {args.timeout:.0f} s", file=sys.stderr)
            return 1
        time.sleep(1)


def cmd_redact_addresses(args: argparse.Namespace) -> int:
    from bot.serving.addresses import main

    return main()


def cmd_deploy_nginx_config(args: argparse.Namespace) -> int:
    import os

    from bot.serving.production import TEMPLATE, Layout, environment, nginx_values, render

    layout = Layout(
        public_port=args.public_port,
        rasa_ports=tuple(args.rasa_ports),
        actions_ports=tuple(args.actions_ports),
        actions_balancer_port=args.actions_balancer_port,
        web_port=args.web_port,
    )
    env = environment(layout, dict(os.environ))
    try:
        config = render(
            TEMPLATE.read_text(encoding="utf-8"), nginx_values(layout, env, args.run_dir)
        )
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    sys.stdout.write(config)
    return 0


def cmd_web(args: argparse.Namespace) -> int:
    from bot.web.server import run

    run(args.host, args.port)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    import requests

    url = f"{args.url.rstrip('/')}/webhooks/rest/webhook"
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    print("Type a message (Ctrl-D to leave). Number keys pick a button.")
    buttons: list[dict[str, str]] = []
    for line in sys.stdin:
        text = line.strip()
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        reply = requests.post(url, json={"sender": sender, "message": text}, timeout=30)
        reply.raise_for_status()
        buttons = []
        for message in reply.json():
            if message.get("text"):
                print(f"\n{message['text']}")
            for button in message.get("buttons") or []:
                buttons.append(button)
                print(f"  [{len(buttons)}] {button['title']}")
        print()
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    from bot.places.locate import locator

    print(locator().locate(args.text))
    return 0


def cmd_route(args: argparse.Namespace) -> int:
    from bot.routing.advice import route_text
    from bot.routing.directory import load_directory

    print(route_text(load_directory(), args.concern, args.borough))
    return 0


def _directory(args: argparse.Namespace) -> Directory:
    from bot.routing.directory import Directory

    return Directory.load(args.data_dir) if args.data_dir else Directory.load()


def cmd_data_check(args: argparse.Namespace) -> int:
    from bot.data_check import run_checks

    outcomes = run_checks()
    for outcome in outcomes:
        print(f"{'ok' if outcome.error is None else 'FAILED'}  {outcome.what}")
        if outcome.error is not None:
            print(f"    {outcome.error}")
    failed = sum(outcome.error is not None for outcome in outcomes)
    print(f"{len(outcomes) - failed} of {len(outcomes)} data checks passed")
    return 1 if failed else 0


def cmd_directory_audit(args: argparse.Namespace) -> int:
    from bot.routing.upkeep import stale_contacts

    directory = _directory(args)
    today = args.today or date.today()
    stale = stale_contacts(directory, today, args.months)
    print(f"Contacts not checked for {args.months} months or more (as of {today}):")
    for item in stale:
        contact = item.contact
        print(
            f"{item.contact_id} [{contact.confidence}]: {contact.name}; "
            f"checked {contact.checked} ({item.months} months ago)"
        )
        for source in contact.source:
            print(f"    {source}")
    print(f"{len(stale)} of {len(directory.contacts)} contacts need checking again")
    unconfirmed = {
        cid: c
        for cid, c in directory.contacts.items()
        if c.unconfirmed or c.confidence == "unconfirmed"
    }
    print(f"\nFacts not confirmed (never said to residents until confirmed): {len(unconfirmed)}")
    for cid, contact in sorted(unconfirmed.items()):
        fields = ", ".join(contact.unconfirmed) or "(whole contact)"
        print(f"{cid}: {fields}")
    return 0


def cmd_directory_check_links(args: argparse.Namespace) -> int:
    from bot.routing.upkeep import check_links, web_addresses

    used = web_addresses(_directory(args))
    results = check_links(sorted(used), timeout=args.timeout, workers=args.workers)
    problems = 0
    for result in results:
        if result.verdict == "ok":
            continue
        problems += result.problem
        status = result.status if result.status is not None else result.detail
        where = "; ".join(used[result.url])
        moved = (
            f" -> {result.final_url}" if result.final_url and result.final_url != result.url else ""
        )
        print(f"{result.verdict.upper()} [{status}] {result.url}{moved}  ({where})")
    counts: dict[str, int] = {}
    for result in results:
        counts[result.verdict] = counts.get(result.verdict, 0) + 1
    summary = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
    print(f"{len(results)} addresses checked: {summary}. Nothing was changed.")
    return 1 if problems else 0


def cmd_translations_audit(args: argparse.Namespace) -> int:
    from bot.language.audit import audit_all
    from bot.language.catalogue import catalogue

    total = len(catalogue())
    complete = True
    for item in audit_all():
        print(
            f"{item.language}: {total - len(item.missing)} of {total} texts translated; "
            f"{item.unreviewed} not yet reviewed by a fluent speaker; file: {item.review}"
        )
        for text in item.missing if args.verbose else item.missing[:5]:
            print(f"    missing: {text[:100]!r}")
        if len(item.missing) > 5 and not args.verbose:
            print(f"    ... and {len(item.missing) - 5} more (--verbose lists them all)")
        for text in item.stale:
            print(f"    no longer said in English (remove or re-key): {text[:100]!r}")
        complete = complete and not item.missing
    return 0 if complete else 1


def cmd_redact(args: argparse.Namespace) -> int:
    from bot.redaction import redact_lines

    redact_lines(sys.stdin, sys.stdout)
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from bot.concern_log.store import ConcernStore

    store = ConcernStore()
    store.upgrade()
    print(
        f"concern database is up to date ({store.engine.url.render_as_string(hide_password=True)})"
    )
    return 0


def cmd_concerns_export(args: argparse.Namespace) -> int:
    from bot.concern_log.export import write_export
    from bot.concern_log.store import concern_store

    count = write_export(concern_store(), sys.stdout, args.format)
    print(f"{count} concerns exported", file=sys.stderr)
    return 0


def cmd_concerns_purge(args: argparse.Namespace) -> int:
    from bot.concern_log.export import purge_older_than
    from bot.concern_log.store import concern_store

    try:
        removed = purge_older_than(concern_store(), args.older_than)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"{removed} concerns older than {args.older_than} removed", file=sys.stderr)
    return 0


def cmd_concerns_seed(args: argparse.Namespace) -> int:
    from bot.concern_log.seed import SeedRefused, seed
    from bot.concern_log.store import ConcernStore

    store = ConcernStore()
    started = time.monotonic()
    try:
        count = seed(store, args.n, seed=args.seed)
    except (SeedRefused, ValueError) as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    print(
        f"{count:,} SYNTHETIC concerns added (marked is_synthetic) in "
        f"{time.monotonic() - started:.0f} s",
        file=sys.stderr,
    )
    return 0


def _read_password() -> str:
    """From the terminal without echo, or one line of standard input when it is piped."""
    import getpass

    if sys.stdin.isatty():
        first = getpass.getpass("Password (at least 12 characters): ")
        if getpass.getpass("Same password again: ") != first:
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_officers_add(args: argparse.Namespace) -> int:
    from bot.concern_log.store import ConcernStore
    from bot.officers.accounts import AccountError, OfficerAccounts

    store = ConcernStore()
    store.upgrade()
    try:
        officer = OfficerAccounts(store.engine).add(args.email, _read_password())
    except (AccountError, ValueError) as error:
        print(f"not added: {error}", file=sys.stderr)
        return 2
    print(f"officer {officer.email} added: they can sign in at /dashboard", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from bot.report import write_report

    if args.start > args.end:
        print("--from must be on or before --to", file=sys.stderr)
        return 2
    try:
        written = write_report(args.start, args.end, args.out)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"board report written to {written}", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="csp-bot", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build-nlp", help="build the project's spaCy pipeline")
    build.add_argument("--out", type=Path, default=paths.SPACY_MODEL_DIR)
    build.set_defaults(handler=cmd_build_nlp)

    concerns_build = sub.add_parser(
        "build-concerns", help="write the Rasa files that follow from the concern declarations"
    )
    concerns_build.add_argument(
        "--check", action="store_true", help="only check that they have not drifted"
    )
    concerns_build.set_defaults(handler=cmd_build_concerns)

    serve = sub.add_parser("serve", help="start the assistant")
    serve.add_argument("--model", type=Path, default=paths.PROJECT_ROOT / "models" / "csp.tar.gz")
    serve.add_argument(
        "--profile",
        choices=["embedded", "production"],
        default="embedded",
        help="embedded: one of each, in-memory conversations, SQLite (make run); production: "
        "nginx, two Rasa and two action servers, Redis, PostgreSQL (make run-prod)",
    )
    serve.add_argument("--rasa-port", type=int, default=PORTS.rasa, help="embedded profile")
    serve.add_argument("--actions-port", type=int, default=PORTS.actions, help="embedded profile")
    serve.add_argument(
        "--web-port", type=int, default=PORTS.public, help="the public port (production: nginx's)"
    )
    serve.set_defaults(handler=cmd_serve)

    wait = sub.add_parser("wait-ready", help="wait until a server's readiness check answers")
    wait.add_argument("--url", required=True)
    wait.add_argument("--timeout", type=float, default=300.0)
    wait.set_defaults(handler=cmd_wait_ready)

    redact = sub.add_parser(
        "redact-addresses",
        help="copy stdin to stdout with IP addresses replaced (nginx's error log under systemd)",
    )
    redact.set_defaults(handler=cmd_redact_addresses)

    deploy = sub.add_parser("deploy", help="deployment files for the production profile")
    deploy_sub = deploy.add_subparsers(dest="deploy_command", required=True)
    nginx = deploy_sub.add_parser(
        "nginx-config", help="render deploy/nginx.conf.template from the environment to stdout"
    )
    nginx.add_argument("--run-dir", type=Path, default=Path("/run/csp-nginx"))
    nginx.add_argument("--public-port", type=int, default=PORTS.public)
    nginx.add_argument("--rasa-ports", type=int, nargs=2, default=[PORTS.rasa, PORTS.rasa_2])
    nginx.add_argument(
        "--actions-ports", type=int, nargs=2, default=[PORTS.actions, PORTS.actions_2]
    )
    nginx.add_argument("--actions-balancer-port", type=int, default=PORTS.actions_balancer)
    nginx.add_argument("--web-port", type=int, default=PORTS.web_behind_nginx)
    nginx.set_defaults(handler=cmd_deploy_nginx_config)

    web = sub.add_parser("web", help="serve the demo council page, chat widget and dashboard")
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=PORTS.public)
    web.set_defaults(handler=cmd_web)

    chat = sub.add_parser("chat", help="chat with a running assistant in the terminal")
    chat.add_argument("--url", default=f"http://localhost:{PORTS.rasa}")
    chat.set_defaults(handler=cmd_chat)

    locate = sub.add_parser("locate", help="show where a message places the resident")
    locate.add_argument("text")
    locate.set_defaults(handler=cmd_locate)

    route = sub.add_parser("route", help="show the route for a concern in a borough")
    route.add_argument("concern")
    route.add_argument("--borough", default=None)
    route.set_defaults(handler=cmd_route)

    redact = sub.add_parser(
        "redact", help="redact personal details: one text per line in, one line out"
    )
    redact.set_defaults(handler=cmd_redact)

    db = sub.add_parser("db", help="the concern database")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="create or migrate the schema").set_defaults(
        handler=cmd_db_upgrade
    )

    concerns = sub.add_parser("concerns", help="the anonymised concern log")
    concerns_sub = concerns.add_subparsers(dest="concerns_command", required=True)
    export = concerns_sub.add_parser("export", help="write every record to standard output")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.set_defaults(handler=cmd_concerns_export)
    purge = concerns_sub.add_parser("purge", help="delete records older than a duration")
    purge.add_argument("--older-than", default="730d", help="e.g. 90d, 12w, 24m, 2y (default 730d)")
    purge.set_defaults(handler=cmd_concerns_purge)
    seed = concerns_sub.add_parser(
        "seed", help="add SYNTHETIC concerns for demonstrations and benchmarks"
    )
    seed.add_argument("--n", type=int, required=True, help="how many")
    seed.add_argument("--seed", type=int, default=None, help="random seed, for the same rows")
    seed.set_defaults(handler=cmd_concerns_seed)

    officers = sub.add_parser("officers", help="officers' dashboard accounts")
    officers_sub = officers.add_subparsers(dest="officers_command", required=True)
    add_officer = officers_sub.add_parser(
        "add", help="add an officer; the password is asked for (or read from standard input)"
    )
    add_officer.add_argument("email")
    add_officer.set_defaults(handler=cmd_officers_add)

    report = sub.add_parser("report", help="write the board report for a date range")
    report.add_argument("--from", dest="start", type=date.fromisoformat, required=True)
    report.add_argument("--to", dest="end", type=date.fromisoformat, required=True)
    report.add_argument("--out", type=Path, required=True, help="FILE.html or FILE.pdf")
    report.set_defaults(handler=cmd_report)

    translations = sub.add_parser("translations", help="the words residents read in each language")
    translations_sub = translations.add_subparsers(dest="translations_command", required=True)
    translations_audit = translations_sub.add_parser(
        "audit",
        help="list, per language, texts with no translation, stale ones and what is unreviewed "
        "(exit status 1 while any text is missing)",
    )
    translations_audit.add_argument(
        "--verbose", action="store_true", help="list every missing text"
    )
    translations_audit.set_defaults(handler=cmd_translations_audit)

    data = sub.add_parser("data", help="the maintained data files")
    data_sub = data.add_subparsers(dest="data_command", required=True)
    data_sub.add_parser(
        "check", help="load every maintained data file through its schema, as the servers do"
    ).set_defaults(handler=cmd_data_check)

    directory = sub.add_parser("directory", help="routing directory tools")
    directory_sub = directory.add_subparsers(dest="directory_command", required=True)
    audit = directory_sub.add_parser(
        "audit", help="list contacts not checked for 6 months or more, and unconfirmed facts"
    )
    audit.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    audit.add_argument("--months", type=int, default=6)
    audit.add_argument("--data-dir", type=Path, default=None, help="a directory data folder")
    audit.set_defaults(handler=cmd_directory_audit)
    links = directory_sub.add_parser(
        "check-links",
        help="check every web address (status, moved, home page, dead); reports, changes nothing",
    )
    links.add_argument("--timeout", type=float, default=10.0, help="seconds per address")
    links.add_argument("--workers", type=int, default=8, help="addresses checked at once")
    links.add_argument("--data-dir", type=Path, default=None, help="a directory data folder")
    links.set_defaults(handler=cmd_directory_check_links)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except SettingsError as error:  # a variable in the environment cannot be read
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
