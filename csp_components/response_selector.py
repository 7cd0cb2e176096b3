"""Rasa's ResponseSelector, run only for messages whose intent is its retrieval intent.

Rasa runs every ResponseSelector on every message, and its TensorFlow model was a fifth of
the Rasa server's CPU under load (docs/benchmarks.md), although only an FAQ answer ever reads
what it picks. This one trains and selects exactly as Rasa's does, and skips messages the
intent classifiers before it did not classify as `retrieval_intent` (`faq` in config.yml).
A later component that changes the intent (FallbackClassifier, DangerOverride) only ever
moves a message away from `faq`, so nothing that an answer needs is skipped.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class RetrievalIntentResponseSelector(ResponseSelector):
    def process(self, messages: list[Message]) -> list[Message]:
        asked = [
            message
            for message in messages
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == self.retrieval_intent
        ]
        if asked:
            super().process(asked)
        return messages
