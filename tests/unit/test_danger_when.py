"""When a message's danger happens: each danger phrase takes its time from the nearest words
that say when (bot/safety/when.py), not from a date anywhere in the message."""

from __future__ import annotations

import re

import pytest

from bot.language.text import fold
from bot.safety.danger import danger_check
from bot.safety.when import FoldedClauses, Marker, Timeline, clauses
from tests.conftest import TEST_DATA, lines_of


def test_clauses_end_at_stops_and_commas_in_every_script() -> None:
    assert clauses("he hit me. that was, last year") == ["he hit me", " that was", " last year"]
    assert len(clauses("ও আমাকে মেরেছে। গত বছর")) == 2
    assert len(clauses("اس نے مارا۔ پچھلے سال، اب")) == 3


def test_folded_clauses_fold_as_the_whole_message_and_keep_where_clauses_begin() -> None:
    message = FoldedClauses("He's got a KNIFE!! We split up... last year, honestly")
    assert message.text == fold("He's got a KNIFE!! We split up... last year, honestly")
    assert message.starts == [0, 16, 28, 38]
    # a phrase cut out moves the clause starts after it, and one inside it to its space
    assert message.cut(re.compile("we split up"))
    assert message.text == "hes got a knife   last year honestly"
    assert message.starts == [0, 16, 18, 28]
    assert not message.cut(re.compile("nobody hurt"))


def test_no_marker_is_now_and_a_past_one_alone_is_not() -> None:
    assert Timeline([], [0]).is_now(0, 5)
    assert not Timeline([], [0]).says_not_now()
    past = Timeline([Marker(10, 19, now=False)], [0])
    assert not past.is_now(0, 5)
    assert past.says_not_now()


def test_the_nearest_marker_in_the_sentence_speaks_and_a_tie_is_now() -> None:
    # "he hit me [last year] and [now] he is [outside with a bat]"
    timeline = Timeline([Marker(10, 19, now=False), Marker(24, 27, now=True)], [0])
    assert not timeline.is_now(0, 9)
    assert timeline.is_now(34, 52)
    assert timeline.is_now(19, 24)  # as near to both
    assert not timeline.says_not_now()


def test_a_clause_with_no_marker_takes_the_story_time_before_it_else_after_it() -> None:
    # clauses begin at 0, 20 and 40; markers in the first and the last
    timeline = Timeline([Marker(5, 10, now=True), Marker(45, 50, now=False)], [0, 20, 40])
    assert timeline.is_now(22, 30)  # the clause before it says now
    only_after = Timeline([Marker(45, 50, now=False)], [0, 20, 40])
    assert not only_after.is_now(22, 30)  # "He hit me. That was last year."


@pytest.mark.parametrize(
    "text",
    [
        "he broke my arm last year and now hes outside the house with a baseball bat",
        "we split up in 2019. tonight hes outside my door with a knife",
        "hes got a knife and hes going to kill me, he was done for assault a few years ago",
        "my ex beat me two years ago. hes back again and hes got a knife",
    ],
)
def test_danger_now_beside_a_past_event_gets_999(text: str) -> None:
    assert danger_check().check(text) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "my dad had a heart attack last year, now he wants to volunteer with the neighbourhood watch",
        "last year he strangled me. now im settled in a refuge and want to know about court",
        "our garage was set on fire last month, now the insurer wants a crime number",
        "He hit me. That was a couple of years ago and I want to talk to someone about it.",
    ],
)
def test_now_in_a_sentence_about_something_else_does_not_bring_a_past_event_back(
    text: str,
) -> None:
    assert danger_check().check(text) is None, text


def test_self_harm_is_never_set_aside_by_a_date() -> None:
    found = danger_check().check("i tried to kill myself last year and i want to end my life")
    assert found is not None and found.kind == "self_harm"


def test_folding_clause_by_clause_reads_every_phrase_file_as_folding_the_whole() -> None:
    files = sorted(TEST_DATA.glob("*.txt"))
    messages = [line for path in files for line in lines_of(path.name)]
    assert len(messages) > 1000
    assert [FoldedClauses(m).text for m in messages] == [fold(m) for m in messages]
