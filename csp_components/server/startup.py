"""What the Rasa server does once it has started: freeze its start-up heap (bot/serving/heap.py).

Rasa loads the model in a `before_server_start` listener; this one runs `after_server_start`,
so the model, the redactor (built by the tracker store) and the danger list are all loaded by
then. Each channel's blueprint registers it; only the first call in a process does anything.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sanic import Blueprint

from bot.serving.heap import freeze_long_lived_objects, frozen_object_count

logger = logging.getLogger(__name__)


async def _after_server_start(app: Any, loop: asyncio.AbstractEventLoop) -> None:
    if freeze_long_lived_objects():
        logger.info("start-up heap frozen: %d objects", frozen_object_count())


def register(blueprint: Blueprint) -> None:
    blueprint.after_server_start(_after_server_start)
