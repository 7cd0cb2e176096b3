"""Custom actions driven with rasa_sdk's own Tracker and CollectingDispatcher."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionFallback, ActionYesNo
from actions.emergency import ActionEmergencyFollowUp
from actions.routing import ASK_DANGER_NOW, ActionRouteConcern
from bot import paths
from bot.datafile import read_yaml

DOMAIN = read_yaml(paths.PROJECT_ROOT / "domain.yml")


def tracker(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    ranking: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
    }
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message=message,
        events=events or [{"event": "user", "text": text, "parse_data": message}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(
    action: Any, tracker_: Tracker, domain: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker_, domain or {})
    return dispatcher.messages, events


def responses(messages: list[dict[str, Any]]) -> list[str]:
    return [message["response"] for message in messages]


def route_of(messages: list[dict[str, Any]]) -> str:
    (route,) = [m["route"] for m in messages if m["response"] == "utter_route"]
    return route


def assert_crisis_lines_only(messages: list[dict[str, Any]]) -> None:
    """The route is the crisis lines (Samaritans, Shout) and nothing about reporting crime."""
    route = route_of(messages)
    assert "116 123" in route and "85258" in route
    assert "101" not in route and "Crimestoppers" not in route


def choice_titles(messages: list[dict[str, Any]]) -> list[str]:
    """The buttons of the one message sent: an "Is it about...?" question."""
    (choice,) = messages
    return [button["title"] for button in choice["buttons"]]


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_concern_without_area_asks_for_the_area_after_the_999_line() -> None:
    messages, events = run(
        ActionRouteConcern(), tracker("someone shouted racist abuse at me", "report_hate_crime")
    )
    assert responses(messages) == ["utter_danger_first", "utter_ask_borough"]
    assert slots_set(events) == {
        "concern": "hate_crime",
        "recurrence": "unknown",
        "log_offered": False,
    }


def test_the_999_line_is_not_said_again_when_the_area_comes() -> None:
    raised = {"intent": {"name": "report_hate_crime", "confidence": 0.9}}
    events = [
        {"event": "user", "text": "someone shouted racist abuse at me", "parse_data": raised},
        {
            "event": "bot",
            "text": "If anyone...",
            "metadata": {"utter_action": "utter_danger_first"},
        },
        {"event": "bot", "text": "Which area?", "metadata": {"utter_action": "utter_ask_borough"}},
        {"event": "user", "text": "burnley"},
    ]
    answer = tracker(
        "burnley",
        "inform_location",
        entities=[{"entity": "borough", "value": "burnley"}],
        slots={"concern": "hate_crime"},
        events=events,
    )
    messages, _ = run(ActionRouteConcern(), answer)
    assert responses(messages) == ["utter_route", "utter_offer_log"]


def test_a_new_concern_gets_its_own_999_line() -> None:
    earlier = {"intent": {"name": "report_hate_crime", "confidence": 0.9}}
    later = {"intent": {"name": "report_county_lines", "confidence": 0.9}}
    events = [
        {"event": "user", "text": "racist abuse in the street", "parse_data": earlier},
        {
            "event": "bot",
            "text": "If anyone...",
            "metadata": {"utter_action": "utter_danger_first"},
        },
        {
            "event": "user",
            "text": "and there are kids dealing from the flat next door",
            "parse_data": later,
        },
    ]
    messages, _ = run(
        ActionRouteConcern(),
        tracker(
            "and there are kids dealing from the flat next door",
            "report_county_lines",
            slots={"borough": "burnley"},
            events=events,
        ),
    )
    assert responses(messages)[0] == "utter_danger_first"


def test_borough_button_completes_the_pending_route() -> None:
    button = tracker(
        '/inform_location{"borough":"burnley"}',
        "inform_location",
        entities=[{"entity": "borough", "value": "burnley"}],
        slots={"concern": "hate_crime"},
    )
    messages, events = run(ActionRouteConcern(), button)
    assert responses(messages) == ["utter_danger_first", "utter_route", "utter_offer_log"]
    route = route_of(messages)
    assert "report-it.org.uk" in route and "101" in route
    assert "Burnley" in route
    assert slots_set(events)["borough"] == "burnley"


def test_place_in_the_message_routes_straight_away() -> None:
    messages, events = run(
        ActionRouteConcern(),
        tracker("lads on motorbikes tearing round Oswaldtwistle", "report_asb"),
    )
    assert responses(messages) == ["utter_route", "utter_offer_log"]
    assert "Hyndburn" in route_of(messages)
    assert slots_set(events) == {
        "borough": "hyndburn",
        "place": "Oswaldtwistle",
        "sector": None,
        "concern": "asb",
        "recurrence": "unknown",
        "log_offered": True,
    }


def test_pothole_by_postcode_goes_to_the_county_in_rossendale() -> None:
    messages, events = run(
        ActionRouteConcern(), tracker("pothole outside BB4 7EX", "report_highway_defect")
    )
    assert "Lancashire County Council" in route_of(messages)
    assert slots_set(events)["sector"] == "BB4 7"


def test_pothole_in_blackburn_goes_to_the_unitary_council() -> None:
    messages, _ = run(
        ActionRouteConcern(), tracker("huge pothole in darwen", "report_highway_defect")
    )
    route = route_of(messages)
    assert "Blackburn with Darwen" in route and "Lancashire County Council" not in route


def test_place_outside_the_area_is_named_and_still_gets_wider_routes() -> None:
    messages, events = run(
        ActionRouteConcern(), tracker("drug dealing in preston", "report_drug_dealing")
    )
    assert responses(messages) == ["utter_outside_area", "utter_route", "utter_offer_log"]
    assert messages[0]["place"] == "Preston"
    assert "101" in route_of(messages)
    assert slots_set(events)["borough"] == "outside"


def test_straddling_sector_is_not_guessed() -> None:
    messages, _ = run(ActionRouteConcern(), tracker("fly tipping near BB5 2", "report_fly_tipping"))
    assert responses(messages) == ["utter_ask_borough"]


def asked_danger_then(answer: str, intent: str, concern: str) -> Tracker:
    """The resident's answer to "is anyone hurt or in danger right now?"."""
    events = [
        {"event": "user", "text": "my partner controls everything i do"},
        {"event": "bot", "text": "Is anyone...", "metadata": {"utter_action": ASK_DANGER_NOW}},
        {"event": "user", "text": answer},
    ]
    return tracker(answer, intent, slots={"concern": concern}, events=events)


