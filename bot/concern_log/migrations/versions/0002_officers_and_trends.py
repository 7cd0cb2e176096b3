"""Officers' accounts and sessions; the rollups the dashboard reads, kept exact by triggers.

* `concern_daily`, `concern_weekly`, `concern_monthly`: concerns per day (week from Monday,
  month), category, priority, borough ("" when not given), channel and synthetic flag.
* `concern_place_monthly`, `concern_place_weekly`: concerns with a named place or postcode
  sector per month (week), category, borough, channel and place (the named place, else the
  sector).

Triggers on `concerns` keep both exact on insert, update and delete: row triggers on SQLite,
statement triggers with transition tables on PostgreSQL (one grouped upsert per statement, so a
bulk load pays once per statement, not once per row). Existing concerns are counted in here.
On SQLite the rollups are WITHOUT ROWID tables: rows stay in key order, so a date range is one
contiguous read.

A later migration that rebuilds `concerns` on SQLite (batch mode copies the table) drops these
triggers and must create them again (tests/dashboard checks the rollups after upgrade).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


class Rollup(NamedTuple):  # (a dataclass needs its module in sys.modules; Alembic's are not)
    table: str
    key: tuple[str, ...]  # the rollup's key columns
    sqlite_values: str  # the key of one row {r} (NEW or OLD), in SQLite
    pg_values: str  # the same for a row of a transition table, in PostgreSQL
    only_if: str = "1 = 1"  # which rows count, {r} for the row

    def match(self, row: str) -> str:
        values = _split(self.sqlite_values.format(r=row))
        pairs = [f"{column} = {value}" for column, value in zip(self.key, values, strict=True)]
        return " AND ".join(pairs)


COUNT_KEY = ("reported_on", "category", "priority", "borough", "channel", "is_synthetic")
COUNT_SQLITE = (
    "{day}, {{r}}.category, {{r}}.priority, COALESCE({{r}}.borough, ''), {{r}}.channel, "
    "{{r}}.is_synthetic"
)
COUNT_PG = "{day}, category, priority, COALESCE(borough, ''), channel, is_synthetic"
DAILY = Rollup(
    table="concern_daily",
    key=COUNT_KEY,
    sqlite_values=COUNT_SQLITE.format(day="{r}.reported_on"),
    pg_values=COUNT_PG.format(day="reported_on"),
)
WEEKLY = Rollup(  # reported_on: the Monday of the week
    table="concern_weekly",
    key=COUNT_KEY,
    sqlite_values=COUNT_SQLITE.format(day="date({r}.reported_on, '-6 days', 'weekday 1')"),
    pg_values=COUNT_PG.format(day="CAST(date_trunc('week', reported_on) AS DATE)"),
)
MONTHLY = Rollup(  # reported_on: the first day of the month
    table="concern_monthly",
    key=COUNT_KEY,
    sqlite_values=COUNT_SQLITE.format(day="strftime('%Y-%m-01', {r}.reported_on)"),
    pg_values=COUNT_PG.format(day="CAST(date_trunc('month', reported_on) AS DATE)"),
)
PLACES = Rollup(  # keyed place first: "top places" groups in key order, with no sort
    table="concern_place_monthly",
    key=("category", "borough", "place", "channel", "reported_on"),
    sqlite_values=(
        "{r}.category, COALESCE({r}.borough, ''), COALESCE({r}.place, {r}.sector), "
        "{r}.channel, strftime('%Y-%m-01', {r}.reported_on)"
    ),
    pg_values=(
        "category, COALESCE(borough, ''), COALESCE(place, sector), channel, "
        "CAST(date_trunc('month', reported_on) AS DATE)"
    ),
    only_if="COALESCE({r}.place, {r}.sector) IS NOT NULL",
)
PLACES_WEEKLY = Rollup(  # keyed week first: it is read a few weeks at a time
    table="concern_place_weekly",
    key=("reported_on", "category", "borough", "place", "channel"),
    sqlite_values=(
        "date({r}.reported_on, '-6 days', 'weekday 1'), {r}.category, "
        "COALESCE({r}.borough, ''), COALESCE({r}.place, {r}.sector), {r}.channel"
    ),
    pg_values=(
        "CAST(date_trunc('week', reported_on) AS DATE), category, COALESCE(borough, ''), "
        "COALESCE(place, sector), channel"
    ),
    only_if="COALESCE({r}.place, {r}.sector) IS NOT NULL",
)
ROLLUPS = (DAILY, WEEKLY, MONTHLY, PLACES, PLACES_WEEKLY)


def _sqlite_add(rollup: Rollup) -> str:
    key = ", ".join(rollup.key)
    return (
        f"INSERT INTO {rollup.table} ({key}, n) SELECT {rollup.sqlite_values.format(r='NEW')}, 1 "
        f"WHERE {rollup.only_if.format(r='NEW')} "
        f"ON CONFLICT ({key}) DO UPDATE SET n = n + 1;"
    )


def _sqlite_remove(rollup: Rollup) -> str:
    match = rollup.match("OLD")
    return (
        f"UPDATE {rollup.table} SET n = n - 1 WHERE {match}; "
        f"DELETE FROM {rollup.table} WHERE n <= 0 AND {match};"
    )


def _pg_grouped(rollup: Rollup, rows: str) -> str:
    columns = len(rollup.key)
    group = ", ".join(str(i) for i in range(1, columns + 1))
    aliases = ", ".join(
        f"{value} AS {column}"
        for value, column in zip(_split(rollup.pg_values), rollup.key, strict=True)
    )
    return (
        f"SELECT {aliases}, count(*) AS n FROM {rows} "
        f"WHERE {rollup.only_if.format(r=rows)} GROUP BY {group}"
    )


def _split(values: str) -> list[str]:
    """Split a column list on top-level commas (not those inside parentheses)."""
    parts, depth, current = [], 0, ""
    for char in values:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts


def _pg_add(rollup: Rollup) -> str:
    key = ", ".join(rollup.key)
    return (
        f"INSERT INTO {rollup.table} ({key}, n) {_pg_grouped(rollup, 'new_rows')} "
        f"ON CONFLICT ({key}) DO UPDATE SET n = {rollup.table}.n + EXCLUDED.n;"
    )


def _pg_remove(rollup: Rollup) -> str:
    match = " AND ".join(f"d.{column} = o.{column}" for column in rollup.key)
    return (
        f"UPDATE {rollup.table} d SET n = d.n - o.n "
        f"FROM ({_pg_grouped(rollup, 'old_rows')}) o WHERE {match}; "
        f"DELETE FROM {rollup.table} WHERE n <= 0;"
    )


def _sqlite_triggers() -> list[str]:
    add = " ".join(_sqlite_add(r) for r in ROLLUPS)
    remove = " ".join(_sqlite_remove(r) for r in ROLLUPS)
    return [
        f"CREATE TRIGGER concern_rollups_insert AFTER INSERT ON concerns BEGIN {add} END",
        f"CREATE TRIGGER concern_rollups_delete AFTER DELETE ON concerns BEGIN {remove} END",
        "CREATE TRIGGER concern_rollups_update AFTER UPDATE OF reported_on, category, "
        "priority, borough, channel, place, sector, is_synthetic ON concerns "
        f"BEGIN {remove} {add} END",
    ]


def _pg_triggers() -> list[str]:
    add = " ".join(_pg_add(r) for r in ROLLUPS)
    remove = " ".join(_pg_remove(r) for r in ROLLUPS)
    return [
        "CREATE FUNCTION concern_rollups_insert() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {add} RETURN NULL; END $$",
        "CREATE FUNCTION concern_rollups_delete() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {remove} RETURN NULL; END $$",
        "CREATE FUNCTION concern_rollups_update() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {remove} {add} RETURN NULL; END $$",
        "CREATE TRIGGER concern_rollups_insert AFTER INSERT ON concerns "
        "REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION concern_rollups_insert()",
        "CREATE TRIGGER concern_rollups_delete AFTER DELETE ON concerns "
        "REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION concern_rollups_delete()",
        "CREATE TRIGGER concern_rollups_update AFTER UPDATE ON concerns "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION concern_rollups_update()",
    ]


def _backfill(rollup: Rollup, postgres: bool) -> str:
    key = ", ".join(rollup.key)
    if postgres:
        return f"INSERT INTO {rollup.table} ({key}, n) {_pg_grouped(rollup, 'concerns')}"
    group = ", ".join(str(i + 1) for i in range(len(rollup.key)))
    return (
        f"INSERT INTO {rollup.table} ({key}, n) "
        f"SELECT {rollup.sqlite_values.format(r='c')}, count(*) FROM concerns c "
        f"WHERE {rollup.only_if.format(r='c')} GROUP BY {group}"
    )


def upgrade() -> None:
    op.create_table(
        "officers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_sign_in", sa.DateTime),
    )
    op.create_table(
        "officer_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column(
            "officer_id",
            sa.Integer,
            sa.ForeignKey("officers.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    for name in ("concern_daily", "concern_weekly", "concern_monthly"):
        op.create_table(
            name,
            sa.Column("reported_on", sa.Date, primary_key=True),
            sa.Column("category", sa.String(64), primary_key=True),
            sa.Column("priority", sa.Integer, primary_key=True),
            sa.Column("borough", sa.String(32), primary_key=True),
            sa.Column("channel", sa.String(16), primary_key=True),
            sa.Column("is_synthetic", sa.Boolean, primary_key=True),
            sa.Column("n", sa.Integer, nullable=False),
            sqlite_with_rowid=False,
        )
    op.create_table(
        "concern_place_monthly",
        sa.Column("category", sa.String(64), primary_key=True),
        sa.Column("borough", sa.String(32), primary_key=True),
        sa.Column("place", sa.String(80), primary_key=True),
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("reported_on", sa.Date, primary_key=True),  # the first of the month
        sa.Column("n", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "concern_place_weekly",
        sa.Column("reported_on", sa.Date, primary_key=True),  # the Monday of the week
        sa.Column("category", sa.String(64), primary_key=True),
        sa.Column("borough", sa.String(32), primary_key=True),
        sa.Column("place", sa.String(80), primary_key=True),
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    # Places on the days around whole weeks: a covering index, read instead of the table.
    op.create_index(
        "ix_concerns_places",
        "concerns",
        ["reported_on", "category", "borough", "channel", "place", "sector"],
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for rollup in ROLLUPS:  # count the concerns already logged
        op.execute(_backfill(rollup, postgres))
    for statement in _pg_triggers() if postgres else _sqlite_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS concern_rollups_{event} ON concerns")
            op.execute(f"DROP FUNCTION IF EXISTS concern_rollups_{event}()")
    else:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS concern_rollups_{event}")
    op.drop_index("ix_concerns_places", table_name="concerns")
    for rollup in ROLLUPS:
        op.drop_table(rollup.table)
    op.drop_table("officer_sessions")
    op.drop_table("officers")
