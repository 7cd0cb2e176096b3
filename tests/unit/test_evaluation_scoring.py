"""The resident evaluation's summary: rates over the cases that can measure them."""

from bot import paths
from bot.datafile import read_yaml
from bot.evaluation.cases import Case
from bot.evaluation.conversation import Transcript
from bot.evaluation.replies import ReplyReader
from bot.evaluation.scoring import Outcome, score, summarise
from bot.language.responses import translated_response
from bot.routing.directory import load_directory


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


def test_a_question_about_writing_in_another_language_is_answered_by_taking_it_up() -> None:
    """Writers list the FAQ door (how the chat works) for "can I write in Polish?": the reply
    that takes up the language answers it; for a case expecting no door it is none."""
    reader = ReplyReader.load(load_directory("pl"))
    name = "utter_language_chosen"
    chosen = read_yaml(paths.PROJECT_ROOT / "domain.yml")["responses"][name][0]
    reply = {"text": translated_response(chosen, name, "pl")["text"]}
    assert "polsku" in reply["text"]
    asked = Case(id="q", borough="burnley", message="czy moge pisac po polsku", doors=["faq"])
    assert score(asked, Transcript(turns=[[reply]]), reader).right_door
    vague = Case(id="n", borough="burnley", message="czy moge pisac po polsku", doors=[])
    assert score(vague, Transcript(turns=[[reply]]), reader).right_door
    noise = Case(id="m", borough="burnley", message="glosna muzyka", doors=["noise"])
    assert not score(noise, Transcript(turns=[[reply]]), reader).right_door
