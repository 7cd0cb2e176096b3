"""Rasa's response generator, answering in the conversation's language (issue #15).

Rasa picks a response of domain.yml as usual; its words are then put into the language of the
`language` slot from data/languages/translations (bot.language), before the slots are filled in,
so numbers, names and routes that come in slots stay as given. The danger responses listed in
languages.yml's `both_languages` say the translation and then the English. Every response
carries the language it is in (`language`), which the web chat uses for `lang` and `dir`.
"""

from __future__ import annotations

import copy
from typing import Any

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from bot.language.languages import known
from bot.language.responses import translated_response


class TranslatingNLG(TemplatedNaturalLanguageGenerator):
    def __init__(
        self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None
    ) -> None:
        super().__init__(domain.responses if domain else {})

    def generate_from_slots(
        self,
        utter_action: str,
        filled_slots: dict[str, Any],
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        chosen = self._random_response_for(utter_action, output_channel, filled_slots)
        if chosen is None:
            return None
        language = known(filled_slots.get("language"))
        response = translated_response(copy.deepcopy(chosen), utter_action, language)
        response = self._fill_response(response, filled_slots, **kwargs)
        response.setdefault("language", language)
        return response
