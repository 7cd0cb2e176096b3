"""The conversation's language with each concern (issue #15): which language the assistant
answered in, a code of data/languages/languages.yml. Concerns logged before it count as English
("en"), which is what the assistant answered every conversation in until then.

Added in place (ALTER TABLE ... ADD COLUMN, with its default and check), on SQLite and
PostgreSQL alike: the table is not rebuilt, so the rollup triggers of migration 0002 stay, and
on PostgreSQL 11 and later a column with a constant default is added without rewriting the
table. No rollup keeps languages: the dashboard's languages view reads `concerns` through a
covering index, as the kinds of concern do (migration 0003).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Frozen here as they were on this migration's date; a later language needs a later migration.
LANGUAGES = ("en", "ur", "pa", "pl", "ro", "gu", "bn")


def upgrade() -> None:
    allowed = ", ".join(f"'{code}'" for code in LANGUAGES)
    op.execute(
        "ALTER TABLE concerns ADD COLUMN language VARCHAR(8) DEFAULT 'en' NOT NULL "
        f"CONSTRAINT ck_concerns_language CHECK (language IN ({allowed}))"
    )
    op.create_index(
        "ix_concerns_languages",
        "concerns",
        ["reported_on", "category", "borough", "channel", "language"],
    )


def downgrade() -> None:
    op.drop_index("ix_concerns_languages", table_name="concerns")
    # Dropped in place too (SQLite 3.35 and later; its check goes with it), keeping the triggers.
    op.execute("ALTER TABLE concerns DROP COLUMN language")
