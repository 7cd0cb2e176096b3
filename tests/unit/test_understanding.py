"""When the assistant names a door and when it asks first (bot/routing/understanding.py)."""

from __future__ import annotations

from bot.routing.understanding import (
    Reading,
    Thresholds,
    choices_beside_danger,
    choices_beyond_a_short_answer,
    concern_beside_danger,
    confidence_of,
    likeliest_beside_danger,
    load_thresholds,
    read_ranking,
)

CONCERNS = {"report_asb": "asb", "report_noise": "noise", "report_graffiti": "graffiti"}
RULES = Thresholds(
    route_min_confidence=0.5,
    route_min_margin=0.2,
    choice_min_confidence=0.05,
    max_choices=3,
    short_answer_max_words=4,
    likeliest_min_share=0.5,
)


def ranked(*pairs: tuple[str, float]) -> list[dict[str, object]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_a_clear_leader_is_routed() -> None:
    reading = read_ranking(ranked(("report_asb", 0.8), ("report_noise", 0.1)), CONCERNS, RULES)
    assert (reading.decision, reading.concerns) == ("route", ("asb",))


def test_two_close_concerns_are_offered_as_choices_likeliest_first() -> None:
    reading = read_ranking(ranked(("report_noise", 0.5), ("report_asb", 0.45)), CONCERNS, RULES)
    assert (reading.decision, reading.concerns) == ("choose", ("noise", "asb"))


def test_a_weak_leader_is_not_guessed_and_unlikely_choices_are_left_out() -> None:
    ranking = ranked(
        ("report_asb", 0.3), ("report_noise", 0.2), ("report_graffiti", 0.04), ("greet", 0.3)
    )
    reading = read_ranking(ranking, CONCERNS, RULES)
    assert (reading.decision, reading.concerns) == ("choose", ("asb", "noise"))


def test_intents_that_are_not_concerns_are_never_offered() -> None:
    reading = read_ranking(ranked(("nlu_fallback", 0.3), ("greet", 0.25)), CONCERNS, RULES)
    assert (reading.decision, reading.concerns) == ("rephrase", ())


def test_a_pressed_button_has_full_confidence_and_is_routed() -> None:
    assert read_ranking(ranked(("report_graffiti", 1.0)), CONCERNS, RULES).decision == "route"


def test_the_projects_thresholds_load_and_route_a_sure_answer() -> None:
    rules = load_thresholds()
    assert rules.route_min_confidence <= 1.0 and rules.max_choices >= 2
    assert read_ranking(ranked(("report_asb", 1.0)), CONCERNS, rules).decision == "route"


def test_the_confidence_in_one_intent_is_read_from_the_ranking() -> None:
    ranking = ranked(("report_asb", 0.6), ("emergency", 0.3))
    assert confidence_of(ranking, "emergency") == 0.3
    assert confidence_of(ranking, "greet") == 0.0


def test_choices_beside_danger_read_each_concern_as_its_share_of_the_concerns() -> None:
    ranking = ranked(
        ("emergency", 0.9), ("report_asb", 0.06), ("report_noise", 0.03), ("report_graffiti", 0.001)
    )
    assert choices_beside_danger(ranking, CONCERNS, RULES) == ("asb", "noise")
    assert choices_beside_danger(ranked(("emergency", 1.0)), CONCERNS, RULES) == ()


def test_the_concern_beside_danger_leads_the_concerns_shares_and_is_itself_likely() -> None:
    leads = ranked(("emergency", 0.7), ("report_asb", 0.25), ("report_noise", 0.02))
    assert concern_beside_danger(leads, CONCERNS, RULES) == "asb"
    close = ranked(("emergency", 0.6), ("report_asb", 0.2), ("report_noise", 0.15))
    assert concern_beside_danger(close, CONCERNS, RULES) is None
    # A clear share of almost nothing is no reading: the model gave it all to `emergency`.
    faint = ranked(("emergency", 0.97), ("report_asb", 0.02), ("report_noise", 0.001))
    assert concern_beside_danger(faint, CONCERNS, RULES) is None
    assert concern_beside_danger(ranked(("emergency", 1.0)), CONCERNS, RULES) is None


def test_the_likeliest_concern_beside_danger_need_not_lead_clearly_but_must_be_likely() -> None:
    close = ranked(("emergency", 0.6), ("report_asb", 0.2), ("report_noise", 0.15))
    assert likeliest_beside_danger(close, CONCERNS, RULES) == "asb"  # 57% of the concerns
    spread = ranked(
        ("emergency", 0.6), ("report_asb", 0.15), ("report_noise", 0.14), ("report_graffiti", 0.11)
    )
    assert likeliest_beside_danger(spread, CONCERNS, RULES) is None  # 38%
    faint = ranked(("emergency", 0.97), ("report_asb", 0.02), ("report_noise", 0.001))
    assert likeliest_beside_danger(faint, CONCERNS, RULES) is None
    assert likeliest_beside_danger(ranked(("emergency", 1.0)), CONCERNS, RULES) is None


def test_a_ranking_led_by_emergency_the_resident_set_aside_is_read_by_the_concerns_shares() -> None:
    """ "I'm not going to do anything": the model's alarm was set aside, and its ranking still
    puts `emergency` first with most of the confidence. The concerns are read by their shares:
    never routed on a few hundredths, offered as choices instead."""
    faint = ranked(("emergency", 0.97), ("report_asb", 0.02), ("report_noise", 0.001))
    assert read_ranking(faint, CONCERNS, RULES) == Reading("choose", ("asb",))
    clear = ranked(("emergency", 0.7), ("report_asb", 0.25), ("report_noise", 0.02))
    assert read_ranking(clear, CONCERNS, RULES) == Reading("route", ("asb",))


def test_a_short_no_with_nothing_asked_means_no() -> None:
    ranking = ranked(("deny", 0.9), ("report_noise", 0.06), ("report_asb", 0.04))
    assert choices_beyond_a_short_answer("nah not really", ranking, CONCERNS, RULES) is None


def test_a_long_message_read_as_no_is_offered_its_concerns_by_their_shares() -> None:
    ranking = ranked(("deny", 0.85), ("report_noise", 0.06), ("report_asb", 0.04), ("greet", 0.05))
    text = "no i dont want to make a fuss but the music next door goes on all night"
    assert choices_beyond_a_short_answer(text, ranking, CONCERNS, RULES) == ("noise", "asb")


def test_a_long_yes_with_hardly_any_concern_behind_it_means_yes() -> None:
    ranking = ranked(
        ("affirm", 0.97), ("greet", 0.02), ("report_noise", 0.006), ("report_asb", 0.004)
    )
    text = "yes that would be lovely thank you so much for all of it"
    assert choices_beyond_a_short_answer(text, ranking, CONCERNS, RULES) is None
