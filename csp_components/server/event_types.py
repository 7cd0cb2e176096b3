"""Rasa finds an event's class by its type name, remembered rather than searched for each event.

Rasa 3.6's `Event.resolve_by_type` walks every subclass of `Event` (and checks each for being
abstract) each time it reads one stored or returned event: about 40 µs an event, for the tens
of events a turn reads back from the conversation store and the action server. `install()`
puts a dictionary in front of it, built from the same walk in the same order, so that the first
class with a name wins as before. A name it does not hold (an event class defined later, the
old "topic" event, an unknown name) goes to Rasa's own method, which answers as it always did.
"""

from __future__ import annotations

from typing import Any

import rasa.shared.utils.common
from rasa.shared.core.events import Event

_INSTALLED = "_csp_remembered"


def _by_name() -> dict[str, type[Event]]:
    classes: dict[str, type[Event]] = {}
    for cls in rasa.shared.utils.common.all_subclasses(Event):
        classes.setdefault(cls.type_name, cls)
    return classes


def install() -> None:
    """Remember event classes by name in this process (idempotent)."""
    if getattr(Event.resolve_by_type, _INSTALLED, False):
        return
    searched = Event.resolve_by_type
    known = _by_name()

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        found = known.get(type_name)
        return found if found is not None else searched(type_name, default)

    setattr(resolve_by_type, _INSTALLED, True)
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]
