"""Whole conversations with the running assistant over REST, as a resident would have them."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Chat, button_payload, button_titles, texts

pytestmark = pytest.mark.e2e

BOROUGHS = ["Blackburn with Darwen", "Burnley", "Hyndburn", "Pendle", "Rossendale"]


def test_hate_crime_asks_the_area_then_gives_the_route(chat: Chat) -> None:
    first = chat.say("some lads keep shouting racist stuff at me and my kids when we walk past")
    assert button_titles(first)[:5] == BOROUGHS
    assert all(set(m) >= {"text"} for m in first)
    second = chat.say(button_payload(first, "Burnley"))
    reply = texts(second)
    assert "report-it.org.uk" in reply
    assert "101" in reply
    assert "not monitored" in reply


def test_asb_with_a_place_is_routed_to_that_borough(chat: Chat) -> None:
    reply = texts(
        chat.say("kids on motorbikes tearing round the field in oswaldtwistle every night")
    )
    assert "Hyndburn" in reply
    assert "101" in reply


def test_rough_sleeping_points_to_streetlink(chat: Chat) -> None:
    reply = texts(
        chat.say("there's a man sleeping rough in the shop doorway on the high street in Nelson")
    )
    assert "StreetLink" in reply


def test_speeding_goes_to_the_road_safety_partnership(chat: Chat) -> None:
    reply = texts(chat.say("cars flying down our road way over the limit in rawtenstall"))
    assert "lancsroadsafety.co.uk" in reply


def test_pothole_by_postcode_goes_to_the_county_council(chat: Chat) -> None:
    reply = texts(chat.say("massive pothole outside my house BB4 7EX"))
    assert "Lancashire County Council" in reply


def test_pothole_answer_by_typed_postcode_after_being_asked(chat: Chat) -> None:
    first = chat.say("the street light on our road has been broken for weeks")
    assert button_titles(first)[:5] == BOROUGHS
    reply = texts(chat.say("bb2 1aa"))
    assert "Blackburn with Darwen" in reply


def test_place_outside_the_partnership_is_named(chat: Chat) -> None:
    reply = texts(chat.say("theres people dealing drugs from a house in Preston"))
    assert "Preston" in reply
    assert "Blackburn with Darwen, Burnley, Hyndburn, Pendle and Rossendale" in reply


@pytest.mark.parametrize(
    "message",
    [
        "help he's hitting me",
        "there's smoke pouring out of the shop next door",
        "a lad has got a knife outside the chippy",
    ],
)
def test_danger_gets_999_in_the_very_first_reply(chat: Chat, message: str) -> None:
    replies = chat.say(message)
    assert "999" in replies[0]["text"]  # the very first thing the resident reads
    assert "press 55" in texts(replies)  # silent 999 from a mobile, in the same turn


def test_greeting_says_what_it_can_and_cannot_do(chat: Chat) -> None:
    reply = texts(chat.say("hiya"))
    assert "999" in reply
    assert "can't take reports" in reply


def test_violence_asks_about_danger_now_and_no_gives_the_route(chat: Chat) -> None:
    first = chat.say("a bloke i know punched me in the face outside the pub")
    assert "Is anyone hurt or in danger right now?" in texts(first)
    assert button_titles(first) == ["Yes, someone is in danger", "No"]
    replies = chat.say(button_payload(first, "No"))
    reply = texts(replies)
    assert "101" in reply
    assert "call 999 straight away" not in reply
    # The turn ends with the offer to log, and nothing after it (once it looped "say it another
    # way" until Rasa's limit, because no rule said to listen).
    assert button_titles(replies[-1:]) == ["Yes, log it", "No thanks"]
    assert "another way" not in reply


def test_yes_to_the_danger_question_gets_999_first(chat: Chat) -> None:
    first = chat.say("my partner shoved me into the wall")
    replies = chat.say(button_payload(first, "Yes, someone is in danger"))
    assert replies[0]["text"].startswith("If you or anyone else is in danger now, call 999")
    assert "log this anonymously" not in texts(replies)
    assert "another way" not in texts(replies)


def test_an_unclear_message_is_asked_about_never_guessed(chat: Chat) -> None:
    first = chat.say("i think something dodgy might be going on")
    reply = texts(first)
    assert "not monitored" not in reply  # no door given
    asked_which = "Is it about one of these?" in reply
    menu = "Tell me what's happening in your own words" in reply  # the help menu: every door
    assert asked_which or menu or "another way" in reply
    if asked_which:
        assert button_titles(first)[-1] == "Something else"


def test_a_pressed_choice_is_routed(chat: Chat) -> None:
    reply = texts(chat.say("/report_fraud"))
    assert "Report Fraud" in reply or "0300 123 2040" in reply
    assert "not monitored" in reply


def test_a_mental_health_crisis_gets_crisis_lines_and_nothing_about_crime(chat: Chat) -> None:
    reply = texts(
        chat.say("i cant cope anymore and need to talk to someone about my mental health")
    )
    assert "116 123" in reply and "85258" in reply
    assert "Crimestoppers" not in reply and "log this anonymously" not in reply


def test_thoughts_of_ending_ones_life_get_999_first_and_the_crisis_lines(chat: Chat) -> None:
    replies = chat.say("lost all our savings to a scammer. easier for everyone if i wasnt here")
    assert replies[0]["text"].startswith("If you or anyone else is in danger now, call 999")
    reply = texts(replies)
    assert "116 123" in reply and "85258" in reply
    assert "Report Fraud" not in reply and "log this anonymously" not in reply


def test_such_thoughts_beside_i_will_not_act_get_the_crisis_door_alone(chat: Chat) -> None:
    replies = chat.say(
        "lost all our savings to a scammer and i keep thinking everyone would be better off "
        "without me. im not going to do anything, i just need to talk"
    )
    assert not replies[0]["text"].startswith("If you or anyone else is in danger now")
    reply = texts(replies)
    assert "116 123" in reply and "85258" in reply and "call 999" in reply  # if life at risk
    assert "Report Fraud" not in reply and "log this anonymously" not in reply


def test_a_crime_told_beside_a_crisis_sign_gets_the_crisis_door_alone(chat: Chat) -> None:
    """The model reads a vehicle crime; "I don't see the point anymore" is a crisis sign
    (data/safety/danger.yml): the crisis lines, nothing about reporting the theft."""
    replies = chat.say(
        "someone nicked my mobility scooter off the drive last week and honestly i dont see "
        "the point anymore"
    )
    assert not replies[0]["text"].startswith("If you or anyone else is in danger now")
    reply = texts(replies)
    assert "116 123" in reply and "85258" in reply
    assert "101" not in reply and "log this anonymously" not in reply


def test_after_999_with_no_door_the_resident_can_say_more_once_safe(chat: Chat) -> None:
    replies = texts(chat.say("please help hes got a knife"))
    assert "When you are safe, you can tell me more here" in replies


def test_flames_through_a_roof_get_999_first(chat: Chat) -> None:
    replies = chat.say("theres flames showing through the roof of the end terrace on our street")
    assert replies[0]["text"].startswith("If you or anyone else is in danger now, call 999")


def test_a_bump_where_everyone_is_ok_gets_the_collision_route_without_999(chat: Chat) -> None:
    replies = chat.say(
        "a van backed into my car in the tesco car park in accrington and drove off without "
        "giving his details. im ok and my wife is ok"
    )
    assert not replies[0]["text"].startswith("If you or anyone else is in danger now")
    assert "101" in texts(replies)


def test_a_borough_typed_after_a_county_wide_route_does_not_repeat_it(chat: Chat) -> None:
    """Victim support is the same in every borough: typing one while the offer to log is
    pending keeps the offer open and does not give the whole route again."""
    first = texts(
        chat.say("since the burglary i cant sleep and i jump at every noise, who can i talk to")
    )
    assert "Lancashire Victim Services" in first
    again = texts(chat.say("Burnley"))
    assert "Would you like to log this anonymously?" in again
    assert "Lancashire Victim Services" not in again