def test_domestic_abuse_asks_about_danger_now_before_the_route() -> None:
    messages, events = run(
        ActionRouteConcern(),
        tracker("my partner controls everything i do", "report_domestic_abuse"),
    )
    assert responses(messages) == [ASK_DANGER_NOW]
    assert slots_set(events)["concern"] == "domestic_abuse"


def test_domestic_abuse_help_does_not_wait_for_the_area() -> None:
    messages, _ = run(ActionYesNo(), asked_danger_then("no", "deny", "domestic_abuse"))
    assert responses(messages) == ["utter_danger_first", "utter_route", "utter_ask_borough"]
    assert "0808 2000 247" in route_of(messages)


def test_yes_to_the_danger_question_gets_999_first_then_help_without_an_offer_to_log() -> None:
    messages, events = run(ActionYesNo(), asked_danger_then("yes", "affirm", "domestic_abuse"))
    assert responses(messages)[0] == "utter_emergency"
    assert "0808 2000 247" in route_of(messages)
    assert "utter_offer_log" not in responses(messages)
    assert slots_set(events)["log_offered"] is False


def test_a_short_no_with_nothing_asked_asks_what_the_resident_wants_to_tell() -> None:
    messages, _ = run(ActionYesNo(), tracker("nah", "deny"), DOMAIN)
    assert responses(messages) == ["utter_affirm_without_context"]


