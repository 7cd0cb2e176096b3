"""Every English text a resident reads, wherever it lives: the catalogue that translations cover.

One place says which fields of which files are words for residents (`RESIDENT_FIELDS`); the
directory is translated through the same list (bot.routing.directory), the responses of
domain.yml by the translating generator (csp_components/nlg/translating_nlg.py), the web
chat's own words from data/languages/widget.yml and Messenger's from messenger.yml beside it.
`csp-bot translations audit` and the completeness test compare this catalogue with each
language's translations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from bot import paths
from bot.datafile import load_model, read_yaml
from bot.language.languages import supported

# Fields whose string values residents read, per maintained file; None: every string in it.
RESIDENT_FIELDS: dict[str, frozenset[str] | None] = {
    "concerns.yml": frozenset({"title", "label", "intro", "condition"}),
    "contacts.yml": frozenset({"name", "say"}),
    "opening.yml": None,
}
# The keys of a domain.yml response whose strings a resident reads (not payloads or phones).
RESPONSE_FIELDS = frozenset({"text", "title", "warning", "more_title"})
PLACEHOLDER_ONLY = re.compile(r"^\s*(\{\w+\}\s*)*$")
WIDGET_WORDS = paths.DATA_DIR / "languages" / "widget.yml"
MESSENGER_WORDS = paths.DATA_DIR / "languages" / "messenger.yml"


def strings_in(data: Any, fields: frozenset[str] | None, under: str | None = None) -> Iterator[str]:
    """The strings of `data` held under one of `fields` (at any depth), or all when None."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings_in(value, fields, key if isinstance(key, str) else under)
    elif isinstance(data, list):
        for item in data:
            yield from strings_in(item, fields, under)
    elif isinstance(data, str) and (fields is None or under in fields):
        yield from ([] if PLACEHOLDER_ONLY.match(data) else [data])


def replace_strings(
    data: Any, fields: frozenset[str] | None, change: Callable[[str], str], under: str | None = None
) -> Any:
    """A copy of `data` with `change` applied to the strings `strings_in` would yield."""
    if isinstance(data, dict):
        return {
            key: replace_strings(value, fields, change, key if isinstance(key, str) else under)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [replace_strings(item, fields, change, under) for item in data]
    if isinstance(data, str) and (fields is None or under in fields):
        return data if PLACEHOLDER_ONLY.match(data) else change(data)
    return data


def response_strings(responses: dict[str, list[dict[str, Any]]]) -> Iterator[str]:
    for variants in responses.values():
        yield from strings_in(variants, RESPONSE_FIELDS)


class ChannelWords(BaseModel, extra="forbid"):
    """A channel's own words (widget.yml, messenger.yml): English text by key."""

    words: dict[str, str]


def widget_words() -> dict[str, str]:
    """The web chat's own words (its buttons, labels, notices), by key, in English."""
    return load_model(WIDGET_WORDS, ChannelWords).words if WIDGET_WORDS.exists() else {}


def messenger_words() -> dict[str, str]:
    """Messenger's own words (what it adds to the replies), by key, in English."""
    return load_model(MESSENGER_WORDS, ChannelWords).words


def catalogue() -> list[str]:
    """Every resident-facing English text, each once, in the order the files give them."""
    texts: dict[str, None] = {}
    domain = read_yaml(paths.PROJECT_ROOT / "domain.yml")
    for text in response_strings(domain.get("responses") or {}):
        texts.setdefault(text)
    for name, fields in RESIDENT_FIELDS.items():
        for text in strings_in(read_yaml(paths.DIRECTORY_DIR / name), fields):
            texts.setdefault(text)
    for text in [*widget_words().values(), *messenger_words().values()]:
        texts.setdefault(text)
    own_names = {language.name for language in supported().values()}  # never translated
    return [text for text in texts if text not in own_names]
