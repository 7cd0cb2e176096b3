"""ASB's first contact by kind, through the whole system: the words of the first message still
count when the area is only given in the next one (a button press)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Chat, button_payload, button_titles, texts

pytestmark = pytest.mark.e2e


def test_a_neighbour_is_sent_to_the_council_after_the_area_is_chosen(chat: Chat) -> None:
    first = chat.say(
        "the people next door are intimidating us, anti-social behaviour day in day out from them"
    )
    assert "Pendle" in button_titles(first)
    reply = texts(chat.say(button_payload(first, "Pendle")))
    assert "Environmental Health" in reply and "Is it a neighbour" in reply
    assert "public place" not in reply  # the other kind is not offered
    assert "01282 661199" not in reply  # Pendle's noise number is unconfirmed: never said
    assert "Anti-social behaviour can wear you down" in reply
    assert reply.index("Environmental Health") < reply.index("ASB case review")


def test_trouble_in_a_public_place_goes_to_the_police_first(chat: Chat) -> None:
    reply = texts(chat.say("gangs of youths on bikes causing trouble in the park in Burnley"))
    assert "public place" in reply and "Lancashire Police on 101" in reply
    assert "Is it a neighbour" not in reply
    assert reply.index("Lancashire Police on 101") < reply.index("01282 425011")