def test_a_long_message_read_as_no_is_offered_the_concerns_behind_it() -> None:
    text = "i dont want to go on about it but i keep hurting my arms when it gets bad at night"
    ranking = [
        {"name": "deny", "confidence": 0.85},
        {"name": "ask_mental_health_help", "confidence": 0.1},
        {"name": "report_domestic_abuse", "confidence": 0.05},
    ]
    messages, _ = run(ActionYesNo(), tracker(text, "deny", ranking=ranking), DOMAIN)
    assert "utter_affirm_without_context" not in [m.get("response") for m in messages]
    titles = choice_titles(messages)
    assert titles[0] == "A mental health crisis" and "Something else" in titles


def test_a_message_that_says_nobody_was_hurt_is_not_asked_about_danger() -> None:
    messages, _ = run(
        ActionRouteConcern(),
        tracker("someone punched me last week, nobody was hurt badly", "report_violence"),
    )
    assert ASK_DANGER_NOW not in responses(messages)
    assert "utter_route" in responses(messages)


def test_an_unsure_concern_is_offered_as_choices_never_guessed() -> None:
    ranking = [
        {"name": "report_asb", "confidence": 0.4},
        {"name": "report_noise", "confidence": 0.35},
        {"name": "greet", "confidence": 0.1},
    ]
    messages, events = run(
        ActionRouteConcern(),
        tracker("theyre at it again next door", "report_asb", ranking=ranking),
        DOMAIN,
    )
    titles = choice_titles(messages)
    assert titles == ["Anti-social behaviour", "Noise", "Something else"]
    assert "concern" not in slots_set(events)


def test_a_place_typed_while_the_offer_is_pending_does_not_repeat_the_route() -> None:
    place = tracker(
        "its in burnley",
        "inform_location",
        entities=[{"entity": "borough", "value": "burnley"}],
        slots={"concern": "noise", "borough": "burnley", "log_offered": True},
    )
    messages, _ = run(ActionRouteConcern(), place)
    assert responses(messages) == ["utter_offer_still_open"]


def test_a_borough_typed_after_a_county_wide_route_does_not_repeat_it() -> None:
    """Victim support is the same in every borough: a borough typed while the offer to log is
    pending changes nothing, so the route is not given again (it was, in full, before
    2026-12-06). The borough is still kept, for the log."""
    place = tracker(
        "burnley",
        "inform_location",
        entities=[{"entity": "borough", "value": "burnley"}],
        slots={"concern": "victim_support", "log_offered": True},
    )
    messages, events = run(ActionRouteConcern(), place)
    assert responses(messages) == ["utter_offer_still_open"]
    assert slots_set(events)["borough"] == "burnley"


def test_a_new_place_while_the_offer_is_pending_gets_that_places_route() -> None:
    place = tracker(
        "sorry i meant pendle",
        "inform_location",
        entities=[{"entity": "borough", "value": "pendle"}],
        slots={"concern": "noise", "borough": "burnley", "log_offered": True},
    )
    messages, _ = run(ActionRouteConcern(), place)
    assert "Pendle" in route_of(messages)


def test_area_without_a_concern_asks_what_the_concern_is() -> None:
    messages, events = run(ActionRouteConcern(), tracker("I'm in Bacup", "inform_location"))
    assert responses(messages) == ["utter_ask_concern"]
    assert slots_set(events)["borough"] == "rossendale"


def test_remembered_area_is_used_for_a_later_concern() -> None:
    later = tracker("there's graffiti everywhere", "report_graffiti", slots={"borough": "pendle"})
    messages, _ = run(ActionRouteConcern(), later)
    assert responses(messages) == ["utter_route", "utter_offer_log"]
    assert "Pendle" in route_of(messages)


