"""Create the anonymised concerns table.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "concerns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("idempotency_key", sa.String(64), nullable=False, unique=True),
        sa.Column("concern_type", sa.String(64), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("subtype", sa.String(64), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("borough", sa.String(32)),
        sa.Column("place", sa.String(80)),
        sa.Column("sector", sa.String(8)),
        sa.Column("reported_on", sa.Date, nullable=False),
        sa.Column("time_band", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recurrence", sa.String(16), nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("is_synthetic", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.CheckConstraint("priority BETWEEN 1 AND 5", name="ck_concerns_priority"),
        sa.CheckConstraint(
            "time_band IN ('night', 'morning', 'afternoon', 'evening')",
            name="ck_concerns_time_band",
        ),
        sa.CheckConstraint("channel IN ('web', 'messenger', 'other')", name="ck_concerns_channel"),
        sa.CheckConstraint(
            "recurrence IN ('ongoing', 'one_off', 'unknown')", name="ck_concerns_recurrence"
        ),
    )
    op.create_index("ix_concerns_reported_on", "concerns", ["reported_on"])


def downgrade() -> None:
    op.drop_index("ix_concerns_reported_on", table_name="concerns")
    op.drop_table("concerns")
