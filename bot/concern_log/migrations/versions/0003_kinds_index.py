"""A covering index for the concerns by kind (the dashboard's and board report's breakdown of
each category into the directory's concerns), which no rollup keeps: read instead of the table.
At 1,000,000 concerns over two years on SQLite, 52 weeks by kind took 3.8 s without it and
2.1 s with it (docs/benchmarks.md).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_concerns_kinds",
        "concerns",
        ["reported_on", "category", "borough", "channel", "concern_type"],
    )


def downgrade() -> None:
    op.drop_index("ix_concerns_kinds", table_name="concerns")
