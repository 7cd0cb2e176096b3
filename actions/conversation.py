"""Conversation repair and short answers: what "yes", "no" or an unclear message means here.

Never a dead end: an unclear message gets the likeliest concerns as choices, or a request to
say it another way once, then the menu. A "yes" or "no" is read against the question the
assistant asked last.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import offer_choices
from actions.routing import ASK_DANGER_NOW, EMERGENCY, route_concern
from actions.tracker_reading import language_of, last_question
from bot.routing.directory import load_directory
from bot.routing.understanding import choices_beyond_a_short_answer, read_ranking, thresholds

REPHRASE = "utter_rephrase"
LANGUAGE = "language"  # the entity and slot that hold the conversation's language


def asked_to_rephrase_last(tracker: Tracker) -> bool:
    """Whether the assistant's last turn, before this message, asked the resident to rephrase."""
    return last_question(tracker) == REPHRASE


class ActionFallback(Action):
    """Not understood: offer the likeliest concerns if there are any, else ask to rephrase."""

    def name(self) -> str:
        return "action_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        directory = load_directory(language_of(tracker))
        ranking = tracker.latest_message.get("intent_ranking") or []
        reading = read_ranking(ranking, directory.concern_by_intent, thresholds())
        if asked_to_rephrase_last(tracker):
            dispatcher.utter_message(response="utter_help_menu")
        elif reading.decision == "choose":
            offer_choices(dispatcher, domain, directory, reading.concerns)
        else:
            dispatcher.utter_message(response=REPHRASE)
        return []


class ActionYesNo(Action):
    """A "yes" or "no" with no offer to log pending: the answer to the danger question, or
    nothing asked at all (then a message longer than such an answer is read for its concerns)."""

    def name(self) -> str:
        return "action_yes_no"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        concern_id = tracker.get_slot("concern")
        if last_question(tracker) == ASK_DANGER_NOW and concern_id:
            if intent == "affirm":
                dispatcher.utter_message(response=EMERGENCY)
                return route_concern(dispatcher, tracker, domain, concern_id, after_danger=True)
            return route_concern(dispatcher, tracker, domain, concern_id, danger_checked=True)
        directory = load_directory(language_of(tracker))
        choices = choices_beyond_a_short_answer(
            tracker.latest_message.get("text") or "",
            tracker.latest_message.get("intent_ranking") or [],
            directory.concern_by_intent,
            thresholds(),
        )
        if choices:
            offer_choices(dispatcher, domain, directory, choices)
        else:
            dispatcher.utter_message(
                response="utter_affirm_without_context" if choices is None else REPHRASE
            )
        return []


class ActionChooseLanguage(Action):
    """The resident chose a language (the `language` slot is already set from the choice), or
    asked for the list of languages."""

    def name(self) -> str:
        return "action_choose_language"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        chosen = [
            e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == LANGUAGE
        ]
        dispatcher.utter_message(
            response="utter_language_chosen" if chosen else "utter_choose_language"
        )
        return []
