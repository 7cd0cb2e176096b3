"""Opening hours with a fixed clock: the assistant says when a line it gives is closed now, and
gives the line that is open. London time, England's bank holidays, both clock changes."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.routing.advice import closed_note, route_text
from bot.routing.directory import Directory
from bot.routing.opening import LONDON, Opening, is_bank_holiday, next_opening, state

VICTIM_SUPPORT = "0808 168 9111"


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def note(directory: Directory, contact_id: str, moment: datetime) -> str | None:
    return closed_note(directory, directory.contacts[contact_id], moment)


def test_every_phone_line_the_assistant_gives_has_its_hours_as_data(
    directory: Directory,
) -> None:
    for contact_id, contact in directory.contacts.items():
        if contact.said_phone:
            assert contact.opening is not None, contact_id


def test_weekday_daytime_victim_services_is_open_and_nothing_is_added(
    directory: Directory,
) -> None:
    wednesday = london(2026, 12, 2, 10, 0)
    assert note(directory, "lancashire_victim_services", wednesday) is None
    text = route_text(directory, "victim_support", None, moment=wednesday)
    assert "0300 323 0085" in text and "Monday to Friday, 8am to 8pm" in text
    assert "closed now" not in text and VICTIM_SUPPORT not in text


def test_weekday_evening_says_closed_and_gives_victim_support(directory: Directory) -> None:
    evening = london(2026, 12, 2, 20, 30)
    said = note(directory, "lancashire_victim_services", evening)
    assert said is not None
    assert "The phone line for Lancashire Victim Services is closed now" in said
    assert "tomorrow at 8am" in said and VICTIM_SUPPORT in said
    assert said in route_text(directory, "victim_support", None, moment=evening)


def test_the_weekend_gives_monday_and_the_out_of_hours_line(directory: Directory) -> None:
    saturday = london(2026, 12, 5, 11, 0)
    said = note(directory, "lancashire_victim_services", saturday)
    assert said is not None and "on Monday at 8am" in said and VICTIM_SUPPORT in said


def test_a_bank_holiday_is_never_guessed_and_the_out_of_hours_line_is_given(
    directory: Directory,
) -> None:
    boxing_day_substitute = london(2026, 12, 28, 10, 0)  # Monday, England bank holiday
    assert is_bank_holiday(boxing_day_substitute.date())
    # Lancashire Victim Services publishes no bank-holiday hours: "may be closed", never "closed".
    said = note(directory, "lancashire_victim_services", boxing_day_substitute)
    assert said is not None and "may be closed" in said and "closed now" not in said
    assert VICTIM_SUPPORT in said
    # A line open every day, bank holidays too, is open.
    assert note(directory, "lcc_childrens_social_care", boxing_day_substitute) is None
    # The day after, an ordinary Tuesday, it is open.
    assert note(directory, "lancashire_victim_services", london(2026, 12, 29, 10, 0)) is None


def test_a_bank_holiday_with_unpublished_hours_is_said_plainly(directory: Directory) -> None:
    good_friday = london(2026, 4, 3, 12, 0)
    assert is_bank_holiday(good_friday.date())
    said = note(directory, "nspcc", good_friday)
    assert said is not None and "bank holiday" in said and "may be closed" in said


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Spring forward: Sunday 29 March 2026 at 01:00 UTC. NSPCC weekends 9am to 6pm.
        (utc(2026, 3, 22, 17, 30), "open"),  # 17:30 GMT
        (utc(2026, 3, 29, 17, 30), "closed"),  # 18:30 BST
        (utc(2026, 3, 29, 8, 30), "open"),  # 09:30 BST, though 08:30 in UTC
        # Fall back: Sunday 25 October 2026. Monday 26th 07:30 UTC is 07:30 GMT: closed.
        (utc(2026, 10, 19, 7, 30), "open"),  # Monday 19th, 08:30 BST
        (utc(2026, 10, 26, 7, 30), "closed"),  # Monday 26th, 07:30 GMT
    ],
)
def test_the_clock_changes_are_london_time(
    directory: Directory, moment: datetime, expected: str
) -> None:
    assert state(directory.contacts["nspcc"].opening, moment, directory.opening_of) == expected


def test_out_of_hours_lines_are_open_exactly_when_the_day_line_is_closed(
    directory: Directory,
) -> None:
    pairs = [
        ("lancashire_victim_services", "victim_support_out_of_hours"),
        ("lcc_childrens_social_care", "lcc_childrens_out_of_hours"),
        ("bwd_childrens_social_care", "bwd_childrens_out_of_hours"),
        ("forced_marriage_unit", "fcdo_out_of_hours"),
        ("rossendale_housing", "rossendale_housing_out_of_hours"),
    ]
    moments = [london(2026, 12, 21 + d, h, 15) for d in range(8) for h in range(0, 24, 3)]
    for day_line, night_line in pairs:
        for moment in moments:
            day = state(directory.contacts[day_line].opening, moment, directory.opening_of)
            night = state(directory.contacts[night_line].opening, moment, directory.opening_of)
            if day == "unknown":  # a bank holiday whose hours are not published
                assert is_bank_holiday(moment.date()) and night == "unknown"
                continue
            assert {day, night} == {"open", "closed"}, (day_line, moment)


def test_every_line_with_hours_has_an_open_alternative_or_says_when_it_opens(
    directory: Directory,
) -> None:
    moments = [london(2026, 12, 21 + d, h, 5) for d in range(8) for h in range(24)]
    for contact_id, contact in directory.contacts.items():
        if not (contact.said_phone and contact.opening and contact.opening.hours):
            continue
        for moment in moments:
            said = note(directory, contact_id, moment)
            if said and "closed now" in said:
                assert "opens again" in said or "call" in said, (contact_id, moment, said)


def test_children_services_at_night_give_the_night_line(directory: Directory) -> None:
    night = london(2026, 12, 2, 23, 0)
    text = route_text(directory, "child_exploitation", "burnley", moment=night)
    assert "0300 123 6720" in text and "closed now" in text and "0300 123 6722" in text
    text = route_text(directory, "child_exploitation", "blackburn_with_darwen", moment=night)
    assert "01254 666400" in text and "01254 587547" in text


def test_hours_are_written_from_the_data(directory: Directory) -> None:
    assert directory.contacts["nspcc"].hours == (
        "Monday to Friday, 8am to 10pm and Saturday and Sunday, 9am to 6pm"
    )
    assert directory.contacts["bwd_childrens_social_care"].hours == (
        "Monday to Friday, 8:45am to 5pm"
    )


def test_next_opening_skips_a_bank_holiday() -> None:
    opening = Opening(hours={"mon-fri": ["09:00-17:00"]}, bank_holidays="closed")
    christmas_eve_evening = london(2026, 12, 24, 18, 0)  # Thursday; 25th and 28th are holidays
    assert next_opening(opening, christmas_eve_evening) == london(2026, 12, 29, 9, 0)


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"always": True, "unknown": True},
        {"hours": {"mon-fri": ["09:00-17:00"]}},  # bank holidays not said
        {"hours": {"fri-mon": ["09:00-17:00"]}, "bank_holidays": "closed"},
        {"hours": {"mon": ["17:00-09:00"]}, "bank_holidays": "closed"},
        {"hours": {"mon-fri": ["9-5"]}, "bank_holidays": "closed"},
        {"hours": {"daily": ["09:00-17:00"], "sat": ["10:00-12:00"]}, "bank_holidays": "closed"},
    ],
)
def test_bad_opening_data_is_refused_on_load(bad: dict) -> None:
    with pytest.raises(ValueError):
        Opening.parse_obj(bad)


def test_only_a_published_bank_holiday_closure_is_said(directory: Directory) -> None:
    words = directory.words
    assert words is not None
    published = Opening(hours={"mon-fri": ["09:00-17:00"]}, bank_holidays="closed")
    unknown = Opening(hours={"mon-fri": ["09:00-17:00"]}, bank_holidays="unknown")
    assert words.hours_text(published) == "Monday to Friday, 9am to 5pm, not on bank holidays"
    assert words.hours_text(unknown) == "Monday to Friday, 9am to 5pm"
