"""The FAQ answers: which `faq/...` response a question about the partnership wants.

The project's own linear model (bot.nlu.intent_model: TF-IDF word and character n-grams, a linear
SVM) trained on the `faq` examples' response keys, instead of Rasa's TensorFlow
ResponseSelector. That selector, and the two CountVectors featurizers that existed only for it,
were most of the Rasa server's memory and training time (docs/benchmarks.md). It runs only on
messages the intent classifier before it classified as the retrieval intent; a later component
that changes the intent (FallbackClassifier, DangerOverride) only moves a message away from it.
Its output has the shape Rasa's ResponseSelector gives, which Rasa's `utter_faq` action reads.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_model import IntentModel
from csp_components.nlu.intent_classifier import LEARNS_FROM, digest_of, text_for_the_model

logger = logging.getLogger(__name__)
RESPONSES_FILE = "responses.json"


def utter_action(intent_response_key: str) -> str:
    """`faq/priorities` is answered by the response `utter_faq/priorities`."""
    return f"utter_{intent_response_key}"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearResponseSelector(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"retrieval_intent": "faq", "ranking_length": 5}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """Retrain when the code that decides what it learns changes, not only its data."""
        return digest_of((Path(__file__), *LEARNS_FROM))

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: IntentModel | None = None,
        responses: dict[str, list[dict[str, Any]]] | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self.retrieval_intent: str = self.config["retrieval_intent"]
        self._model_storage = model_storage
        self._resource = resource
        self.model = model
        self.responses = responses or {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearResponseSelector:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [
            example
            for example in training_data.intent_examples
            if example.get(INTENT) == self.retrieval_intent and example.get(INTENT_RESPONSE_KEY)
        ]
        keys = [str(example.get(INTENT_RESPONSE_KEY)) for example in examples]
        self.model = IntentModel.train([text_for_the_model(ex) for ex in examples], keys)
        self.responses = {
            name: list(variants)
            for name, variants in training_data.responses.items()
            if name.startswith(f"utter_{self.retrieval_intent}/")
        }
        with self._model_storage.write_to(self._resource) as folder:
            self.model.save(folder)
            (folder / RESPONSES_FILE).write_text(json.dumps(self.responses), encoding="utf-8")
        logger.debug("FAQ selector: %d examples, %d answers", len(keys), len(set(keys)))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearResponseSelector:
        try:
            with model_storage.read_from(resource) as folder:
                model = IntentModel.load(folder)
                responses = json.loads((folder / RESPONSES_FILE).read_text(encoding="utf-8"))
        except (ValueError, OSError):
            logger.warning("no trained FAQ selector in %s; FAQ answers are off", resource)
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, model, responses)

    def process(self, messages: list[Message]) -> list[Message]:
        if self.model is None:
            return messages
        asked = [
            message
            for message in messages
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == self.retrieval_intent
        ]
        rankings = self.model.rank([text_for_the_model(message) for message in asked])
        for message, ranking in zip(asked, rankings, strict=True):
            key, confidence = ranking[0]
            properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
            properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = [self.retrieval_intent]
            properties[self.retrieval_intent] = {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    RESPONSE_SELECTOR_RESPONSES_KEY: self.responses.get(utter_action(key), []),
                    PREDICTED_CONFIDENCE_KEY: confidence,
                    INTENT_RESPONSE_KEY: key,
                    RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action(key),
                },
                RESPONSE_SELECTOR_RANKING_KEY: [
                    {INTENT_RESPONSE_KEY: name, PREDICTED_CONFIDENCE_KEY: value}
                    for name, value in ranking[: self.config["ranking_length"]]
                ],
            }
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
        return messages
