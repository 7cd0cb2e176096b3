"""Each language's translations of the catalogue (data/languages/translations/<code>.yml).

A translation is keyed by the English text it translates, as a translation memory is: when the
English changes, its translation no longer matches and the audit lists it as missing. Loading
checks what must never change in translation: every {placeholder}, every number and every web
or email address of the English is in the translation, unchanged. Where a text has no
translation the English is said, and the audit and the completeness test say so.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, Field, root_validator

from bot import paths
from bot.datafile import DataError, load_model
from bot.language.languages import ENGLISH

TRANSLATIONS_DIR = paths.DATA_DIR / "languages" / "translations"
PLACEHOLDER = re.compile(r"\{\w+\}")
ADDRESS = re.compile(r"https?://\S+[^\s.,;:)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|www\.[\w.-]+\w")
NUMBER = re.compile(r"\d+(?:[ ,.:]\d+)*")


def kept_unchanged(english: str) -> list[str]:
    """What a translation must carry exactly as the English has it."""
    addresses = ADDRESS.findall(english)
    rest = ADDRESS.sub(" ", english)
    return sorted(
        {*PLACEHOLDER.findall(rest), *addresses, *NUMBER.findall(PLACEHOLDER.sub(" ", rest))}
    )


class Review(BaseModel, extra="forbid"):
    status: Literal["drafted", "reviewed"] = Field(
        description="drafted: not yet read by a fluent speaker; reviewed: read and corrected by one"
    )
    by: str = Field(min_length=1, description="Who drafted or reviewed it")
    date: date


class Translation(BaseModel, extra="forbid"):
    en: str = Field(min_length=1)
    text: str = Field(min_length=1)
    review: Review | None = Field(
        None, description="When this text's review differs from the file's"
    )

    @root_validator(skip_on_failure=True)
    def _keeps_numbers_and_addresses(cls, values: dict[str, Any]) -> dict[str, Any]:
        missing = [kept for kept in kept_unchanged(values["en"]) if kept not in values["text"]]
        if missing:
            raise ValueError(f"the translation of {values['en'][:60]!r} changes or drops {missing}")
        return values


class TranslationsFile(BaseModel, extra="forbid"):
    language: str
    review: Review
    texts: list[Translation]


class Translator:
    """English text in, the language's text out (the English itself when none is held)."""

    def __init__(self, language: str, texts: dict[str, str], review: Review | None) -> None:
        self.language = language
        self.texts = texts
        self.review = review

    def text(self, english: str) -> str:
        return self.texts.get(english, english)

    def has(self, english: str) -> bool:
        return english in self.texts


def load_translations(language: str) -> TranslationsFile | None:
    path = TRANSLATIONS_DIR / f"{language}.yml"
    if not path.exists():
        return None
    data = load_model(path, TranslationsFile)
    if data.language != language:
        raise DataError(f"{path}: says it is {data.language!r}")
    seen: set[str] = set()
    for item in data.texts:
        if item.en in seen:
            raise DataError(f"{path}: {item.en[:60]!r} is translated twice")
        seen.add(item.en)
    return data


@cache
def translator(language: str) -> Translator:
    """The language's translator (English, or a language with no file, says the English)."""
    data = None if language == ENGLISH else load_translations(language)
    if data is None:
        return Translator(language, {}, None)
    return Translator(language, {item.en: item.text for item in data.texts}, data.review)
