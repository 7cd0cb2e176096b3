"""NLU component: the deterministic danger check, applied after the model has spoken.

If a message matches the danger list (bot.safety.danger), or the model's own confidence in
`emergency` reaches the list's `model_min_confidence` even though another intent ranks first, its
intent becomes `emergency` with full confidence, so the 999 rule fires whatever the classifier
thought.
The model's own ranking is kept, so the follow-up action can still add the routes for the
concern behind the danger. When the model alone ranked `emergency` first and the message says
nobody is in danger, with no listed pattern, the model's likeliest other intent is read instead.
A thought of ending one's life beside "I won't act on it" is read as the mental-health crisis
door alone (bot.safety.danger `thought_set_aside`), and so is a message with a crisis sign ("I
can't cope any more") that the model did not read as danger first, whatever crime it tells.
Placed last in the pipeline, after the FallbackClassifier, so an unsure model cannot turn a
danger message into a "please rephrase".
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.routing.crisis import crisis_intent
from bot.routing.understanding import confidence_of
from bot.safety.danger import EMERGENCY_INTENT, DangerCheck, danger_check


def intent_name(message: Message) -> str:
    """The intent the pipeline has read so far."""
    return str((message.get(INTENT) or {}).get("name", ""))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DangerOverride(GraphComponent, IntentClassifier):
    def __init__(self, check: DangerCheck, crisis_intent: str) -> None:
        self._check = check
        self._crisis_intent = crisis_intent  # the intent of the crisis door

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DangerOverride:
        return cls(danger_check(), crisis_intent())

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or []
            confidence = confidence_of(ranking, EMERGENCY_INTENT)
            reading = self._check.read(text, confidence)
            if reading.danger is not None:
                message.set(
                    INTENT, {"name": EMERGENCY_INTENT, "confidence": 1.0}, add_to_output=True
                )
            elif reading.thought_set_aside or (
                reading.crisis_sign and intent_name(message) != EMERGENCY_INTENT
            ):
                # A thought of ending one's life and "I won't act on it", or a crisis sign: the
                # crisis door, and only it (a person in crisis gets only what helps them),
                # whatever crime the model read in the message. A crisis sign does not outweigh
                # the model's own first reading of danger: 999 comes first, and the crisis
                # door follows it (actions/emergency.py).
                crisis = {"name": self._crisis_intent, "confidence": 1.0}
                message.set(INTENT, crisis, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [crisis], add_to_output=True)
            elif instead := self._check.instead_of_the_models_alarm(
                text, intent_name(message), ranking
            ):
                message.set(INTENT, dict(instead), add_to_output=True)
        return messages
