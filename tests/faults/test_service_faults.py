"""The apology's numbers (bot/routing/service_faults.py), composed from the routing directory."""

from __future__ import annotations

from bot.routing.directory import Directory
from bot.routing.service_faults import apology_text, apology_values, council_phones


def test_the_council_of_the_area_when_it_is_known(directory: Directory) -> None:
    assert council_phones(directory, "burnley") == "Burnley Borough Council on 01282 425011"


def test_a_council_whose_number_is_unconfirmed_is_given_by_its_site(directory: Directory) -> None:
    # contacts-check-2026-12.md found no current page with Pendle's 01282 661661.
    assert (
        council_phones(directory, "pendle")
        == "Pendle Borough Council at https://www.pendle.gov.uk/"
    )


def test_every_council_when_the_area_is_unknown_or_outside(directory: Directory) -> None:
    for borough in (None, "outside"):
        line = council_phones(directory, borough)
        for b in directory.boroughs.values():
            assert b.name in line
            council = directory.contacts[b.roles["council"]]
            assert (council.said_phone or council.web) in line
            if council.phone and not council.said_phone:
                assert council.phone not in line


def test_999_and_101_come_from_the_directory(directory: Directory) -> None:
    values = apology_values(directory, None)
    assert values["emergency_phone"] == directory.contacts["police_999"].phone == "999"
    assert values["police_phone"] == directory.contacts["police_101"].phone == "101"


def test_the_filled_apology_has_no_placeholder_left() -> None:
    text = apology_text("burnley")
    assert "{" not in text and "999" in text and "101" in text and "01282 425011" in text
