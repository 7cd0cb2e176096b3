"""The supported languages (data/languages/languages.yml), validated on load."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, Field, root_validator

from bot import paths
from bot.datafile import load_model

ENGLISH = "en"


class Language(BaseModel, extra="forbid"):
    name: str = Field(min_length=1, description="Its name in its own language")
    english: str = Field(min_length=1)
    dir: Literal["ltr", "rtl"]
    scripts: list[Literal["native", "latin"]] = Field(min_items=1)
    clock_hours: Literal[12, 24] = Field(12, description="The clock opening hours are told by")
    aliases: list[str] = Field(
        default_factory=list, description="How residents name it when asking for it"
    )
    written_form_of: str | None = Field(
        None,
        description="The language this is another way of writing (its own code): the concern "
        "log and the dashboard count it as that language",
    )
    same_script_as: str | None = Field(
        None,
        description="The language whose script this is written in, told apart from it by `words`",
    )
    words: list[str] = Field(
        default_factory=list,
        description="Everyday words of its own (grammatical words, not topics) that tell it from "
        "another language written in the same script",
    )


class LanguagesFile(BaseModel, extra="forbid"):
    source: str
    checked: date
    default: str
    both_languages: list[str] = Field(
        default_factory=list,
        description="Responses said in the resident's language and then in English (danger)",
    )
    languages: dict[str, Language]

    @root_validator(skip_on_failure=True)
    def _forms_name_languages(cls, values: dict[str, Any]) -> dict[str, Any]:
        languages: dict[str, Language] = values["languages"]
        for code, language in languages.items():
            for named in (language.written_form_of, language.same_script_as):
                if named is not None and (
                    named not in languages or languages[named].written_form_of is not None
                ):
                    raise ValueError(f"{code}: {named!r} is not a language of its own here")
            if language.same_script_as is not None and not (
                language.words and languages[language.same_script_as].words
            ):
                raise ValueError(f"{code}: both languages of one script need their `words`")
        return values


@cache
def languages_file() -> LanguagesFile:
    return load_model(paths.DATA_DIR / "languages" / "languages.yml", LanguagesFile)


def supported() -> dict[str, Language]:
    """Every language the assistant answers in, English first."""
    return languages_file().languages


def translated_languages() -> list[str]:
    """The codes of the languages other than English."""
    return [code for code in supported() if code != ENGLISH]


def sharing_script_with(language: str) -> list[str]:
    """The languages written in `language`'s script and told from it by their `words`
    (languages.yml `same_script_as`): Panjabi in Shahmukhi for Urdu."""
    return [code for code, other in supported().items() if other.same_script_as == language]


def logged_language(code: str) -> str:
    """The language a code is counted as in the log and on the dashboard: a written form of
    another language (Panjabi in Shahmukhi) counts as that language (Panjabi); any other code
    is itself."""
    form = supported().get(code)
    return (form.written_form_of if form else None) or code


def logged_languages() -> list[str]:
    """The languages the log and the dashboard count, English first: not their written forms."""
    return [code for code, language in supported().items() if language.written_form_of is None]


def known(code: object) -> str:
    """`code` when it is a supported language, else English."""
    return code if isinstance(code, str) and code in supported() else ENGLISH


def named_language(text: str) -> str | None:
    """The one language a message names ("po polsku", "urdu please"), if it names one. English
    named beside one other language is what the resident is moving from ("my English is not
    good, do you have this in Urdu?", "can I write in Polish or only in English?"): the other
    one is asked for."""
    from bot.language.text import fold

    words = f" {fold(text)} "
    named = {
        code
        for code, language in supported().items()
        for name in [language.name, language.english, *language.aliases]
        if f" {fold(name)} " in words
    }
    if len(named) == 2 and ENGLISH in named:
        named.discard(ENGLISH)
    return named.pop() if len(named) == 1 else None


def chosen_language(text: str, written_in: str | None) -> str | None:
    """The language a message asks for by name (`named_language`), where `written_in` is the
    language the message itself is written in. English named alone in a message written in
    another supported language is the language the resident is moving from ("nu vorbesc bine
    engleza": "I don't speak English well"), so the message's own language is kept: a resident
    who wants English can pick it from the menu, and one who cannot read it is not answered in
    it (the first Romanian writer's open part, 2026-12-07)."""
    named = named_language(text)
    if named == ENGLISH and written_in is not None and written_in != ENGLISH:
        return written_in
    return named