def test_emergency_follow_up_adds_nothing_when_unsure_of_the_concern_behind() -> None:
    ranking = [
        {"name": "emergency", "confidence": 0.6},
        {"name": "report_domestic_abuse", "confidence": 0.2},
        {"name": "report_violence", "confidence": 0.15},
    ]
    messages, _ = run(
        ActionEmergencyFollowUp(), tracker("help he's hitting me", "emergency", ranking=ranking)
    )
    assert responses(messages) == ["utter_tell_more_when_safe"]  # no door: say more once safe


def test_emergency_follow_up_adds_the_concern_behind_the_danger() -> None:
    ranking = [
        {"name": "report_domestic_abuse", "confidence": 0.8},
        {"name": "emergency", "confidence": 0.1},
    ]
    messages, _ = run(
        ActionEmergencyFollowUp(), tracker("help he's hitting me", "emergency", ranking=ranking)
    )
    assert "utter_danger_first" not in responses(messages)  # 999 was already the first reply
    assert "0808 2000 247" in route_of(messages)


def test_danger_the_model_alone_read_is_followed_by_the_concern_leading_the_concerns() -> None:
    """No listed pattern; the model gave most of its ranking to `emergency`, and among the
    concerns domestic abuse leads clearly: its door follows the 999 reply. With a listed
    pattern the concern must lead the whole ranking, as before."""
    ranking = [
        {"name": "emergency", "confidence": 0.7},
        {"name": "report_domestic_abuse", "confidence": 0.25},
        {"name": "report_violence", "confidence": 0.02},
    ]
    model_alone = tracker("things are bad at home with him", "emergency", ranking=ranking)
    messages, _ = run(ActionEmergencyFollowUp(), model_alone)
    assert "0808 2000 247" in route_of(messages)
    pattern = tracker("help he's hitting me", "emergency", ranking=ranking)
    messages, _ = run(ActionEmergencyFollowUp(), pattern)
    assert "utter_route" not in responses(messages)


def test_emergency_follow_up_for_self_harm_gives_crisis_lines_and_nothing_about_crime() -> None:
    ranking = [
        {"name": "emergency", "confidence": 0.5},
        {"name": "ask_anonymous_reporting", "confidence": 0.4},
    ]
    messages, _ = run(
        ActionEmergencyFollowUp(),
        tracker("i want to end my life", "emergency", ranking=ranking),
    )
    assert responses(messages)[0] == "utter_self_harm_support"
    assert_crisis_lines_only(messages)


def test_danger_whose_likeliest_concern_is_a_crisis_is_followed_by_the_crisis_lines() -> None:
    """The model alone read danger and the concern is not clear enough to route, but the
    likeliest is a mental-health crisis: its door helps whoever reads it and says nothing about
    crime, so it follows the 999 reply rather than nothing. Not after a listed pattern (someone
    hiding, who cannot talk): 999 is what helps them."""
    ranking = [
        {"name": "emergency", "confidence": 0.8},
        {"name": "ask_mental_health_help", "confidence": 0.11},
        {"name": "report_asb", "confidence": 0.06},
    ]
    model_alone = tracker("everything is closing in, i cant cope", "emergency", ranking=ranking)
    messages, events = run(ActionEmergencyFollowUp(), model_alone)
    assert_crisis_lines_only(messages)
    assert slots_set(events)["log_offered"] is False
    pattern = tracker("cant talk, hes in the next room", "emergency", ranking=ranking)
    messages, _ = run(ActionEmergencyFollowUp(), pattern)
    assert responses(messages) == ["utter_tell_more_when_safe"]
    faint = [
        {"name": "emergency", "confidence": 0.97},
        {"name": "ask_mental_health_help", "confidence": 0.02},
    ]
    messages, _ = run(ActionEmergencyFollowUp(), tracker("i cant cope", "emergency", ranking=faint))
    assert responses(messages) == ["utter_tell_more_when_safe"]


