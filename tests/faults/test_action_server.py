"""The action server down or hanging: the resident gets a short apology with numbers that work,
within the stated timeout, and the conversation carries on once the server is back."""

from __future__ import annotations

import time

import pytest

from bot.routing.directory import Directory
from bot.routing.service_faults import apology_values
from csp_components.server.action_guard import DEFAULT_TIMEOUT_SECONDS
from tests.databases import concern_count
from tests.e2e.conftest import button_payload
from tests.faults.rig import Rig, new_sender, texts
from tests.faults.switch import DOWN, STALL, UP

pytestmark = pytest.mark.e2e

ACTION_TIMEOUT = DEFAULT_TIMEOUT_SECONDS  # endpoints.yml sets the same 5 s
APOLOGY = "something has gone wrong on our side"
ROUTED_CONCERN = "kids on motorbikes tearing round the field in oswaldtwistle every night"


def assert_apology_with_numbers(reply: str, directory: Directory, borough: str | None) -> None:
    assert reply.count(APOLOGY) == 1, reply  # one apology, however many actions failed
    for number in apology_values(directory, borough).values():
        assert number in reply, (number, reply)
    assert "Traceback" not in reply and "Exception" not in reply


@pytest.mark.parametrize("mode", [DOWN, STALL])
def test_a_failing_action_server_gets_an_apology_within_the_timeout(
    faults: Rig, directory: Directory, mode: str
) -> None:
    sender = new_sender()
    faults.actions.switch(mode)
    started = time.monotonic()
    response = faults.say(sender, ROUTED_CONCERN)
    took = time.monotonic() - started
    assert response.status_code == 200, response.text
    assert_apology_with_numbers(texts(response.json()), directory, None)
    assert took < ACTION_TIMEOUT + 3, took  # never hangs past the stated timeout
    if mode == STALL:
        assert took >= ACTION_TIMEOUT - 0.5, took  # it waited for the action, then cut it off

    faults.actions.switch(UP)  # back, without restarting anything
    again = texts(faults.say(sender, ROUTED_CONCERN).json())
    assert "Hyndburn" in again and APOLOGY not in again


def test_the_apology_names_the_council_of_the_area_already_given(
    faults: Rig, directory: Directory
) -> None:
    sender = new_sender()
    first = faults.say(sender, "the street light on our road has been broken for weeks").json()
    routed = texts(faults.say(sender, button_payload(first, "Pendle")).json())
    assert "Lancashire County Council" in routed
    faults.actions.switch(DOWN)
    reply = texts(faults.say(sender, "someone has dumped a mattress in the back street").json())
    assert_apology_with_numbers(reply, directory, "pendle")
    assert "Pendle Borough Council" in reply and "Rossendale" not in reply


def test_danger_still_gets_999_first_when_the_action_server_is_down(faults: Rig) -> None:
    faults.actions.switch(DOWN)
    messages = faults.say(new_sender(), "help he's hitting me").json()
    assert "999" in messages[0]["text"]  # sent by Rasa itself, before the apology
    assert "press 55" in texts(messages)
    assert APOLOGY in texts(messages)


CONCERN = "my car was broken into last night outside the shops on Market Street BB4 7EX"
OFFER, ASKED, LOGGED = "log this anonymously", "what is happening", "logged anonymously"


@pytest.mark.parametrize("failing", ["yes to the offer", "the description"])
def test_a_turn_that_failed_is_not_kept_so_its_resend_carries_on_where_it_was(
    faults: Rig, failing: str
) -> None:
    """The apology asks the resident to try again: the turn it answered must leave the
    conversation where it was, or the resend is read out of place (a "yes" with no offer
    pending, a description taken for a new concern) and the concern is never logged."""
    before = concern_count(faults.database_url)
    sender = new_sender()
    offer = faults.say(sender, CONCERN).json()
    assert OFFER in texts(offer)
    steps = {
        "yes to the offer": (button_payload(offer, "Yes, log it"), ASKED),
        "the description": ("the back window smashed", LOGGED),
    }
    for step, (message, wanted) in steps.items():
        if step == failing:
            faults.actions.switch(DOWN)
            assert APOLOGY in texts(faults.say(sender, message).json())
            faults.actions.switch(UP)
        reply = texts(faults.say(sender, message).json())
        assert wanted in reply and APOLOGY not in reply, (step, reply)
    assert concern_count(faults.database_url) - before == 1
