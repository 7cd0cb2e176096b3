"""`csp-bot`: the project's command line. One subcommand per job."""

from __future__ import annotations

import argparse
import signal
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bot import paths

Handler = Callable[[argparse.Namespace], int]


def cmd_build_nlp(args: argparse.Namespace) -> int:
    from bot.nlp import build_to_disk

    args.out.parent.mkdir(parents=True, exist_ok=True)
    count = build_to_disk(args.out)
    print(f"spaCy pipeline with {count} entity patterns written to {args.out}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.concerns.store import ConcernStore
    from bot.supervisor import ServiceFailed, services_running
    from bot.system import STARTUP_TIMEOUT_SECONDS, embedded_services

    ConcernStore().upgrade()  # the concern log's schema, before anything may write to it
    services = embedded_services(
        args.model, args.rasa_port, args.actions_port, web_port=args.web_port
    )
    # Installed explicitly: a process started from a background shell inherits SIGINT ignored.
    for stop_signal in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, lambda *_: sys.exit(0))
    try:
        with services_running(services, paths.PROJECT_ROOT, STARTUP_TIMEOUT_SECONDS) as running:
            print(
                f"\nThe assistant is ready.\n"
                f"  Web chat (demo council page): http://localhost:{args.web_port}/\n"
                f"  Officers' dashboard:          http://localhost:{args.web_port}/dashboard\n"
                f"  REST:    POST http://localhost:{args.rasa_port}/webhooks/rest/webhook\n"
                f"  Chat in a terminal: .venv/bin/csp-bot chat\n"
                f"Press Ctrl-C to stop.\n",
                flush=True,
            )
            while all(r.process.poll() is None for r in running):
                time.sleep(1)
            failed = [r.service.name for r in running if r.process.poll() is not None]
            print(f"stopped because {', '.join(failed)} exited", file=sys.stderr)
            return 1
    except ServiceFailed as error:
        print(f"could not start: {error}", file=sys.stderr)
        return 1


def cmd_web(args: argparse.Namespace) -> int:
    from bot.web.server import run

    run(args.host, args.port)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    import requests

    url = f"{args.url.rstrip('/')}/webhooks/rest/webhook"
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    print("Type a message (Ctrl-D to leave). Number keys pick a button.")
    buttons: list[dict] = []
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
    from bot.places import locator

    print(locator().locate(args.text))
    return 0


def cmd_route(args: argparse.Namespace) -> int:
    from bot.advice import route_text
    from bot.directory import load_directory

    print(route_text(load_directory(), args.concern, args.borough))
    return 0


def cmd_directory_audit(args: argparse.Namespace) -> int:
    from bot.directory import load_directory

    directory = load_directory()
    doubtful = {
        cid: c for cid, c in directory.contacts.items() if c.confidence != "confirmed" or c.caveat
    }
    for cid, contact in sorted(doubtful.items()):
        print(f"{cid} [{contact.confidence}, checked {contact.checked}]: {contact.caveat or ''}")
        for source in contact.source:
            print(f"    {source}")
    print(
        f"{len(doubtful)} of {len(directory.contacts)} contacts "
        "need a check against the live source"
    )
    return 0


def cmd_redact(args: argparse.Namespace) -> int:
    from bot.redaction import redact_lines

    redact_lines(sys.stdin, sys.stdout)
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from bot.concerns.store import ConcernStore

    store = ConcernStore()
    store.upgrade()
    print(
        f"concern database is up to date ({store.engine.url.render_as_string(hide_password=True)})"
    )
    return 0


def cmd_concerns_export(args: argparse.Namespace) -> int:
    from bot.concerns.export import write_export
    from bot.concerns.store import concern_store

    count = write_export(concern_store(), sys.stdout, args.format)
    print(f"{count} concerns exported", file=sys.stderr)
    return 0


def cmd_concerns_purge(args: argparse.Namespace) -> int:
    from bot.concerns.export import purge_older_than
    from bot.concerns.store import concern_store

    try:
        removed = purge_older_than(concern_store(), args.older_than)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"{removed} concerns older than {args.older_than} removed", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="csp-bot", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build-nlp", help="build the project's spaCy pipeline")
    build.add_argument("--out", type=Path, default=paths.SPACY_MODEL_DIR)
    build.set_defaults(handler=cmd_build_nlp)

    serve = sub.add_parser("serve", help="start the assistant (embedded profile)")
    serve.add_argument("--model", type=Path, default=paths.PROJECT_ROOT / "models" / "csp.tar.gz")
    serve.add_argument("--rasa-port", type=int, default=5005)
    serve.add_argument("--actions-port", type=int, default=5055)
    serve.add_argument("--web-port", type=int, default=8080)
    serve.set_defaults(handler=cmd_serve)

    web = sub.add_parser("web", help="serve the demo council page, chat widget and dashboard")
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=8080)
    web.set_defaults(handler=cmd_web)

    chat = sub.add_parser("chat", help="chat with a running assistant in the terminal")
    chat.add_argument("--url", default="http://localhost:5005")
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

    directory = sub.add_parser("directory", help="routing directory tools")
    directory_sub = directory.add_subparsers(dest="directory_command", required=True)
    audit = directory_sub.add_parser("audit", help="list contacts to check against live sources")
    audit.set_defaults(handler=cmd_directory_audit)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
