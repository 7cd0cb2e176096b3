"""Turning an Advice from the core into messages. Words come from domain.yml or the data."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from bot.language.languages import ENGLISH
from bot.language.translations import translator
from bot.places.locate import Location
from bot.routing.advice import Advice
from bot.routing.directory import Directory

CHOICES = "utter_ask_which_concern"
DANGER_FIRST = "utter_danger_first"  # "if anyone is in danger now, call 999"


def _button_borough(payload: str) -> str | None:
    """The borough a button's payload names, e.g. '/inform_location{"borough": "pendle"}'."""
    _, brace, entities = payload.partition("{")
    try:
        return json.loads(brace + entities).get("borough") if brace else None
    except (ValueError, AttributeError):
        return None


def ask_borough(
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    first: str | None = None,
    language: str = ENGLISH,
) -> None:
    """Asks which borough, with the buttons of utter_ask_borough; `first` (the borough of the
    council site the chat is on, a hint only) leads them when it is known."""
    variant = _response_variant(domain, "utter_ask_borough")
    if first is None or variant is None or not variant.get("buttons"):
        dispatcher.utter_message(response="utter_ask_borough")
        return
    say = translator(language).text
    # Rasa fills a response's template, where {{ }} stands for a brace; these are sent as is.
    buttons = [
        {
            "title": say(button["title"]),
            "payload": button["payload"].replace("{{", "{").replace("}}", "}"),
        }
        for button in variant["buttons"]
    ]
    buttons.sort(key=lambda button: _button_borough(button["payload"]) != first)
    dispatcher.utter_message(text=say(variant["text"]), buttons=buttons, language=language)


def _response_variant(domain: dict[str, Any], response: str) -> dict[str, Any] | None:
    variants = (domain.get("responses") or {}).get(response) or []
    return variants[0] if variants else None


def offer_choices(
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    directory: Directory,
    concern_ids: tuple[str, ...],
) -> None:
    """ "Is it about...?": the likeliest concerns, by their plain labels, then the response's
    own buttons ("Something else")."""
    choices = [
        {"title": directory.concerns[cid].label, "payload": f"/{directory.concerns[cid].intent}"}
        for cid in concern_ids
    ]
    variant = _response_variant(domain, CHOICES)
    if variant is None:
        dispatcher.utter_message(response=CHOICES, buttons=choices)
        return
    say = translator(directory.language).text
    own = [{**button, "title": say(button["title"])} for button in variant.get("buttons", [])]
    dispatcher.utter_message(
        text=say(variant["text"]), buttons=[*choices, *own], language=directory.language
    )


def say_advice(
    dispatcher: CollectingDispatcher,
    advice: Advice,
    location: Location,
    domain: dict[str, Any] | None = None,
    first_borough: str | None = None,
    language: str = ENGLISH,
) -> None:
    if advice.danger_first:
        dispatcher.utter_message(response=DANGER_FIRST)
    if advice.outside_area:
        if location.place and location.council:
            dispatcher.utter_message(
                response="utter_outside_area", place=location.place, council=location.council
            )
        else:
            dispatcher.utter_message(response="utter_outside_area_unnamed")
    if advice.route:
        dispatcher.utter_message(
            response="utter_route",
            route=advice.route.text,
            lead=advice.route.lead,
            more=advice.route.more,
        )
    if advice.ask_area:
        ask_borough(dispatcher, domain or {}, first_borough, language)
