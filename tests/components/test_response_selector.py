"""The FAQ selector: the linear model picks the answer, only for messages classified `faq`,
in the shape Rasa's `utter_faq` action reads. FAQ answers through the trained model are
checked by the test stories and the end-to-end tests."""

from __future__ import annotations

from rasa.nlu.constants import RESPONSE_SELECTOR_PROPERTY_NAME
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_model import IntentModel
from csp_components.nlu.response_selector import LinearResponseSelector

PRIORITIES = ["what are your priorities", "what do you focus on", "main priorities of the csp"]
WATCH = ["how do i join neighbourhood watch", "start a neighbourhood watch", "neighbourhood watch"]


def message(text: str, intent: str) -> Message:
    return Message({TEXT: text, INTENT: {"name": intent, "confidence": 0.9}})


def selector() -> LinearResponseSelector:
    model = IntentModel.train(
        PRIORITIES + WATCH, ["faq/priorities"] * 3 + ["faq/neighbourhood_watch"] * 3
    )
    responses = {"utter_faq/priorities": [{"text": "Five priorities."}]}
    return LinearResponseSelector({}, None, None, model, responses)  # type: ignore[arg-type]


def test_a_faq_message_gets_the_answer_rasa_will_send() -> None:
    faq = message("how can i join a neighbourhood watch group", "faq")
    selector().process([faq])
    chosen = faq.get(RESPONSE_SELECTOR_PROPERTY_NAME)["faq"]["response"]
    assert chosen["utter_action"] == "utter_faq/neighbourhood_watch"
    assert chosen["intent_response_key"] == "faq/neighbourhood_watch"


def test_only_faq_messages_are_answered() -> None:
    noise = message("loud music every night", "report_noise")
    unsure = message("asdfgh", "nlu_fallback")
    assert selector().process([noise, unsure]) == [noise, unsure]
    assert noise.get(RESPONSE_SELECTOR_PROPERTY_NAME) is None
    assert unsure.get(RESPONSE_SELECTOR_PROPERTY_NAME) is None
