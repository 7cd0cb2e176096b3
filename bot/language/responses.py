"""A domain.yml response in the resident's language: its sentences and titles translated, the
danger responses (languages.yml: both_languages) in the language and then in English."""

from __future__ import annotations

from typing import Any, cast

from bot.language.catalogue import replace_strings
from bot.language.languages import ENGLISH, languages_file
from bot.language.translations import translator

TITLES = frozenset({"title", "more_title"})
SENTENCES = frozenset({"text", "warning"})


def translated_response(response: dict[str, Any], name: str, language: str) -> dict[str, Any]:
    """`response` (one variant of the response `name`) with its words in `language`."""
    if language == ENGLISH:
        return response
    say = translator(language).text
    response = replace_strings(response, TITLES, say)
    if name not in languages_file().both_languages:
        return cast("dict[str, Any]", replace_strings(response, SENTENCES, say))

    def both(english: str) -> str:
        said = say(english)
        return english if said == english else f"{said}\n\n{english}"

    return cast("dict[str, Any]", replace_strings(response, SENTENCES, both))
