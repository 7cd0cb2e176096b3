"""Where is the resident: postcodes, borough names, the gazetteer, and honest doubt."""

from __future__ import annotations

import pytest

from bot.places.locate import OUTSIDE, locator


@pytest.mark.parametrize(
    ("text", "borough"),
    [
        ("kids causing bother in Oswaldtwistle", "hyndburn"),
        ("up in Edgworth by the reservoir", "blackburn_with_darwen"),
        ("it's on the main road in waterfoot", "rossendale"),
        ("Barlick", "pendle"),
        ("im in accy", "hyndburn"),
        ("round the back of the market in Darwen", "blackburn_with_darwen"),
        ("clayton le moors", "hyndburn"),
        ("padiham", "burnley"),
        ("Colne", "pendle"),
        ("i live in rossendale", "rossendale"),
        ("BwD", "blackburn_with_darwen"),
    ],
)
def test_places_resolve_to_their_borough(text: str, borough: str) -> None:
    assert locator().locate(text).borough == borough


@pytest.mark.parametrize(
    ("text", "borough"),
    [
        ("oswaldtwisle", "hyndburn"),
        ("rawtenstal", "rossendale"),
        ("barnoldswik", "pendle"),
    ],
)
def test_common_misspellings_still_resolve(text: str, borough: str) -> None:
    assert locator().locate(text).borough == borough


@pytest.mark.parametrize(
    ("text", "borough", "sector"),
    [
        ("BB4 7EX", "rossendale", "BB4 7"),
        ("bb101rj", "burnley", "BB10 1"),
        ("OL12 8SD", "rossendale", "OL12 8"),
        ("near BB5 2AJ", "rossendale", "BB5 2"),
        ("near BB5 2AA", "hyndburn", "BB5 2"),
    ],
)
def test_full_postcode_wins_and_only_the_sector_is_kept(
    text: str, borough: str, sector: str
) -> None:
    location = locator().locate(text)
    assert (location.borough, location.how, location.sector) == (borough, "postcode", sector)


def test_postcode_beats_a_place_name_in_the_same_message() -> None:
    assert locator().locate("Accrington way, BB4 7EX").borough == "rossendale"


@pytest.mark.parametrize("text", ["somewhere in BB5 2", "BL0 0", "BL7 0", "BB10 2", "BB1 2"])
def test_straddling_sectors_are_not_guessed(text: str) -> None:
    assert not locator().locate(text).known


@pytest.mark.parametrize(
    ("text", "borough"), [("BB4 7", "rossendale"), ("BB3", "blackburn_with_darwen")]
)
def test_sectors_and_districts_inside_one_council_are_used(text: str, borough: str) -> None:
    assert locator().locate(text).borough == borough


@pytest.mark.parametrize(
    ("text", "place"),
    [("in Preston", "Preston"), ("it's in bury", "Bury"), ("Clitheroe town centre", "Clitheroe")],
)
def test_places_outside_the_five_boroughs_are_recognised(text: str, place: str) -> None:
    location = locator().locate(text)
    assert (location.borough, location.place) == (OUTSIDE, place)
    assert location.council


def test_postcode_outside_the_area_is_outside() -> None:
    assert locator().locate("PR1 1AA").borough == OUTSIDE


@pytest.mark.parametrize(
    "text",
    [
        "the church on my road has graffiti on it",
        "speeding on the M6 and the A56",
        "my neighbour plays loud music",
        "",
    ],
)
def test_ordinary_words_and_roads_are_not_places(text: str) -> None:
    assert not locator().locate(text).known


def test_a_common_word_village_is_found_when_named_as_a_place() -> None:
    assert locator().locate("I live in Church near Accrington").borough == "hyndburn"


def test_an_ordinary_place_name_wins_over_a_common_word_one() -> None:
    assert locator().locate("kids outside St Mary's Church on Blackburn Road").borough == (
        "blackburn_with_darwen"
    )
