"""Reading the assistant's replies as a resident sees them: which door, which question.

Doors are recognised by the words residents read: each concern's introduction from the
routing directory, the FAQ answers and the 999 guidance from domain.yml.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from bot import paths
from bot.datafile import read_yaml
from bot.evaluation.cases import FAQ_DOOR
from bot.language.identify import written_form, written_language
from bot.language.languages import ENGLISH, supported
from bot.language.responses import translated_response
from bot.routing.directory import Directory, load_directory

Question = Literal["borough", "danger", "choose", "menu", "rephrase", "offer", "none"]
# Contacts that are about reporting crime: never for a person in crisis.
CRIME_REPORTING_CONTACTS = ("police_101", "crimestoppers")
# A reply with fewer letters (vowel signs count) says little of its language ("OK", a button).
MIN_LETTERS_TO_JUDGE = 20
# "Am I talking to a bot?" is answered by the bot's own introduction. It is not a door: a writer
# who expected the FAQ door for the question is answered by it, one who expected none is too.
# "Can I write in Polish?" is answered the same way, by the reply that takes up the language or
# offers the languages: writers l, u and v listed the FAQ door (how the chat works) for it
# (2026-12-06, twenty-second session; docs/benchmarks.md, "Twenty-first blind round").
CHAT_ANSWERS = ("utter_iamabot", "utter_language_chosen", "utter_choose_language")


def _plain(text: str) -> str:
    return " ".join(text.split())


def _shown(replies: list[dict[str, Any]]) -> list[str]:
    """Each reply's text as the resident reads it."""
    return [_plain(reply.get("text") or "") for reply in replies]


def _paragraphs(responses: dict[str, Any], name: str, language: str) -> tuple[str, ...]:
    """A response's paragraphs in `language`: the REST channel sends each as a message."""
    text = translated_response(responses[name][0], name, language)["text"]
    return tuple(_plain(part) for part in text.split("\n\n") if part.strip())


