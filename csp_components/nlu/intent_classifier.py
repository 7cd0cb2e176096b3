"""Rasa adapter for bot.nlu.intent_model: trains on the NLU examples, ranks intents per message.

It reads the text of the spaCy doc that SpacyNLP made (its own TF-IDF features, with place names
and postcodes masked by bot.nlu.spacy_pipeline.with_places_masked), so it needs no tokenizer
(config.yml has none). The FAQ selector (response_selector.py) uses the same model and
text.

Rasa reuses a trained component from its cache while the component's config and training data
are unchanged. This one's fingerprint also covers the code and the place names that decide what
it learns, so that changing them retrains it (`fingerprint_addon`).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.nlu.intent_model
import bot.nlu.spacy_pipeline
from bot.nlu.intent_model import IntentModel, Settings
from bot.nlu.spacy_pipeline import with_places_masked
from bot.paths import SPACY_MODEL_DIR

logger = logging.getLogger(__name__)

# What the trained model depends on beyond its config and training data.
LEARNS_FROM = (
    Path(__file__),
    Path(bot.nlu.intent_model.__file__),
    Path(bot.nlu.spacy_pipeline.__file__),
    SPACY_MODEL_DIR / "entity_ruler" / "patterns.jsonl",
)


def digest_of(paths: tuple[Path, ...]) -> str:
    """What Rasa's cache adds to a component's fingerprint: the files that decide what it
    learns, so that changing them retrains it."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes() if path.exists() else b"missing")
    return digest.hexdigest()


def text_for_the_model(message: Message) -> str:
    """What the intent model reads: the text with places masked, as SpacyNLP's doc has it."""
    doc = message.get(SPACY_DOCS[TEXT])
    if doc is None:  # no SpacyNLP before this component
        return message.get(TEXT) or ""
    return with_places_masked(doc)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        defaults = Settings()
        return {
            "word_ngrams": list(defaults.word_ngrams),
            "char_ngrams": list(defaults.char_ngrams),
            "svm_c": defaults.svm_c,
            "ranking_length": 10,
        }

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        return digest_of(LEARNS_FROM)

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: IntentModel | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def _settings(self) -> Settings:
        return Settings(
            word_ngrams=tuple(self.config["word_ngrams"]),
            char_ngrams=tuple(self.config["char_ngrams"]),
            svm_c=float(self.config["svm_c"]),
        )

    def train(self, training_data: TrainingData) -> Resource:
        examples = [ex for ex in training_data.intent_examples if ex.get(TEXT)]
        texts = [text_for_the_model(ex) for ex in examples]
        intents = [ex.get(INTENT) for ex in examples]
        self.model = IntentModel.train(texts, intents, self._settings())
        logger.debug("intent model: %d examples, scale %.1f", len(texts), self.model.scale)
        with self._model_storage.write_to(self._resource) as folder:
            self.model.save(folder)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        try:
            with model_storage.read_from(resource) as folder:
                model = IntentModel.load(folder)
        except ValueError:
            logger.warning("no trained intent model in %s; intents will be left empty", resource)
            model = None
        return cls(config, model_storage, resource, model)

    def process(self, messages: list[Message]) -> list[Message]:
        if self.model is None:
            return messages
        texts = [text_for_the_model(message) for message in messages]
        for message, ranking in zip(messages, self.model.rank(texts), strict=True):
            ranked = [
                {"name": name, "confidence": confidence}
                for name, confidence in ranking[: self.config["ranking_length"]]
            ]
            message.set(INTENT, ranked[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranked, add_to_output=True)
        return messages
