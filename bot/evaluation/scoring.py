"""Scoring conversations: right door, wrong door, questions asked, 999 first, nothing unsuitable."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from bot.evaluation.cases import FAQ_DOOR, Case
from bot.evaluation.conversation import Transcript
from bot.evaluation.replies import ReplyReader

# The targets of issue #14, on the sealed part.
TARGETS = {
    "wrong_door_rate": ("at most", 0.01),
    "right_door_rate": ("at least", 0.97),
    "clarified_rate": ("at most", 0.15),
    "danger_999_first_rate": ("at least", 1.0),
}


@dataclass(frozen=True)
class Outcome:
    case_id: str
    doors_given: tuple[str, ...]
    right_door: bool  # an acceptable door reached with at most one clarifying question
    wrong_door: bool  # a door given that is not acceptable
    clarified: bool
    danger_asked: bool
    emergency_first: bool
    unsuitable: bool  # a person in crisis given crime-reporting lines or the offer to log
    in_language: bool  # answered in the resident's language (always so in English)


def score(case: Case, transcript: Transcript, reader: ReplyReader) -> Outcome:
    given = reader.doors(transcript.replies)
    acceptable = set(case.doors)
    if FAQ_DOOR in acceptable and reader.answered_about_the_chat(transcript.replies):
        given.add(FAQ_DOOR)  # "am I talking to a bot?", "can I write in Polish?": answered
    right = bool(given & acceptable) and transcript.clarifications <= 1
    if not acceptable:  # nothing to route: right is asking, not naming a door
        right = not given
    return Outcome(
        case_id=case.id,
        doors_given=tuple(sorted(given)),
        right_door=right,
        wrong_door=bool(given - acceptable),
        clarified=transcript.clarifications > 0,
        danger_asked=transcript.danger_asked,
        emergency_first=reader.emergency_first(transcript.turns[0]),
        unsuitable=case.crisis and reader.crime_reporting_shown(transcript.replies),
        in_language=reader.in_language(transcript.replies, case.message),
    )


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


@dataclass(frozen=True)
class Summary:
    conversations: int
    door_cases: int  # someone to route, nobody in danger now
    no_door_cases: int
    danger_cases: int
    crisis_cases: int
    right_door_rate: float | None
    wrong_door_rate: float | None
    clarified_rate: float | None
    danger_question_rate: float | None
    danger_999_first_rate: float | None
    false_alarm_rate: float | None  # 999 first for someone not in danger now
    no_door_right_rate: float | None
    unsuitable_rate: float | None
    in_language_rate: float | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def targets_met(self) -> dict[str, bool | None]:
        """Each target met or not; None where the part has no case to measure it on (a
        language's sealed part with no one in danger)."""
        met: dict[str, bool | None] = {}
        for name, (how, target) in TARGETS.items():
            value = getattr(self, name)
            met[name] = (
                None
                if value is None
                else (value >= target if how == "at least" else value <= target)
            )
        return met


def summarise(pairs: Iterable[tuple[Case, Outcome]]) -> Summary:
    pairs = list(pairs)
    door = [(c, o) for c, o in pairs if c.doors and not c.danger_now]
    no_door = [(c, o) for c, o in pairs if not c.doors and not c.danger_now]
    danger = [(c, o) for c, o in pairs if c.danger_now]
    calm = [(c, o) for c, o in pairs if not c.danger_now]
    crisis = [(c, o) for c, o in pairs if c.crisis]
    return Summary(
        conversations=len(pairs),
        door_cases=len(door),
        no_door_cases=len(no_door),
        danger_cases=len(danger),
        crisis_cases=len(crisis),
        right_door_rate=_rate(sum(o.right_door for _, o in door), len(door)),
        wrong_door_rate=_rate(sum(o.wrong_door for _, o in pairs), len(pairs)),
        clarified_rate=_rate(sum(o.clarified for _, o in pairs), len(pairs)),
        danger_question_rate=_rate(sum(o.danger_asked for _, o in pairs), len(pairs)),
        danger_999_first_rate=_rate(sum(o.emergency_first for _, o in danger), len(danger)),
        false_alarm_rate=_rate(sum(o.emergency_first for _, o in calm), len(calm)),
        no_door_right_rate=_rate(sum(o.right_door for _, o in no_door), len(no_door)),
        unsuitable_rate=_rate(sum(o.unsuitable for _, o in crisis), len(crisis)),
        in_language_rate=_rate(sum(o.in_language for _, o in pairs), len(pairs)),
    )
