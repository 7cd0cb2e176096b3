"""Serving the web application with waitress (a production WSGI server in pure Python)."""

from __future__ import annotations

from waitress import serve

from bot.web.app import create_app
from bot.web.assets import missing

THREADS = 8


def run(host: str, port: int) -> None:
    absent = missing()
    if absent:
        folders = ", ".join(str(folder) for folder in absent)
        raise SystemExit(f"front-end files missing ({folders}): run `make web` first")
    serve(create_app(), host=host, port=port, threads=THREADS, ident="csp-bot")
