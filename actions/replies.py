"""Turning an Advice from the core into messages. Words come from domain.yml or the data."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from bot.advice import Advice
from bot.places import Location


def say_advice(dispatcher: CollectingDispatcher, advice: Advice, location: Location) -> None:
    if advice.danger_first:
        dispatcher.utter_message(response="utter_danger_first")
    if advice.outside_area:
        if location.place and location.council:
            dispatcher.utter_message(
                response="utter_outside_area", place=location.place, council=location.council
            )
        else:
            dispatcher.utter_message(response="utter_outside_area_unnamed")
    if advice.route_text:
        dispatcher.utter_message(response="utter_route", route=advice.route_text)
    if advice.ask_area:
        dispatcher.utter_message(response="utter_ask_borough")
