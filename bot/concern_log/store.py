"""Where concern records are kept: a SQLite file by default, PostgreSQL via DATABASE_URL.

Writes are all-or-nothing and idempotent: a record is committed before the resident is told
it was logged, a retried turn is stored once, and a database that cannot be reached raises
StoreUnavailable (the conversation says so) instead of leaving half a record. The engine
checks connections before use, so the log works again as soon as the database is back.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot import paths
from bot.concern_log.record import ConcernRecord
from bot.concern_log.schema import concerns
from bot.settings import Settings

DEFAULT_DATABASE = paths.PROJECT_ROOT / "var" / "concerns.db"
MIGRATIONS = Path(__file__).parent / "migrations"
EXPORT_COLUMNS = [c.name for c in concerns.columns if c.name != "idempotency_key"]


class StoreUnavailable(RuntimeError):
    """The concern database cannot be reached or refused the write; nothing was stored."""


def database_url() -> str:
    """DATABASE_URL from the environment, or the embedded SQLite file."""
    url = Settings.from_environ().database_url
    if url:
        return url
    DEFAULT_DATABASE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DATABASE}"


class ConcernStore:
    def __init__(self, url: str | None = None, connect_timeout: int = 3) -> None:
        self.url = url or database_url()
        connect_args = (
            {"connect_timeout": connect_timeout} if self.url.startswith("postgres") else {}
        )
        self.engine: Engine = create_engine(
            self.url, future=True, pool_pre_ping=True, connect_args=connect_args
        )

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (creates it on a new database)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def add(self, record: ConcernRecord) -> bool:
        """Store `record` once. True if stored now, False if this turn was already stored."""
        try:
            with self.engine.begin() as connection:
                connection.execute(concerns.insert().values(**record.as_row()))
            return True
        except IntegrityError:
            if self._has_key(record.idempotency_key):
                return False
            raise
        except SQLAlchemyError as error:
            raise StoreUnavailable(str(error.__class__.__name__)) from error

    def _has_key(self, key: str) -> bool:
        with self.engine.connect() as connection:
            query = select(func.count()).where(concerns.c.idempotency_key == key)
            return bool(connection.execute(query).scalar_one())

    def count(self, synthetic: bool | None = None) -> int:
        query = select(func.count()).select_from(concerns)
        if synthetic is not None:
            query = query.where(concerns.c.is_synthetic == synthetic)
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def rows(self) -> Iterator[dict[str, Any]]:
        """Every record, oldest first, without the internal idempotency key."""
        columns = [concerns.c[name] for name in EXPORT_COLUMNS]
        query = select(*columns).order_by(concerns.c.reported_on, concerns.c.id)
        with self.engine.connect() as connection:
            for row in connection.execution_options(stream_results=True).execute(query):
                yield dict(row._mapping)

    def purge(self, before: date) -> int:
        """Delete every record reported before `before`; returns how many went."""
        with self.engine.begin() as connection:
            result = connection.execute(delete(concerns).where(concerns.c.reported_on < before))
            return int(result.rowcount or 0)


@cache
def concern_store() -> ConcernStore:
    """The process-wide store, its schema brought up to date on first use."""
    store = ConcernStore()
    store.upgrade()
    return store