@dataclass(frozen=True)
class ReplyReader:
    intros: dict[str, tuple[str, ...]]  # door -> its introduction, in each language
    intents: dict[str, str]  # door -> its intent
    faq_answers: tuple[str, ...]
    chat_answers: tuple[str, ...]
    texts: dict[str, tuple[tuple[str, ...], ...]]  # response name -> its paragraphs, per language
    crime_reporting: tuple[str, ...]
    emergency_openings: frozenset[str]  # the 999 guidance's first paragraph, in each language
    language: str = ENGLISH

    @classmethod
    def load(
        cls, directory: Directory, domain_file: Path = paths.PROJECT_ROOT / "domain.yml"
    ) -> ReplyReader:
        """How residents read replies in the directory's language. A door or a question is
        recognised in whichever language the assistant used (a resident answered in the
        wrong one still reaches the door); `in_language` scores the language apart."""
        language = directory.language
        responses = read_yaml(domain_file)["responses"]
        codes = [language, *(code for code in supported() if code != language)]
        directories = [directory, *(load_directory(code) for code in codes[1:])]
        names = (
            "utter_emergency",
            "utter_ask_danger_now",
            "utter_ask_which_concern",
            "utter_help",
            "utter_help_menu",
            "utter_rephrase",
            "utter_offer_log",
        )
        return cls(
            intros={
                cid: tuple(_plain(d.concerns[cid].intro) for d in directories if cid in d.concerns)
                for cid in directory.concerns
            },
            intents={cid: c.intent for cid, c in directory.concerns.items()},
            faq_answers=tuple(
                _paragraphs(responses, name, code)[0]
                for code in codes
                for name in responses
                if name.startswith("utter_faq/")
            ),
            chat_answers=tuple(
                _paragraphs(responses, name, code)[0] for code in codes for name in CHAT_ANSWERS
            ),
            texts={
                name: tuple(_paragraphs(responses, name, code) for code in codes)
                for name in names
                if name in responses
            },
            crime_reporting=tuple(
                _plain(directory.contacts[cid].render())
                for cid in CRIME_REPORTING_CONTACTS
                if cid in directory.contacts
            ),
            emergency_openings=frozenset(
                _paragraphs(responses, "utter_emergency", code)[0] for code in supported()
            ),
            language=language,
        )

    def _is_paragraph(self, reply: dict[str, Any], response: str, index: int) -> bool:
        """Whether `reply` is paragraph `index` of `response`, in any language."""
        text = _plain(reply.get("text") or "")
        return any(
            paragraphs and text == paragraphs[index] for paragraphs in self.texts.get(response, ())
        )

    def _starts(self, reply: dict[str, Any], response: str) -> bool:
        """Whether `reply` is the first paragraph of `response`."""
        return self._is_paragraph(reply, response, 0)

    def _ends(self, reply: dict[str, Any], response: str) -> bool:
        """Whether `reply` is the last paragraph of `response` (where its buttons are)."""
        return self._is_paragraph(reply, response, -1)

    def intent_payload(self, door: str) -> str:
        return f"/{self.intents.get(door, door)}"

    def doors(self, replies: list[dict[str, Any]]) -> set[str]:
        """The doors these replies send the resident to."""
        shown = _shown(replies)
        found = {
            door
            for door, intros in self.intros.items()
            if any(intro in t for intro in intros for t in shown)
        }
        if any(answer in t for answer in self.faq_answers for t in shown):
            found.add(FAQ_DOOR)
        return found

    def answered_about_the_chat(self, replies: list[dict[str, Any]]) -> bool:
        """Whether these replies answer a question about the chat itself: the bot's own
        introduction, or the reply that takes up or offers a language (CHAT_ANSWERS)."""
        shown = _shown(replies)
        return any(answer in t for answer in self.chat_answers for t in shown)

    def in_language(self, replies: list[dict[str, Any]], said: str = "") -> bool:
        """Whether the assistant answered in its reader's language, as the resident wrote it
        (`said`: Panjabi written in Arabic script is answered in Shahmukhi, not Gurmukhi or
        Urdu): its first reply of some length is in that language's script (Polish, Romanian:
        with their diacritics; Shahmukhi: with Panjabi's own words)."""
        if self.language == ENGLISH:
            return True
        expected = written_form(self.language, said)
        for reply in replies:
            text = reply.get("text") or ""
            if sum(unicodedata.category(char)[0] in "LM" for char in text) >= MIN_LETTERS_TO_JUDGE:
                return written_language(text) == expected
        return False

    def emergency_first(self, replies: list[dict[str, Any]]) -> bool:
        """Whether the first reply is the 999 guidance, in whichever language: the language it
        is in is scored on its own (`in_language`)."""
        return bool(replies) and _plain(replies[0].get("text") or "") in self.emergency_openings

    def crime_reporting_shown(self, replies: list[dict[str, Any]]) -> bool:
        shown = " ".join(_shown(replies))
        return any(contact in shown for contact in self.crime_reporting) or any(
            self._starts(reply, "utter_offer_log") for reply in replies
        )

    def question(self, turn: list[dict[str, Any]]) -> Question:
        """What the assistant's turn asks the resident, judged by its last message."""
        if not turn:
            return "none"
        last = turn[-1]
        payloads = [button["payload"] for button in last.get("buttons") or []]
        if any(payload.startswith("/inform_location") for payload in payloads):
            return "borough"
        asks: tuple[tuple[str, Question], ...] = (
            ("utter_ask_danger_now", "danger"),
            ("utter_ask_which_concern", "choose"),
            ("utter_help", "menu"),
            ("utter_help_menu", "menu"),
            ("utter_rephrase", "rephrase"),
            ("utter_offer_log", "offer"),
        )
        for response, question in asks:
            if self._ends(last, response):
                return question
        return "none"
