"""The FAQ response selector runs only on messages classified as its retrieval intent.

FAQ answers themselves are checked through the trained model by the test stories
(tests/stories) and the end-to-end tests; this checks what is skipped.
"""

from __future__ import annotations

import pytest
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from csp_components.response_selector import RetrievalIntentResponseSelector


def message(text: str, intent: str) -> Message:
    return Message({TEXT: text, INTENT: {"name": intent, "confidence": 0.9}})


def test_only_faq_messages_reach_the_selector(monkeypatch: pytest.MonkeyPatch) -> None:
    selected: list[Message] = []

    def select(self: ResponseSelector, messages: list[Message]) -> list[Message]:
        selected.extend(messages)
        return messages

    monkeypatch.setattr(ResponseSelector, "process", select)
    selector = object.__new__(RetrievalIntentResponseSelector)
    selector.retrieval_intent = "faq"
    faq = message("what does the partnership do", "faq")
    noise = message("loud music every night", "report_noise")
    unsure = message("asdfgh", "nlu_fallback")
    assert selector.process([noise, faq, unsure]) == [noise, faq, unsure]
    assert [m.get(TEXT) for m in selected] == ["what does the partnership do"]
    assert selector.process([noise]) == [noise]
    assert len(selected) == 1
