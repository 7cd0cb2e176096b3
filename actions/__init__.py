"""Rasa SDK custom actions: thin adapters between a tracker and the `bot` core.

The action server imports this package first. It loads every action module and what they
share (the routing directory, the redactor) now rather than during a resident's first turn,
then freezes that start-up heap so garbage collection no longer walks it (bot/serving/heap.py).
"""

from actions import (  # noqa: F401  (loaded here, before the freeze)
    concern_log,
    conversation,
    emergency,
    replies,
    routing,
    tracker_reading,
)
from bot.redaction import redactor
from bot.routing.directory import load_directory
from bot.serving.heap import freeze_long_lived_objects

load_directory()
redactor()
freeze_long_lived_objects()
