"""After the 999 guidance (a domain response, so it needs no action server): what else helps.

A person in crisis gets only what helps them: after self-harm, or danger beside a crisis sign
("I can't cope any more", data/safety/danger.yml), the mental-health crisis lines and nothing
about reporting crime; after other danger, the door of the concern behind
it when the model is sure of it (never a guess), and no offer to log. When no listed danger
pattern matched (the model alone read danger) and the concern is not clear, and the model
itself ranked another intent above `emergency` (its confidence in danger only reached the bar
of data/safety/danger.yml), the likeliest concerns are offered as choices after the 999 reply:
that reading of danger is the least certain one, and a resident who is not in danger then
reaches their door with one tap. When the model alone read danger and the concern is not clear
but the likeliest one is a mental-health crisis, its door follows all the same: the crisis lines
help whoever reads them and say nothing about crime. When nothing follows the 999 reply, the
resident is told they can say more here once they are safe.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import offer_choices, say_advice
from actions.routing import ASK_DANGER_NOW
from actions.tracker_reading import language_of, last_question, where
from bot.routing.advice import advise
from bot.routing.crisis import CRISIS_CONCERN
from bot.routing.directory import Directory, load_directory
from bot.routing.understanding import (
    choices_beside_danger,
    concern_beside_danger,
    likeliest_beside_danger,
    sure_concern,
    thresholds,
)
from bot.safety.danger import EMERGENCY_INTENT, danger_check

TELL_MORE_WHEN_SAFE = "utter_tell_more_when_safe"


def concern_behind(tracker: Tracker, directory: Directory, model_alone: bool) -> str | None:
    """The concern behind the danger: the one the resident was asked about ("is anyone in
    danger now?" answered yes), or a concern the model is as sure of as it must be to route
    any message; otherwise none: 999 is what helps. Where the model alone read danger (no
    listed pattern), the concern is read by its share of the concerns, since `emergency` then
    takes much of the model's ranking (bot/routing/understanding.py): that reading of danger is
    the least certain, and a resident who is not in danger still gets their door."""
    if last_question(tracker) == ASK_DANGER_NOW:
        return tracker.get_slot("concern")
    ranking = tracker.latest_message.get("intent_ranking") or []
    if model_alone:
        return concern_beside_danger(ranking, directory.concern_by_intent, thresholds())
    return sure_concern(ranking, directory.concern_by_intent, thresholds())


def crisis_likeliest(ranking: list[dict[str, Any]], directory: Directory) -> bool:
    """Whether the likeliest concern behind danger the model alone read, though not clear
    enough to route, is a mental-health crisis: its door (the crisis lines, nothing about
    crime) helps whoever reads it, so it follows the 999 reply rather than nothing (writer w's
    open part, 2026-12-06: a man who sits in his van most nights and can't see the point got
    999 alone)."""
    likeliest = likeliest_beside_danger(ranking, directory.concern_by_intent, thresholds())
    return likeliest == CRISIS_CONCERN


class ActionEmergencyFollowUp(Action):
    def name(self) -> str:
        return "action_emergency_follow_up"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        directory = load_directory(language_of(tracker))
        reading = danger_check().read(tracker.latest_message.get("text") or "")
        danger = reading.danger
        location, events = where(tracker, directory)
        # No offer to log in an emergency: the resident's safety is the only business here.
        events.append(SlotSet("log_offered", False))
        if danger is not None and danger.kind == "self_harm":
            dispatcher.utter_message(response="utter_self_harm_support")
            concern_id: str | None = CRISIS_CONCERN
        elif reading.crisis_sign:
            concern_id = CRISIS_CONCERN  # a person in crisis: only what helps them
        else:
            concern_id = concern_behind(tracker, directory, model_alone=danger is None)
        ranking = tracker.latest_message.get("intent_ranking") or []
        if concern_id is None and danger is None and crisis_likeliest(ranking, directory):
            concern_id = CRISIS_CONCERN
        if concern_id is None:
            if danger is None and ranking and ranking[0].get("name") != EMERGENCY_INTENT:
                choices = choices_beside_danger(ranking, directory.concern_by_intent, thresholds())
                if choices:
                    offer_choices(dispatcher, domain, directory, choices)
                    return events
            # No door follows: the resident can say more once it is safe to, rather than be
            # left with 999 alone (a teenager blackmailed online read as danger, 2026-12-06).
            dispatcher.utter_message(response=TELL_MORE_WHEN_SAFE)
            return events
        advice = advise(directory, concern_id, location.borough, after_emergency=True)
        say_advice(dispatcher, advice, location, language=directory.language)
        return [*events, SlotSet("concern", concern_id)]
