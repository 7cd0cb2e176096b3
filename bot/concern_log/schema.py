"""The concerns table. Alembic migrations (bot/concern_log/migrations) create and change it.

What is kept is decided here, column by column. Nothing that identifies a person has a column:
no names, contact details, full postcodes, house numbers, sender ids or raw text.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)

TIME_BANDS = ("night", "morning", "afternoon", "evening")  # 00-06, 06-12, 12-18, 18-24 local
CHANNELS = ("web", "messenger", "other")
RECURRENCE = ("ongoing", "one_off", "unknown")
# The language the assistant answered the conversation in: a code of data/languages/
# languages.yml, English first. Adding a language there needs a migration that widens
# ck_concerns_language (tests/dashboard/test_languages.py checks that the two agree); a written
# form of one (pa-Arab, Panjabi in Shahmukhi) is kept as that language and needs none.
LANGUAGES = ("en", "ur", "pa", "pl", "ro", "gu", "bn")
ENGLISH = "en"  # the language of every concern logged before languages were recorded
MAX_DESCRIPTION = 500

metadata = MetaData()


def _one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=f"ck_concerns_{column}")


concerns = Table(
    "concerns",
    metadata,
    Column("id", Integer, primary_key=True),
    # sha-256 of Rasa's random message id: the same logging turn retried is stored once.
    Column("idempotency_key", String(64), nullable=False, unique=True),
    Column("concern_type", String(64), nullable=False),
    Column("category", String(64), nullable=False),
    Column("subtype", String(64), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("borough", String(32)),  # a borough id, "outside", or NULL when not given
    Column("place", String(80)),  # a gazetteer name, never free text
    Column("sector", String(8)),  # a postcode sector ("BB4 7") at most
    Column("reported_on", Date, nullable=False, index=True),
    Column("time_band", String(16), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("recurrence", String(16), nullable=False),
    Column("description", Text),  # redacted before it gets here
    Column("is_synthetic", Boolean, nullable=False, server_default=false()),
    Column("language", String(8), nullable=False, server_default=ENGLISH),  # migration 0004
    CheckConstraint("priority BETWEEN 1 AND 5", name="ck_concerns_priority"),
    _one_of("time_band", TIME_BANDS),
    _one_of("channel", CHANNELS),
    _one_of("recurrence", RECURRENCE),
    _one_of("language", LANGUAGES),
)
