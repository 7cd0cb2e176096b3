"""After the 999 guidance (a domain response, so it needs no action server): what else helps."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import say_advice
from actions.tracker_reading import where
from bot.advice import advise
from bot.danger import danger_check
from bot.directory import Directory, load_directory

# How sure the model must be of the concern behind an emergency before its routes are added.
FOLLOW_UP_MIN_CONFIDENCE = 0.15


def concern_behind(tracker: Tracker, directory: Directory) -> str | None:
    """The likeliest concern in the model's ranking: domestic abuse behind 'he's hitting me'."""
    for ranked in tracker.latest_message.get("intent_ranking") or []:
        concern_id = directory.concern_by_intent.get(ranked.get("name", ""))
        if concern_id and ranked.get("confidence", 0.0) >= FOLLOW_UP_MIN_CONFIDENCE:
            return concern_id
    return None


class ActionEmergencyFollowUp(Action):
    def name(self) -> str:
        return "action_emergency_follow_up"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        directory = load_directory()
        danger = danger_check().check(tracker.latest_message.get("text") or "")
        if danger is not None and danger.kind == "self_harm":
            dispatcher.utter_message(response="utter_self_harm_support")
        location, events = where(tracker, directory)
        # No offer to log in an emergency: the resident's safety is the only business here.
        events.append(SlotSet("log_offered", False))
        concern_id = concern_behind(tracker, directory)
        if concern_id is None:
            return events
        advice = advise(directory, concern_id, location.borough, after_emergency=True)
        say_advice(dispatcher, advice, location)
        return [*events, SlotSet("concern", concern_id)]
