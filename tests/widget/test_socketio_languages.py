"""What the web chat's socket.io channel sends says the language it is in (issue #15): the
response generator's `language` reaches every bot_uttered message, text, buttons and custom data
alike, and the English half of a danger reply said in both languages is marked as English.

The replies are made as Rasa makes them: domain.yml's responses through the project's response
generator, into bot events, then out through the channel (no server, no model)."""

from __future__ import annotations

from rasa.core.channels.socketio import SocketIOOutput
from rasa.shared.core.events import BotUttered

from bot.language.translations import translator
from csp_components.channels.socketio import (
    LanguageSocketIOOutput,
    SocketIOInput,
    with_language_in_data,
)
from tests.widget.replies import EVENT, ROOM, RecordingServer, domain, run, said, socketio_variant


def test_every_kind_of_message_says_its_language() -> None:
    greeting = said("utter_greet", "pl")
    assert greeting and all(message["language"] == "pl" for message in greeting)
    question = said("utter_ask_borough", "pl")
    assert [m["language"] for m in question] == ["pl"] * len(question)
    assert question[-1]["quick_replies"]  # the buttons come with the last part, as in Rasa's
    route_title = said("utter_route", "pl")[0]  # custom data: {text, more, more_title}
    assert route_title["language"] == "pl"
    assert route_title["more_title"] == translator("pl").text("More ways to get help")


def test_english_is_said_as_english_and_nothing_else_changes() -> None:
    for response in ("utter_greet", "utter_ask_borough", "utter_emergency", "utter_route"):
        ours = said(response, None)
        assert all(message["language"] == "en" for message in ours)
        assert "english" not in str(ours) and "text_language" not in str(ours)
        rasa = said(response, None, SocketIOOutput)
        assert [{k: v for k, v in m.items() if k != "language"} for m in ours] == rasa


def test_a_danger_reply_in_both_languages_marks_its_english_half() -> None:
    english = socketio_variant("utter_emergency")["custom"]["data"]
    polish = translator("pl")
    assert polish.has(english["warning"]) and polish.has(english["text"])  # translations held

    (danger,) = said("utter_emergency", "pl")
    assert danger["language"] == "pl"
    assert danger["warning"] == polish.text(english["warning"])  # the translation alone...
    assert danger["text"] == polish.text(english["text"])
    assert danger["english"] == {"warning": english["warning"], "text": english["text"]}
    assert danger["call"] == {"title": polish.text("Call 999"), "phone": "999"}


def test_a_text_said_in_both_languages_marks_each_english_paragraph() -> None:
    (text_variant,) = domain().responses["utter_self_harm_support"]
    english = text_variant["text"]
    assert translator("pl").has(english)
    parts = said("utter_self_harm_support", "pl")
    assert all(part["language"] == "pl" for part in parts)  # the conversation's language
    in_english = [part["text"] for part in parts if part.get("text_language") == "en"]
    translated = [part["text"] for part in parts if "text_language" not in part]
    assert "\n\n".join(in_english) == english
    assert "\n\n".join(translated) == translator("pl").text(english)
    assert parts.index(next(p for p in parts if p.get("text_language"))) == len(translated)


def test_an_unknown_language_is_not_passed_on() -> None:
    server = RecordingServer()
    output = LanguageSocketIOOutput(server, EVENT)
    run(output.send_text_message(ROOM, "Hello", language="xx"))
    run(output.send_custom_json(ROOM, {"data": {"text": "Hello"}}, language=["pl"]))
    assert server.emitted == [{"text": "Hello"}, {"text": "Hello"}]


def test_the_channel_answers_through_the_output_with_languages() -> None:
    channel = SocketIOInput()
    assert channel.get_output_channel() is None  # no server yet, as Rasa's
    channel.sio = RecordingServer()  # type: ignore[assignment]
    assert isinstance(channel.get_output_channel(), LanguageSocketIOOutput)
    made_by_rasa = SocketIOOutput(channel.sio, EVENT)
    assert isinstance(channel._output(made_by_rasa), LanguageSocketIOOutput)


def test_help_shown_again_after_a_reload_keeps_its_language() -> None:
    route = BotUttered(None, {"custom": {"data": {"text": "x"}}}, {"language": "ur"})
    older = BotUttered("Hello", {}, {})  # sent before languages were recorded
    assert with_language_in_data(route, "pl").data["language"] == "ur"
    assert with_language_in_data(older, "pl").data["language"] == "pl"
    assert with_language_in_data(older, "zz").data["language"] == "en"
