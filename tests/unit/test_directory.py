"""The routing directory: complete, sourced, dated, and routing by category then place."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from bot.routing.directory import Directory

LANCASHIRE_DISTRICTS = ("burnley", "hyndburn", "pendle", "rossendale")
# Two-tier roles: county council in the four Lancashire districts, the unitary council in BwD.
COUNTY_ROLES = ("highways", "parking")
BOROUGH_ROLES = ("asb_neighbour", "noise", "fly_tipping", "graffiti")


def test_five_boroughs_with_their_ons_codes(directory: Directory) -> None:
    codes = {bid: borough.gss_code for bid, borough in directory.boroughs.items()}
    assert codes == {
        "blackburn_with_darwen": "E06000008",
        "burnley": "E07000117",
        "hyndburn": "E07000120",
        "pendle": "E07000122",
        "rossendale": "E07000125",
    }


def test_every_concern_has_a_route_in_every_borough(directory: Directory) -> None:
    for concern_id, borough_id in itertools.product(directory.concerns, directory.boroughs):
        route = directory.route(concern_id, borough_id)
        assert route.contacts, (concern_id, borough_id)
        assert not route.local_missing, (concern_id, borough_id)
        assert all(contact.render().strip() for contact in route.contacts)


def test_help_first_concerns_have_help_that_needs_no_area(directory: Directory) -> None:
    help_first = [cid for cid, concern in directory.concerns.items() if concern.help_first]
    assert {"domestic_abuse", "rough_sleeping"} <= set(help_first)
    for concern_id in help_first:
        assert directory.route(concern_id, None).contacts, concern_id


def test_every_contact_has_a_source_and_a_check_date(directory: Directory) -> None:
    for contact_id, contact in directory.contacts.items():
        assert contact.source and all(s.startswith(("https://", "http://")) for s in contact.source)
        assert date(2000, 1, 1) < contact.checked <= date.today(), contact_id


@pytest.mark.parametrize("role", COUNTY_ROLES)
def test_highways_and_parking_follow_the_two_tier_rule(directory: Directory, role: str) -> None:
    county = {directory.boroughs[b].roles[role] for b in LANCASHIRE_DISTRICTS}
    unitary = directory.boroughs["blackburn_with_darwen"].roles[role]
    assert len(county) == 1, f"{role} must be one county body across the four districts"
    (county_contact,) = county
    assert "Lancashire County Council" in directory.contacts[county_contact].name
    assert "Blackburn with Darwen" in directory.contacts[unitary].name


@pytest.mark.parametrize("role", BOROUGH_ROLES)
def test_nuisance_goes_to_each_borough_council(directory: Directory, role: str) -> None:
    contacts = {bid: directory.contacts[b.roles[role]] for bid, b in directory.boroughs.items()}
    for bid, contact in contacts.items():
        assert "Lancashire County Council" not in contact.name, (bid, role)
    assert len({c.name for c in contacts.values()}) == len(contacts), f"{role}: one per borough"


def test_the_four_named_concerns_reach_their_specialist_routes(directory: Directory) -> None:
    def web_and_phones(concern_id: str, borough_id: str) -> str:
        route = directory.route(concern_id, borough_id)
        return " ".join(contact.render() for contact in route.contacts)

    assert "report-it.org.uk" in web_and_phones("hate_crime", "burnley")
    assert "101" in web_and_phones("hate_crime", "burnley")
    assert "101" in web_and_phones("asb", "pendle")
    assert "streetlink" in web_and_phones("rough_sleeping", "hyndburn").lower()
    assert "lancsroadsafety.co.uk" in web_and_phones("road_speeding", "rossendale")
    assert "blackburn.gov.uk" in web_and_phones("road_highway_defect", "blackburn_with_darwen")


def test_every_concern_maps_to_a_strategy_priority(directory: Directory) -> None:
    assert {concern.priority for concern in directory.concerns.values()} <= {1, 2, 3, 4, 5}
