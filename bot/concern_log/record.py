"""Turning what the conversation knows into a record fit to keep: coarse, redacted, checked."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.concern_log.schema import ENGLISH, LANGUAGES, MAX_DESCRIPTION, RECURRENCE, TIME_BANDS
from bot.language.languages import logged_language
from bot.routing.directory import Directory

LOCAL_TIME = ZoneInfo("Europe/London")
SECTOR = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? \d$")
CHANNEL_OF_CONNECTOR = {"socketio": "web", "facebook": "messenger", "messenger": "messenger"}


@dataclass(frozen=True)
class ConcernRecord:
    idempotency_key: str
    concern_type: str
    category: str
    subtype: str
    priority: int
    borough: str | None
    place: str | None
    sector: str | None
    reported_on: date
    time_band: str
    channel: str
    recurrence: str
    description: str | None
    is_synthetic: bool = False
    language: str = ENGLISH  # the language the assistant answered in: a code, never a name

    def as_row(self) -> dict[str, Any]:
        return asdict(self)


def time_band(moment: datetime) -> str:
    """The quarter of the local day: what a trend needs, and no finer."""
    return TIME_BANDS[moment.astimezone(LOCAL_TIME).hour // 6]


def channel_of(connector: str | None) -> str:
    return CHANNEL_OF_CONNECTOR.get(connector or "", "other")


def idempotency_key(message_id: str) -> str:
    return hashlib.sha256(message_id.encode("utf-8")).hexdigest()


def build_record(
    directory: Directory,
    *,
    message_id: str,
    concern_id: str,
    borough: str | None,
    place: str | None,
    sector: str | None,
    moment: datetime,
    connector: str | None,
    recurrence: str,
    redacted_description: str | None,
    language: str = ENGLISH,
) -> ConcernRecord:
    """A record from the conversation's facts. The description must already be redacted;
    `language` is the conversation's (a supported code: anything else is refused), kept as the
    language it is a written form of, if it is one (Panjabi in Shahmukhi is Panjabi)."""
    concern = directory.concerns[concern_id]
    if sector is not None and not SECTOR.match(sector):
        raise ValueError("a sector is an outward code, a space and one digit")
    if recurrence not in RECURRENCE:
        raise ValueError(f"recurrence must be one of {RECURRENCE}")
    language = logged_language(language)
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    description = (redacted_description or "").strip()[:MAX_DESCRIPTION] or None
    return ConcernRecord(
        idempotency_key=idempotency_key(message_id),
        concern_type=concern_id,
        category=concern.category,
        subtype=concern.subtype,
        priority=concern.priority,
        borough=borough,
        place=place,
        sector=sector,
        reported_on=moment.astimezone(LOCAL_TIME).date(),
        time_band=time_band(moment),
        channel=channel_of(connector),
        recurrence=recurrence,
        description=description,
        language=language,
    )
