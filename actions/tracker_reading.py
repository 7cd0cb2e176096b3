"""Reading what the resident said from a tracker: intent, entities and the location they give."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from bot.language.languages import known
from bot.places.locate import OUTSIDE, UNKNOWN, Location, locator
from bot.routing.directory import Directory

ENTITY_ORDER = ("postcode", "borough", "place")  # strongest evidence first
MAX_TEXTS = 4  # how many of the resident's latest messages can say what the concern is about


def language_of(tracker: Tracker) -> str:
    """The language the conversation is answered in (the `language` slot), English by default."""
    return known(tracker.get_slot("language"))


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def turn_id(tracker: Tracker) -> str:
    """Which turn of which conversation this is: the same when a turn is sent again because its
    server died before the conversation was saved (a retry gets a new message id from Rasa, but
    finds the conversation where it was), different for every later turn and for a new
    conversation under an old sender id (the conversation's first event has another time)."""
    events = tracker.events or []
    started = events[0].get("timestamp") if events else None
    users = sum(1 for event in events if event.get("event") == "user")
    return f"{tracker.sender_id}|{started}|{users}"


def last_turn_responses(tracker: Tracker) -> list[str]:
    """The responses of the assistant's last turn, before the latest message, last first."""
    said: list[str] = []
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                break
        elif event.get("event") == "bot" and users_seen == 1:
            said.append((event.get("metadata") or {}).get("utter_action") or "")
    return said


def last_question(tracker: Tracker) -> str | None:
    """The response the assistant ended its last turn with, before the latest message."""
    said = last_turn_responses(tracker)
    return (said[0] or None) if said else None


def said_for_this_concern(tracker: Tracker, response: str, concern_intents: set[str]) -> bool:
    """Whether the assistant has said `response` since the resident last raised a concern in
    their own words (a later place or button answer keeps the same concern)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            if (event.get("metadata") or {}).get("utter_action") == response:
                return True
        elif event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent in concern_intents:
                return False
    return False


def location_in_message(tracker: Tracker, directory: Directory) -> Location:
    """The location the latest message gives: entities from the NLU first, then the text."""
    message: dict[str, Any] = tracker.latest_message
    entities = message.get("entities") or []
    for kind in ENTITY_ORDER:
        for entity in entities:
            if entity.get("entity") != kind:
                continue
            value = str(entity.get("value", ""))
            if kind == "borough" and (value in directory.boroughs or value == OUTSIDE):
                return Location(borough=value, how="borough")  # a button's payload
            found = locator().locate(value)
            if found.known:
                return found
    return locator().locate(message.get("text") or "")


def location_slots(location: Location) -> list[dict[str, Any]]:
    if not location.known:
        return []
    return [
        SlotSet("borough", location.borough),
        SlotSet("place", location.place),
        SlotSet("sector", location.sector),
    ]


def remembered_location(tracker: Tracker) -> Location:
    borough = tracker.get_slot("borough")
    if borough is None:
        return UNKNOWN
    return Location(borough=borough, how="borough", place=tracker.get_slot("place"))


def where(tracker: Tracker, directory: Directory) -> tuple[Location, list[dict[str, Any]]]:
    """The location this message gives (and the slot events that remember it), or else the
    one remembered from earlier in the conversation (and no events)."""
    location = location_in_message(tracker, directory)
    if location.known:
        return location, location_slots(location)
    return remembered_location(tracker), []


def site_borough(tracker: Tracker, directory: Directory) -> str | None:
    """The borough of the council site the web chat is on (the widget's `default_borough`
    metadata): a hint for ordering the borough question, never taken as where the concern is."""
    metadata = tracker.latest_message.get("metadata")
    borough = metadata.get("default_borough") if isinstance(metadata, dict) else None
    return borough if isinstance(borough, str) and borough in directory.boroughs else None


def concern_text(tracker: Tracker, concern_intents: set[str]) -> str:
    """What the resident has said about the concern: their messages from the latest one the
    model read as a concern (an area given afterwards does not hide the words before it; a
    concern chosen with a button keeps the words of the message before it)."""
    texts: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        text = event.get("text") or ""
        texts.append(text)
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if (intent in concern_intents and not text.startswith("/")) or len(texts) == MAX_TEXTS:
            break
    if not texts:
        texts.append(tracker.latest_message.get("text") or "")
    return "\n".join(reversed(texts))
