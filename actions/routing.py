"""Sending the resident to the right door for the concern they raised."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import say_advice
from actions.tracker_reading import latest_intent, site_borough, where
from bot.advice import advise
from bot.concerns.recurrence import infer_recurrence
from bot.directory import load_directory


class ActionRouteConcern(Action):
    """A concern, a place, or both: route when both are known, otherwise ask for the other."""

    def name(self) -> str:
        return "action_route_concern"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        directory = load_directory()
        concern_id = directory.concern_by_intent.get(latest_intent(tracker) or "")
        concern_id = concern_id or tracker.get_slot("concern")
        location, events = where(tracker, directory)
        if concern_id is None:
            dispatcher.utter_message(response="utter_ask_concern")
            return [*events, SlotSet("log_offered", False)]
        advice = advise(directory, concern_id, location.borough)
        say_advice(dispatcher, advice, location, domain, site_borough(tracker, directory))
        offer = advice.route_text is not None and not advice.ask_area
        if offer:
            dispatcher.utter_message(response="utter_offer_log")
        recurrence = infer_recurrence(tracker.latest_message.get("text") or "")
        if recurrence == "unknown":
            recurrence = tracker.get_slot("recurrence") or recurrence
        return [
            *events,
            SlotSet("concern", concern_id),
            SlotSet("recurrence", recurrence),
            SlotSet("log_offered", offer),
        ]
