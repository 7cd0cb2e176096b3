"""Event classes remembered by name: the same classes, errors and defaults as Rasa's search."""

from __future__ import annotations

import pytest
import rasa.shared.utils.common
from rasa.shared.core.events import BotUttered, Event, SlotSet, UserUttered, deserialise_events

from csp_components.server import event_types

EVENT_CLASSES = rasa.shared.utils.common.all_subclasses(Event)


def rasa_own_answer(type_name: str) -> type[Event]:
    return next(cls for cls in EVENT_CLASSES if cls.type_name == type_name)


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    event_types.install()
    event_types.install()  # twice is once


@pytest.mark.parametrize("type_name", sorted({cls.type_name for cls in EVENT_CLASSES}))
def test_every_event_name_gives_rasa_own_class(type_name: str) -> None:
    assert Event.resolve_by_type(type_name) is rasa_own_answer(type_name)


def test_unknown_names_are_answered_as_rasa_answers_them() -> None:
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None


def test_stored_events_read_back_as_before() -> None:
    events = [UserUttered("hello"), SlotSet("borough", "pendle"), BotUttered("Ring 101")]
    assert deserialise_events([event.as_dict() for event in events]) == events


def test_an_event_class_defined_later_is_still_found() -> None:
    class Later(SlotSet):
        type_name = "csp_test_later"

    assert Event.resolve_by_type("csp_test_later") is Later