def test_danger_beside_a_crisis_sign_is_followed_by_the_crisis_lines() -> None:
    """Danger with a crisis sign ("I can't cope any more", data/safety/danger.yml): after the
    999 reply, the crisis lines and nothing about crime, whatever crime the model read."""
    ranking = [
        {"name": "emergency", "confidence": 0.9},
        {"name": "report_domestic_abuse", "confidence": 0.09},
    ]
    text = "hes smashing the door in and i just cant cope anymore"
    messages, events = run(ActionEmergencyFollowUp(), tracker(text, "emergency", ranking=ranking))
    assert_crisis_lines_only(messages)
    assert slots_set(events)["log_offered"] is False


def test_danger_the_model_alone_read_is_followed_by_the_likeliest_concerns() -> None:
    """No listed pattern, and the model ranked a concern above `emergency`: after the 999 reply
    the resident can still reach their door with one tap."""
    ranking = [
        {"name": "report_domestic_abuse", "confidence": 0.4},
        {"name": "emergency", "confidence": 0.3},
        {"name": "report_asb", "confidence": 0.2},
        {"name": "greet", "confidence": 0.1},
    ]
    messages, events = run(
        ActionEmergencyFollowUp(),
        tracker("things are bad at home with him", "emergency", ranking=ranking),
        DOMAIN,
    )
    titles = choice_titles(messages)
    assert titles == ["Domestic abuse", "Anti-social behaviour", "Something else"]
    assert "concern" not in slots_set(events)
    assert slots_set(events)["log_offered"] is False


def test_no_choices_after_danger_a_pattern_found_or_the_model_ranked_first() -> None:
    concern_first = [
        {"name": "report_domestic_abuse", "confidence": 0.45},
        {"name": "emergency", "confidence": 0.3},
        {"name": "report_violence", "confidence": 0.2},
    ]
    danger_first = [
        {"name": "emergency", "confidence": 0.5},
        {"name": "report_domestic_abuse", "confidence": 0.3},
        {"name": "report_violence", "confidence": 0.15},
    ]
    for text, ranking in [
        ("help he's hitting me", concern_first),  # a listed pattern: 999 is what helps
        ("things are bad at home with him", danger_first),  # the model is sure of danger
    ]:
        messages, _ = run(
            ActionEmergencyFollowUp(), tracker(text, "emergency", ranking=ranking), DOMAIN
        )
        assert responses(messages) == ["utter_tell_more_when_safe"], text  # no choices


def test_a_concern_chosen_just_after_the_999_reply_gets_its_route_and_no_second_question() -> None:
    tap = "/report_domestic_abuse"
    events = [
        {"event": "user", "text": "things are bad at home with him"},
        {"event": "bot", "text": "Call 999...", "metadata": {"utter_action": "utter_emergency"}},
        {"event": "bot", "text": "Is it about...?"},
        {"event": "user", "text": tap},
    ]
    choice = tracker(
        tap,
        "report_domestic_abuse",
        ranking=[{"name": "report_domestic_abuse", "confidence": 1.0}],
        events=events,
    )
    messages, events_set = run(ActionRouteConcern(), choice)
    said = responses(messages)
    assert ASK_DANGER_NOW not in said and "utter_danger_first" not in said
    assert "utter_offer_log" not in said
    assert "0808 2000 247" in route_of(messages)
    assert slots_set(events_set)["log_offered"] is False


def test_fallback_asks_to_rephrase_once_then_offers_the_menu() -> None:
    first, _ = run(ActionFallback(), tracker("flibble", "nlu_fallback"))
    assert responses(first) == ["utter_rephrase"]
    events = [
        {"event": "user", "text": "flibble"},
        {"event": "bot", "text": "Sorry...", "metadata": {"utter_action": "utter_rephrase"}},
        {"event": "user", "text": "wibble"},
    ]
    second, _ = run(ActionFallback(), tracker("wibble", "nlu_fallback", events=events))
    assert responses(second) == ["utter_help_menu"]
