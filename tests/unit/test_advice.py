"""Which parts of the advice are said, in which order: the decisions, independent of wording."""

from __future__ import annotations

from bot.places.locate import OUTSIDE
from bot.routing.advice import advise, route_stands
from bot.routing.directory import Directory


def test_known_borough_gets_the_whole_route(directory: Directory) -> None:
    advice = advise(directory, "asb", "burnley")
    assert advice.route_text and not advice.ask_area and not advice.outside_area


def test_unknown_area_is_asked_before_a_council_route(directory: Directory) -> None:
    advice = advise(directory, "noise", None)
    assert advice.route_text is None and advice.ask_area


def test_help_first_concerns_give_help_then_ask(directory: Directory) -> None:
    advice = advise(directory, "domestic_abuse", None)
    assert advice.route_text and advice.ask_area and advice.danger_first


def test_concerns_with_no_local_part_never_ask(directory: Directory) -> None:
    advice = advise(directory, "modern_slavery", None)
    assert advice.route_text and not advice.ask_area


def test_outside_gets_the_wider_routes_and_no_question(directory: Directory) -> None:
    advice = advise(directory, "hate_crime", OUTSIDE)
    assert advice.outside_area and advice.route_text and not advice.ask_area


def test_after_an_emergency_the_999_line_is_not_repeated(directory: Directory) -> None:
    assert not advise(directory, "domestic_abuse", None, after_emergency=True).danger_first


def test_a_route_stands_for_the_same_place_or_where_no_borough_changes_it(
    directory: Directory,
) -> None:
    assert route_stands(directory, "noise", "burnley", "burnley")
    assert not route_stands(directory, "noise", "pendle", "burnley")  # a council route
    assert route_stands(directory, "victim_support", "burnley", None)  # county-wide
    assert not route_stands(directory, "victim_support", OUTSIDE, None)  # says it is outside
