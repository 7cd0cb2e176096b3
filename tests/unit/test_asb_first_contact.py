"""Anti-social behaviour: the first contact by kind, as each council publishes it
(contacts-check-2026-12.md): public places -> the police on 101; neighbours and noise -> the
council; a problem that goes on -> the borough's ASB case review, in one sentence."""

from __future__ import annotations

import pytest

from bot.routing.advice import route_text
from bot.routing.directory import Directory

BOROUGHS = ("blackburn_with_darwen", "burnley", "hyndburn", "pendle", "rossendale")
NEIGHBOUR_CONTACT = {
    "blackburn_with_darwen": "bwd_asb",
    "burnley": "burnley_noise",
    "hyndburn": "hyndburn_noise",
    "pendle": "pendle_noise",
    "rossendale": "rossendale_noise",
}
CASE_REVIEW = {
    "blackburn_with_darwen": ("bwd_asb_case_review", "MyBwD"),
    "burnley": ("burnley_asb_case_review", "01282 425011"),
    "hyndburn": ("hyndburn_asb_case_review", "communitytrigger@hyndburnbc.gov.uk"),
    "pendle": ("pendle_asb_case_review", "07969 885265"),
    "rossendale": ("rossendale_asb_case_review", "01706 217777"),
}
BEGGING_FIRST = {
    "blackburn_with_darwen": "bwd_asb",  # BwD's page names the council first for begging
    "burnley": "police_101",
    "hyndburn": "hyndburn_community_safety",  # Hyndburn's page: the police on 101
    "pendle": "police_101",
    "rossendale": "police_101",
}
PUBLIC = "gangs of youths on bikes shouting in the park every night"
NEIGHBOUR = "my neighbour plays loud music until 3am"
UNCLEAR = "there's a lot of anti-social behaviour round here"
GOES_ON = "I've reported it five times and nothing has been done"


def first_ids(directory: Directory, concern: str, borough: str, text: str) -> list[str]:
    route = directory.route(concern, borough, text)
    return [directory.contact_id(c) for c in route.sections[0].contacts]


@pytest.mark.parametrize("borough", BOROUGHS)
def test_public_places_go_to_the_police_first(directory: Directory, borough: str) -> None:
    route = directory.route("asb", borough, PUBLIC)
    assert first_ids(directory, "asb", borough, PUBLIC) == ["police_101"]
    assert "public place" in (route.sections[0].condition or "")
    said = [directory.contact_id(c) for c in route.contacts]
    assert NEIGHBOUR_CONTACT[borough] not in said
    # the case review comes last, with its condition, never as the first door
    assert route.sections[-1].contacts[0] is directory.contacts[CASE_REVIEW[borough][0]]


@pytest.mark.parametrize("borough", BOROUGHS)
def test_neighbours_and_noise_go_to_the_council_first(directory: Directory, borough: str) -> None:
    assert first_ids(directory, "asb", borough, NEIGHBOUR) == [NEIGHBOUR_CONTACT[borough]]
    contact = directory.contacts[NEIGHBOUR_CONTACT[borough]]
    assert "Police" not in contact.name
    said = [directory.contact_id(c) for c in directory.route("asb", borough, NEIGHBOUR).contacts]
    assert "police_101" not in said


@pytest.mark.parametrize("borough", BOROUGHS)
def test_unclear_gives_both_kinds_each_with_its_condition(
    directory: Directory, borough: str
) -> None:
    text = route_text(directory, "asb", borough, UNCLEAR)
    public = text.index("public place")
    police = text.index("Lancashire Police on 101")
    neighbour = text.index("Is it a neighbour")
    council = text.index(directory.contacts[NEIGHBOUR_CONTACT[borough]].render())
    case_review = text.index("ASB case review")
    assert public < police < neighbour < council < case_review


@pytest.mark.parametrize("borough", BOROUGHS)
def test_a_problem_that_goes_on_leads_with_the_boroughs_case_review(
    directory: Directory, borough: str
) -> None:
    contact_id, fact = CASE_REVIEW[borough]
    assert first_ids(directory, "asb", borough, GOES_ON) == [contact_id]
    text = route_text(directory, "asb", borough, GOES_ON)
    paragraphs = text.split("\n\n")
    assert "3 times or more in 6 months" in paragraphs[1]  # when a resident qualifies
    assert "look at your case again" in paragraphs[1]  # what it is
    assert paragraphs[1].count(". ") + paragraphs[1].count("? ") == 0  # one sentence
    assert fact in paragraphs[2]


@pytest.mark.parametrize("borough", BOROUGHS)
def test_begging_goes_first_where_the_council_publishes_it(
    directory: Directory, borough: str
) -> None:
    text = "a man begging aggressively outside the shops"
    assert first_ids(directory, "begging", borough, text)[0] == BEGGING_FIRST[borough]
    route = directory.route("begging", borough, text)
    assert route.sections[-1].contacts == (directory.contacts[CASE_REVIEW[borough][0]],)
    assert "case review" in (route.sections[-1].condition or "")


@pytest.mark.parametrize("borough", BOROUGHS)
def test_street_drinking_goes_to_the_police_first(directory: Directory, borough: str) -> None:
    assert first_ids(directory, "street_drinking", borough, "people drinking in the park") == [
        "police_101"
    ]


def test_no_case_review_line_is_given_as_a_first_report_line(directory: Directory) -> None:
    case_reviews = {cid for cid, _ in CASE_REVIEW.values()}
    for concern_id in directory.concerns:
        if concern_id == "asb_case_review":
            continue
        for borough in BOROUGHS:
            for section in directory.route(concern_id, borough, "").sections:
                ids = {directory.contact_id(c) for c in section.contacts}
                if ids & case_reviews:
                    assert section.condition and "case review" in section.condition, concern_id


def test_unconfirmed_facts_are_never_said(directory: Directory) -> None:
    unconfirmed = {
        getattr(contact, field)
        for contact in directory.contacts.values()
        for field in contact.unconfirmed
        if field != "hours" and getattr(contact, field)
    }
    confirmed_phones = {c.said_phone for c in directory.contacts.values() if c.said_phone}
    assert {"01282 661661", "01254 585585", "0300 123 6600", "01282 661199"} <= unconfirmed
    for concern_id in directory.concerns:
        for borough in [*BOROUGHS, None]:
            for text in ("", PUBLIC, NEIGHBOUR, GOES_ON):
                said = route_text(directory, concern_id, borough, text)
                for value in unconfirmed - confirmed_phones:
                    assert value not in said, (concern_id, borough, value)
