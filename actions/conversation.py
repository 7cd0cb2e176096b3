"""Conversation repair: ask to rephrase once, then offer the menu. Never a dead end."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

REPHRASE = "utter_rephrase"


def asked_to_rephrase_last(tracker: Tracker) -> bool:
    """Whether the assistant's last turn, before this message, asked the resident to rephrase."""
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                return False
        elif event.get("event") == "bot" and users_seen == 1:
            return (event.get("metadata") or {}).get("utter_action") == REPHRASE
    return False


class ActionFallback(Action):
    def name(self) -> str:
        return "action_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if asked_to_rephrase_last(tracker):
            dispatcher.utter_message(response="utter_help_menu")
        else:
            dispatcher.utter_message(response=REPHRASE)
        return []
