"""Rasa adapter for bot.language.identify: adds the message's language as a `language` entity.

The `language` slot takes it (domain.yml), so everything said after it, 999 first included, is
in that language. Nothing is added when the message is too short or too close to call, and
the conversation keeps its language. A message in Arabic script that holds no word telling Urdu
from Panjabi in Shahmukhi (a place name, "yes") keeps a conversation in whichever of the two it
was in, read from the tracker Rasa passes to the NLU graph; any other conversation turns to
Urdu. A message that asks for a language by name ("po polsku", "urdu please") gives that one.
Trained on the files of data/nlu, as the identifier's own examples; its fingerprint covers them
and the code, so changing either retrains it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.language.identify
import bot.language.text
from bot.language.identify import LanguageIdentifier, LatinModel, labelled_examples
from bot.language.languages import chosen_language
from bot.nlu.training_data import training_files
from csp_components.nlu.intent_classifier import digest_of

ENTITY = "language"
SLOT = "language"  # the conversation's language (domain.yml), which the entity fills
CHOOSE = "choose_language"
MODEL_FILE = "latin_languages.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class LanguageIdentifierComponent(GraphComponent):
    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        sources = (
            Path(__file__),
            Path(bot.language.identify.__file__),
            Path(bot.language.text.__file__),
        )
        return digest_of((*sources, *training_files()))

    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        identifier: LanguageIdentifier | None = None,
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.identifier = identifier or LanguageIdentifier(LatinModel())

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageIdentifierComponent:
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        latin = LatinModel.train(labelled_examples(training_files()))
        self.identifier = LanguageIdentifier(latin)
        with self._model_storage.write_to(self._resource) as folder:
            latin.save(folder / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageIdentifierComponent:
        with model_storage.read_from(resource) as folder:
            latin = LatinModel.load(folder / MODEL_FILE)
        return cls(model_storage, resource, LanguageIdentifier(latin))

    def process(
        self, messages: list[Message], tracker: DialogueStateTracker | None = None
    ) -> list[Message]:
        """`tracker`, the conversation so far (Rasa passes it to the NLU graph), gives its
        language, which a message in a shared script keeps when its words cannot tell."""
        current = tracker.get_slot(SLOT) if tracker is not None else None
        for message in messages:
            text = message.get(TEXT) or ""
            intent = (message.get(INTENT) or {}).get("name")
            written_in = self.identifier.identify(text, current)
            language = chosen_language(text, written_in) if intent == CHOOSE else None
            language = language or written_in
            if language is None or text.startswith("/"):
                continue
            entity = {
                "entity": ENTITY,
                "value": language,
                "start": 0,
                "end": len(text),
                "extractor": type(self).__name__,
            }
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages
