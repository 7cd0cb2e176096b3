"""The resident evaluation's summary: rates over the cases that can measure them."""

from bot.evaluation.cases import Case
from bot.evaluation.scoring import Outcome, summarise


def outcome(case_id: str, *, right: bool, emergency_first: bool = False) -> Outcome:
    return Outcome(
        case_id=case_id,
        doors_given=("noise",) if right else (),
        right_door=right,
        wrong_door=False,
        clarified=False,
        danger_asked=False,
        emergency_first=emergency_first,
        unsuitable=False,
        in_language=True,
    )


def case(case_id: str, *, danger_now: bool = False) -> Case:
    return Case(
        id=case_id,
        borough="burnley",
        message="the music next door",
        doors=["noise"],
        danger_now=danger_now,
    )


def test_a_part_with_no_one_in_danger_has_no_danger_verdict_rather_than_a_failed_one() -> None:
    summary = summarise([(case("a"), outcome("a", right=True))])
    assert summary.danger_999_first_rate is None
    met = summary.targets_met()
    assert met["danger_999_first_rate"] is None
    assert met["right_door_rate"] is True


def test_a_danger_case_without_999_first_fails_the_target() -> None:
    pairs = [
        (case("a"), outcome("a", right=True)),
        (case("b", danger_now=True), outcome("b", right=False, emergency_first=False)),
    ]
    assert summarise(pairs).targets_met()["danger_999_first_rate"] is False
