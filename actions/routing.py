"""Sending the resident to the right door for the concern they raised."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import DANGER_FIRST, offer_choices, say_advice
from actions.tracker_reading import (
    concern_text,
    language_of,
    last_question,
    last_turn_responses,
    latest_intent,
    said_for_this_concern,
    site_borough,
    where,
)
from bot.concern_log.recurrence import infer_recurrence
from bot.routing.advice import advise, route_stands
from bot.routing.directory import load_directory
from bot.routing.understanding import read_ranking, thresholds
from bot.safety.danger import danger_check

ASK_DANGER_NOW = "utter_ask_danger_now"
EMERGENCY = "utter_emergency"  # the 999 reply (domain.yml)


def recurrence_slot(tracker: Tracker) -> dict[str, Any]:
    """How often it happens, as the latest message says, or as an earlier one said (a button
    pressed after a question says nothing about it)."""
    recurrence = infer_recurrence(tracker.latest_message.get("text") or "")
    if recurrence == "unknown":
        recurrence = tracker.get_slot("recurrence") or recurrence
    return SlotSet("recurrence", recurrence)


def route_concern(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
    concern_id: str,
    danger_checked: bool = False,
    after_danger: bool = False,
) -> list[dict[str, Any]]:
    """Routes `concern_id` where the resident is; asks first whether anyone is in danger now
    for concerns that may involve it, unless that is already answered."""
    directory = load_directory(language_of(tracker))
    concern = directory.concerns[concern_id]
    location, events = where(tracker, directory)
    text = tracker.latest_message.get("text") or ""
    remembered = [*events, SlotSet("concern", concern_id), recurrence_slot(tracker)]
    checked = danger_checked or after_danger or danger_check().says_safe(text)
    if concern.ask_danger_now and not checked:
        dispatcher.utter_message(response=ASK_DANGER_NOW)
        return [*remembered, SlotSet("log_offered", False)]
    concern_intents = set(directory.concern_by_intent)
    said = concern_text(tracker, concern_intents)
    advice = advise(
        directory,
        concern_id,
        location.borough,
        after_emergency=after_danger,
        text=said,
        danger_said=said_for_this_concern(tracker, DANGER_FIRST, concern_intents),
    )
    say_advice(
        dispatcher, advice, location, domain, site_borough(tracker, directory), directory.language
    )
    offer = (
        concern.offer_log
        and advice.route_text is not None
        and not advice.ask_area
        and not after_danger
    )
    if offer:
        dispatcher.utter_message(response="utter_offer_log")
    return [*remembered, SlotSet("log_offered", offer)]


class ActionRouteConcern(Action):
    """A concern, a place, or both: route when both are known, otherwise ask for the other.
    A concern the model is not sure of is offered as a choice, never guessed."""

    def name(self) -> str:
        return "action_route_concern"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        directory = load_directory(language_of(tracker))
        intent = latest_intent(tracker) or ""
        asked_danger = last_question(tracker) == ASK_DANGER_NOW
        if intent in directory.concern_by_intent:
            ranking = tracker.latest_message.get("intent_ranking") or []
            reading = read_ranking(ranking, directory.concern_by_intent, thresholds())
            if reading.decision == "route":
                # A concern chosen just after the 999 reply: routed as after danger (no second
                # danger question, no offer to log).
                after_999 = EMERGENCY in last_turn_responses(tracker)
                return route_concern(
                    dispatcher,
                    tracker,
                    domain,
                    reading.concerns[0],
                    danger_checked=asked_danger,
                    after_danger=after_999,
                )
            _, events = where(tracker, directory)
            offer_choices(dispatcher, domain, directory, reading.concerns)
            return [*events, recurrence_slot(tracker), SlotSet("log_offered", False)]
        concern_id = tracker.get_slot("concern")
        location, events = where(tracker, directory)
        if concern_id is None:
            dispatcher.utter_message(response="utter_ask_concern")
            return [*events, SlotSet("log_offered", False)]
        earlier = tracker.get_slot("borough")
        if tracker.get_slot("log_offered") and route_stands(
            directory, concern_id, location.borough, earlier
        ):
            # The route for this place was just given: say so, never repeat it.
            dispatcher.utter_message(response="utter_offer_still_open")
            return events
        return route_concern(dispatcher, tracker, domain, concern_id, danger_checked=asked_danger)
