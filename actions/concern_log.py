"""The anonymised concern log, from the conversation's side: offer, describe, store, confirm."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.tracker_reading import language_of, turn_id
from bot.concern_log.record import build_record
from bot.concern_log.store import StoreUnavailable, concern_store
from bot.redaction import redactor
from bot.routing.directory import load_directory

CLOSE_OFFER = [SlotSet("log_offered", False), SlotSet("log_description", None)]

redactor()  # built when the action server starts, not during a resident's turn


class ValidateLogDescriptionForm(FormValidationAction):
    def name(self) -> str:
        return "validate_log_description_form"

    def validate_log_description(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Personal details are taken out the moment the description arrives."""
        return {"log_description": redactor().redact(str(value or ""))}


class ActionLogConcern(Action):
    def name(self) -> str:
        return "action_log_concern"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        concern_id = tracker.get_slot("concern")
        if concern_id is None:  # nothing to log: never invent a record
            dispatcher.utter_message(response="utter_log_failed")
            return CLOSE_OFFER
        try:
            record = build_record(
                load_directory(),
                message_id=turn_id(tracker),  # a retried turn is stored once
                concern_id=concern_id,
                borough=tracker.get_slot("borough"),
                place=tracker.get_slot("place"),
                sector=tracker.get_slot("sector"),
                moment=datetime.now(timezone.utc),
                connector=tracker.get_latest_input_channel(),
                recurrence=tracker.get_slot("recurrence") or "unknown",
                redacted_description=redactor().redact(tracker.get_slot("log_description") or ""),
                language=language_of(tracker),  # a supported code; anything else is English
            )
            concern_store().add(record)  # committed before the resident is told
        except (StoreUnavailable, SQLAlchemyError, OSError):
            dispatcher.utter_message(response="utter_log_failed")
            return CLOSE_OFFER
        dispatcher.utter_message(response="utter_logged")
        return CLOSE_OFFER


class ActionDeclineLog(Action):
    def name(self) -> str:
        return "action_decline_log"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_log_declined")
        return CLOSE_OFFER
