"""What a resumed web chat is sent again: the help already given, never the resident's words."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered

from csp_components.channels.show_again import messages_to_show_again

ROUTE = {"custom": {"data": {"text": "Call 101.", "more": "", "more_title": "More ways"}}}
BOROUGHS = [{"title": "Burnley", "payload": '/inform_location{"borough": "burnley"}'}]


def said(name: str | None, text: str | None = None, **data: object) -> BotUttered:
    return BotUttered(text, data, {"utter_action": name} if name else {})


def test_the_help_given_and_the_open_question_come_back_without_the_residents_words() -> None:
    events = [
        SessionStarted(),
        ActionExecuted("action_listen"),
        said("utter_greet", "Hello. What's worrying you?"),
        UserUttered("someone shouted at me, I'm Sarah on 07700 900123"),
        said("utter_danger_first", custom={"data": {"warning": "Call 999."}}),
        said(None, "Which area?", buttons=BOROUGHS),
    ]
    assert messages_to_show_again(events) == [
        {"custom": {"data": {"warning": "Call 999."}}},
        {"text": "Which area?", "buttons": BOROUGHS},
    ]
    answered = [*events, UserUttered("Burnley"), said("utter_route", **ROUTE)]
    assert messages_to_show_again(answered) == [
        {"custom": {"data": {"warning": "Call 999."}}},
        ROUTE,
    ]
    shown = repr(messages_to_show_again(answered))
    assert "Sarah" not in shown and "07700" not in shown and "Hello" not in shown


def test_an_earlier_session_and_a_conversation_without_help_show_nothing() -> None:
    earlier = [SessionStarted(), UserUttered("noise"), said("utter_route", **ROUTE)]
    assert messages_to_show_again([*earlier, SessionStarted()]) == []
    assert messages_to_show_again([SessionStarted(), said("utter_greet", "Hello.")]) == []
    assert messages_to_show_again([]) == []
