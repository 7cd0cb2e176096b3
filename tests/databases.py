"""Real databases for tests: a SQLite file, or a fresh PostgreSQL database that is dropped after.

PostgreSQL runs on localhost:5432 with trust auth on these machines (and in CI). A test that
needs it fails, rather than skips, when it is not there.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2

from bot.concern_log.store import ConcernStore

PG_HOST = os.environ.get("CSP_TEST_PG_HOST", "localhost")
PG_PORT = int(os.environ.get("CSP_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("CSP_TEST_PG_USER", "postgres")


def _admin(sql: str) -> None:
    connection = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


@contextmanager
def postgres_database(port: int = PG_PORT) -> Iterator[str]:
    """A new, empty PostgreSQL database; its URL (through `port`) while it exists."""
    name = f"csp_test_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg2://{PG_USER}@{PG_HOST}:{port}/{name}"
    finally:
        _admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
        _admin(f'DROP DATABASE IF EXISTS "{name}"')


def concern_count(url: str) -> int:
    """How many records the concern log at `url` holds (its connections closed after)."""
    store = ConcernStore(url)
    try:
        return store.count()
    finally:
        store.engine.dispose()


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'concerns.db'}"


@contextmanager
def upgraded_store(kind: str, folder: Path) -> Iterator[ConcernStore]:
    """A concern store with the schema in place: a SQLite file in `folder` ("sqlite") or a
    PostgreSQL database created for the test and dropped after it ("postgresql")."""
    with contextlib.ExitStack() as stack:
        url = sqlite_url(folder) if kind == "sqlite" else stack.enter_context(postgres_database())
        store = ConcernStore(url)
        store.upgrade()
        try:
            yield store
        finally:
            store.engine.dispose()


def forward(source: socket.socket, sink: socket.socket) -> None:
    """Copies one direction of a proxied connection until either side closes."""
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class TcpProxy:
    """Forwards a local port to PostgreSQL, and can be cut and restored: a database outage
    and its recovery, without touching the shared server."""

    def __init__(self, target_port: int = PG_PORT) -> None:
        self.target = (PG_HOST, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._open: list[socket.socket] = []
        self._up = threading.Event()
        self._up.set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._up.is_set():
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=forward, args=(a, b), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and break every open one."""
        self._up.clear()
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._open.clear()

    def restore(self) -> None:
        self._up.set()

    def close(self) -> None:
        self.cut()
        self._listener.close()
