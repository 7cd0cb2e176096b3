"""Postcodes found in text and resolved offline from the ONS directory the project installs."""

from __future__ import annotations

import pytest

from bot.places.postcodes import find_partial_postcodes, find_postcodes, postcode_directory

BLACKBURN_WITH_DARWEN = "E06000008"
BURNLEY = "E07000117"
HYNDBURN = "E07000120"
PENDLE = "E07000122"
ROSSENDALE = "E07000125"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("there's a problem near BB4 7EX", ["BB4 7EX"]),
        ("bb101rj", ["BB10 1RJ"]),
        ("OL12 8SD and also bb5  2aa", ["OL12 8SD", "BB5 2AA"]),
        ("my postcode is BB18 5AA.", ["BB18 5AA"]),
        ("no postcode here, just the A56 and the M65", []),
        ("XBB4 7EXX", []),
    ],
)
def test_full_postcodes_are_found_in_any_form(text: str, expected: list[str]) -> None:
    assert [m.text for m in find_postcodes(text)] == expected


def test_partial_postcodes_are_found_only_where_no_full_postcode_is() -> None:
    found = find_partial_postcodes("somewhere in BB5 2 or maybe BB3, not BB4 7EX")
    assert [(m.text, m.kind) for m in found] == [("BB5 2", "sector"), ("BB3", "district")]


@pytest.mark.parametrize(
    ("postcode", "authority"),
    [
        ("BB1 1AA", BLACKBURN_WITH_DARWEN),
        ("BB3 1AA", BLACKBURN_WITH_DARWEN),  # Darwen
        ("BL7 0AA", BLACKBURN_WITH_DARWEN),  # Edgworth, in a Bolton-led district
        ("BB10 1RJ", BURNLEY),
        ("BB11 1AA", BURNLEY),
        ("BB5 0AA", HYNDBURN),
        ("BB5 2AA", HYNDBURN),
        ("BB6 7AA", HYNDBURN),
        ("BB9 7AA", PENDLE),
        ("BB8 0AA", PENDLE),
        ("BB18 5AA", PENDLE),
        ("BB4 7EX", ROSSENDALE),
        ("BB5 2AJ", ROSSENDALE),  # same sector as BB5 2AA, other council
        ("BL0 0AF", ROSSENDALE),  # Edenfield, in a Bury-led district
        ("OL12 8SD", ROSSENDALE),  # Whitworth, in a Rochdale-led district
        ("OL13 9HJ", ROSSENDALE),
        ("BL0 0AA", "E08000002"),  # Bury
        ("PR1 1AA", "E07000123"),  # Preston
        ("M1 1AE", "E08000003"),  # Manchester
    ],
)
def test_full_postcode_resolves_to_its_council(postcode: str, authority: str) -> None:
    assert postcode_directory().authority(postcode) == authority


def test_unknown_postcode_resolves_to_nothing() -> None:
    assert postcode_directory().authority("BB4 9ZZ") is None
    assert postcode_directory().authority("1234") is None


@pytest.mark.parametrize(
    ("part", "authorities"),
    [
        ("BB5 2", {HYNDBURN, ROSSENDALE}),
        ("BL0 0", {ROSSENDALE, "E08000002"}),
        ("BL7 0", {BLACKBURN_WITH_DARWEN, "E08000001"}),
        ("BB10 2", {BURNLEY, PENDLE}),
        ("BB3 1", {BLACKBURN_WITH_DARWEN}),
        ("BB4 7", {ROSSENDALE}),
        ("BB4", {ROSSENDALE}),
        ("OL13", {ROSSENDALE}),
    ],
)
def test_sectors_and_districts_know_every_council_they_span(part: str, authorities: set) -> None:
    assert postcode_directory().authorities_of_part(part) == authorities
