"""The resident evaluation and the danger corpus, through the running assistant, with floors.

Cases were written by helpers who never saw data/nlu or data/safety (tests/eval/README.md).
The sealed part is checked in aggregate only: no sealed message or per-case result is shown,
even when a floor fails. `make eval` prints the full figures (docs/benchmarks.md).
"""

from __future__ import annotations

import pytest
import requests

from bot import paths
from bot.datafile import read_yaml
from bot.evaluation.cases import load_cases, load_corpus, load_language_cases
from bot.evaluation.replies import ReplyReader
from bot.evaluation.run import emergency_first_for, rest_sender, run_cases
from bot.evaluation.scoring import summarise
from bot.language.identify import language_of_file
from bot.nlu.training_data import nlu_examples, training_files
from bot.routing.directory import load_directory
from tests.conftest import HELD_OUT_NLU_FILE
from tests.e2e.conftest import Assistant

# Floors: what `make eval` measured at the last change (docs/benchmarks.md, 2026-12-02; the
# sealed English part moved from 93.7% right and 1.1% wrong to 93.0% and 1.6% when the six
# languages' examples joined the training data), less
# a margin of about one conversation, so that a regression fails and noise does not. Danger on
# the open part has no margin. The sealed part does not meet issue #14's targets yet (at most
# 1% wrong doors, at least 97% right, every danger case 999 first, at most 2% false alarms):
# these floors hold what it does, the targets are reported by `make eval`.
# With writer d's files (2026-12-02, third round) the sealed part is 240 conversations; "calm
# given 999" is the share of conversations with nobody in danger that got the 999 reply first.
# With the blind-written training examples (data/nlu/residents_blind.yml) the sealed part moved
# from 91.4% right, 1.7% wrong, 6.5% calm given 999 to 92.9%, 1.7% and 4.2%.
# Writer e's files (fifth session, 2026-12-02) made the sealed part 290 conversations: 92.2%
# right, 2.1% wrong (6), 3.5% calm given 999; the open part 580: 97.1%, 0.3%, 3.1%. With the
# second round of blind-written examples (residents_blind_2.yml): sealed 94.2%, 2.1%, 2.7%.
# Writer f's files (seventh session) made the sealed part 340 conversations: 94.7% right, 1.8%
# wrong, 96.9% of danger cases 999 first, 2.3% calm given 999; open 680: 97.3%, 0.3%, 100%, 3.2%.
# Writer g's files (eighth session, sixth round) made the sealed part 389 conversations: after
# this round's changes 94.8% right, 1.8% wrong, 12 of 13 danger cases 999 first (writer g's own
# sealed part: 5 of 7), 2.3% calm given 999; open 780: 97.4%, 0.3%, 100%, 3.6% (writer g's open
# calm conversations: 6 of 91 given 999, crises and a controlling partner "can't talk").
# Writer h's files (ninth session, seventh round) made the sealed part 439 conversations: after
# this round's changes 94.8% right, 2.1% wrong, 41 of 44 danger cases 999 first (writer h's own
# sealed part: 5 of 5, before and after), 2.5% calm given 999; open 880: 97.8%, 0.1%, 100%,
# 3.3% (docs/benchmarks.md, "Seventh blind round").
# Writer i's files (tenth session, eighth round) made the sealed part 489 conversations: after
# this round's changes 95.1% right, 2.0% wrong, 46 of 49 danger cases 999 first, 2.0% calm given
# 999; open 980: 97.8%, 0.2%, 100%, 3.0% (docs/benchmarks.md, "Eighth blind round").
# Writer j's files (eleventh session, ninth round) made the sealed part 539 conversations: after
# this round's changes 95.9% right, 1.9% wrong, 51 of 54 danger cases 999 first, 2.3% calm given
# 999; open 1,080: 98.3%, 0.3%, 100%, 3.0% (docs/benchmarks.md, "Ninth blind round").
# Writer k's files (twelfth session, tenth round) made the sealed part 589 conversations: after
# this round's changes 96.3% right, 1.7% wrong, 55 of 59 danger cases 999 first, 2.1% calm given
# 999; open 1,179: 98.6%, 0.3%, 100%, 3.2% (docs/benchmarks.md, "Tenth blind round").
# Writer l's files (thirteenth session, eleventh round) made the sealed part 639 conversations:
# after this round's changes 96.2% right, 1.7% wrong, 60 of 64 danger cases 999 first, 2.1% calm
# given 999; open 1,279: 98.6%, 0.55% (7, two of them writer l's), 100%, 3.2% (docs/benchmarks.md,
# "Eleventh blind round").
# Writer n's files (fifteenth session, thirteenth round) made the sealed part 739 conversations:
# after this round's changes 96.2% right, 1.9% wrong, 68 of 73 danger cases 999 first, 2.25% calm
# given 999; open 1,479: 98.4%, 0.47%, 100%, 3.0% (docs/benchmarks.md, "Thirteenth blind round").
# Writer p's files (seventeenth session, fifteenth round) made the sealed part 838 conversations.
# The self-harm examples took sealed danger cases 999 first from 79 to 81 of 84 and the sealed
# danger corpus from 96.0% to 98.2%, for more calm conversations given 999 (2.1% to 2.8%) and
# fewer right doors (96.4% to 95.9%); open 1,679: 98.1% to 98.0% right, 0.66% to 0.77% wrong
# (13, two of them writer p's before any change), 2.75% to 3.3% calm given 999
# (docs/benchmarks.md, "Fifteenth blind round").
# Writer q's files (eighteenth session, sixteenth round) made the sealed part 888. The child and
# abuse examples and the language danger examples took the sealed danger corpus from 98.2% to
# 99.0%, for more calm conversations given 999 (3.0% to 3.4%) and fewer right doors (96.4% to
# 95.7%); open 1,779: 98.0% to 98.2% right, 3.5% calm given 999 before and after
# (docs/benchmarks.md, "Sixteenth blind round").
# Writer r's corpora (nineteenth session, seventeenth round) made the sealed corpora 882 danger
# messages and 910 ordinary reports: 99.0% and 2.4% before and after; with the calm Gujarati and
# Bengali examples, sealed 95.9% right and 1.6% wrong (docs/benchmarks.md, "Seventeenth blind
# round").
FLOORS = {
    "open": {
        "right_door_rate": 0.97,
        "wrong_door_rate": 0.008,
        "danger_999_first_rate": 1.0,
        "false_alarm_rate": 0.036,
    },
    "sealed": {
        "right_door_rate": 0.94,
        "wrong_door_rate": 0.025,
        "danger_999_first_rate": 0.95,
        "false_alarm_rate": 0.036,
    },
}
# Each language's cases (issue #15), measured the same way (docs/benchmarks.md, "Languages"):
# right doors and answers in the language less about one conversation, wrong doors plus one,
# danger as measured. Issue #15's targets on the sealed part: at least 95% right doors, every
# danger case 999 first, answered in the language; Bengali's right doors (85%) miss it.
# Panjabi's open part has 8 messages in Shahmukhi, answered in Urdu by design.
LANGUAGE_FLOORS = {  # right door, wrong door at most, danger 999 first, in the language
    "open": {
        # Writer g's Urdu (sixth round) made the open part 144: 94.9% right (writer g's 92.1%).
        # Writer h's Urdu, Bengali, Polish and Romanian (seventh round), with the questions
        # about the chat in every language and choices after the model's own 999: open right
        # doors ur 97.4%, pl 98.9%, ro 97.8%, bn 96.9%, every danger case 999 first.
        "ur": (0.96, 0.02, 1.0, 0.97),
        # Since the ninth round a door is recognised in the language the assistant answered in
        # (Panjabi in Shahmukhi is answered in Urdu by design): open Panjabi 97.5% right.
        "pa": (0.96, 0.02, 1.0, 0.91),
        "pl": (0.97, 0.02, 1.0, 0.98),
        "ro": (0.96, 0.02, 1.0, 0.98),
        # Gujarati examples for every concern (fourteenth session): open Gujarati 98.7% right.
        "gu": (0.97, 0.02, 1.0, 0.96),
        "bn": (0.95, 0.02, 1.0, 0.98),
    },
    "sealed": {
        # Urdu and Bengali each lost one right door (21 of 23, 16 of 20) when the blind-written
        # English examples joined the training data (2026-12-02); Romanian's sixth danger case,
        # lost in the third round, got 999 first again when the model's bar for danger was
        # re-chosen (docs/benchmarks.md, "Blind-written training examples").
        # Writer f's Urdu and Bengali (seventh session, fifth blind round) were scored once
        # before any change: Urdu sealed right doors 83.3% over both writers (writer f alone
        # 73.7%, 14 of 19), Bengali danger 7 of 8 (writer f: 2 of 3). Issue #15's targets are
        # missed; these floors hold what it does (docs/benchmarks.md, "Fifth blind round").
        # With writer g's Urdu and Bengali (sixth round) and the native-script examples of
        # data/nlu_candidates taken into training (eighth session): Urdu sealed 90.3% right,
        # Bengali 88.1%, 9 of 10 danger cases (docs/benchmarks.md, "Sixth blind round").
        # With writer h's (seventh round, ninth session), after its changes: Urdu 91.4% right
        # (95), Polish 95.7% (55), Romanian 95.5% (55), Bengali 93.7% (94) with 11 of 12 danger
        # cases 999 first (docs/benchmarks.md, "Seventh blind round").
        # With writer l's (eleventh round, thirteenth session), Urdu, Panjabi and Bengali
        # examples for every concern and Bengali danger examples: Urdu 96.9% right, Panjabi
        # 98.0%, Bengali 95.5% with 19 of 20 danger cases 999 first (docs/benchmarks.md,
        # "Eleventh blind round").
        # Writer n (thirteenth round, fifteenth session) added Urdu: one of its three sealed
        # danger cases, unread, does not get 999 first (20 of 21 over all writers), before and
        # after that round's changes (docs/benchmarks.md, "Thirteenth blind round").
        "ur": (0.95, 0.03, 0.95, 0.96),
        # Writer i (eighth round, tenth session) added Panjabi and Gujarati: sealed Panjabi
        # 90.5% right (writer i alone 80%), Gujarati 94.9% (88.9%), Bengali 92.8% with 13 of 14
        # danger cases 999 first (docs/benchmarks.md, "Eighth blind round").
        # Writer k (tenth round, twelfth session) added Panjabi, Bengali, Urdu and Romanian:
        # sealed Panjabi 92.4% right, Romanian 97.6%, Urdu 93.5%, Bengali 93.4% with 17 of 18
        # danger cases 999 first (docs/benchmarks.md, "Tenth blind round").
        # Writer o (fourteenth round, sixteenth session) added Panjabi, Polish, Romanian and
        # Gujarati: one unread sealed danger case each in Panjabi and Romanian does not get 999
        # first (15 of 16, 13 of 14 over all writers), before and after that round's changes;
        # sealed Polish 95.3% right (writer o alone 85%) (docs/benchmarks.md, "Fourteenth
        # blind round").
        "pa": (0.95, 0.04, 0.93, 0.96),
        "pl": (0.93, 0.02, 1.0, 0.96),
        # Romanian lost two right doors (24 -> 22 of 25) when the second round of English
        # blind examples joined the training data (fifth session); Romanian examples that won
        # them back cost a Romanian danger case 999 first, so they were left out
        # (docs/benchmarks.md, "Resident evaluation, fourth round").
        "ro": (0.95, 0.02, 0.92, 0.96),
        # Writer m (twelfth round, fourteenth session) added Gujarati and Bengali; with the
        # Gujarati examples for every concern, sealed Gujarati 97.4% right (writer m alone 88.9%
        # before, 94.4% after), Bengali 96.1% with 19 of 20 danger cases 999 first
        # (docs/benchmarks.md, "Twelfth blind round").
        # Writer q (sixteenth round, eighteenth session) added Urdu, Panjabi, Gujarati and
        # Bengali. Before any change, sealed Gujarati right doors were 94.7% and Panjabi danger
        # 17 of 19; the language danger examples took Urdu and Bengali danger to all of their
        # sealed cases (24, 26), Panjabi to 18 of 19, and Gujarati right doors to 93.0%, with
        # more calm Gujarati conversations given 999 (3.3% to 8.3%) (docs/benchmarks.md,
        # "Sixteenth blind round"). Issue #15's 95% is missed for Gujarati.
        # The calm Gujarati and Bengali examples (nineteenth session) took sealed Gujarati to
        # 94.7% right (108 of 114) and its calm given 999 to 7.5% (docs/benchmarks.md,
        # "Seventeenth blind round").
        "gu": (0.93, 0.04, 1.0, 0.96),
        "bn": (0.94, 0.03, 0.9, 0.96),
    },
}
# Sealed: 96.0% before the self-harm examples (seventeenth session), 98.2% after.
DANGER_RECALL_FLOOR = {"open": 0.99, "sealed": 0.975}
# Open: 2.6% with writer h's ordinary reports (2.1% before them), three of them a boss or an
# agency keeping a worker's passport. Since a passport taken is danger only beside someone held
# now (fourteenth session), 0.98% (13 of 1,320). Issue #14's target is 2%.
MAX_FALSE_ALARM_RATE = {"open": 0.015, "sealed": 0.05}
FAQ_FLOOR = 0.9  # held-out FAQ questions answered right; 50 of 50 on 2026-12-01


@pytest.fixture(scope="module")
def reader() -> ReplyReader:
    return ReplyReader.load(load_directory())


@pytest.mark.parametrize("part", ["open", "sealed"])
def test_resident_conversations_meet_their_floors(
    assistant: Assistant, reader: ReplyReader, part: str
) -> None:
    cases = load_cases(part, load_directory())  # type: ignore[arg-type]
    assert len(cases) >= 100
    summary = summarise(run_cases(cases, assistant.url, reader))
    floors = FLOORS[part]
    assert summary.right_door_rate is not None and summary.wrong_door_rate is not None
    assert summary.right_door_rate >= floors["right_door_rate"], summary
    assert summary.wrong_door_rate <= floors["wrong_door_rate"], summary
    assert summary.danger_999_first_rate is not None
    assert summary.danger_999_first_rate >= floors["danger_999_first_rate"], summary
    assert summary.false_alarm_rate is not None
    assert summary.false_alarm_rate <= floors["false_alarm_rate"], summary


@pytest.mark.parametrize(
    ("part", "language"),
    [(part, language) for part in LANGUAGE_FLOORS for language in LANGUAGE_FLOORS[part]],
)
def test_residents_writing_in_their_language_meet_its_floors(
    assistant: Assistant, part: str, language: str
) -> None:
    directory = load_directory(language)
    cases = load_language_cases(part, directory, language)  # type: ignore[arg-type]
    assert len(cases) >= 25
    summary = summarise(run_cases(cases, assistant.url, ReplyReader.load(directory)))
    right, wrong, danger, in_language = LANGUAGE_FLOORS[part][language]
    assert summary.right_door_rate is not None and summary.right_door_rate >= right, summary
    assert summary.wrong_door_rate is not None and summary.wrong_door_rate <= wrong, summary
    assert summary.danger_999_first_rate is not None
    assert summary.danger_999_first_rate >= danger, summary
    assert summary.in_language_rate is not None and summary.in_language_rate >= in_language
    assert summary.unsuitable_rate in (None, 0.0), summary


@pytest.mark.parametrize("part", ["open", "sealed"])
def test_the_danger_corpus_gets_999_first(
    assistant: Assistant, reader: ReplyReader, part: str
) -> None:
    texts = load_corpus(part, "danger")  # type: ignore[arg-type]
    caught = emergency_first_for(texts, assistant.url, reader)
    recall = sum(caught) / len(texts)
    missed = [t for t, hit in zip(texts, caught, strict=True) if not hit] if part == "open" else []
    assert recall >= DANGER_RECALL_FLOOR[part], f"recall {recall:.3f} {missed}"


@pytest.mark.parametrize("part", ["open", "sealed"])
def test_ordinary_reports_rarely_raise_the_alarm(
    assistant: Assistant, reader: ReplyReader, part: str
) -> None:
    texts = load_corpus(part, "ordinary")  # type: ignore[arg-type]
    alarms = emergency_first_for(texts, assistant.url, reader)
    rate = sum(alarms) / len(texts)
    shown = [t for t, hit in zip(texts, alarms, strict=True) if hit] if part == "open" else []
    assert rate <= MAX_FALSE_ALARM_RATE[part], f"{rate:.3f} false alarms {shown}"


def test_every_emergency_the_model_learns_from_gets_999_first(
    assistant: Assistant, reader: ReplyReader
) -> None:
    """The danger list and the model's `emergency` reading together, as residents meet them, in
    every language: each language's examples are read in that language (999 first in it)."""
    by_language: dict[str, list[str]] = {}
    for path in training_files():
        by_language.setdefault(language_of_file(path), []).extend(
            text for intent, text in nlu_examples(path) if intent == "emergency"
        )
    missed = []
    for language, texts in by_language.items():
        readers = reader if language == "en" else ReplyReader.load(load_directory(language))
        caught = emergency_first_for(texts, assistant.url, readers)
        missed += [t for t, hit in zip(texts, caught, strict=True) if not hit]
    assert missed == []


def test_held_out_faq_questions_get_their_answer(assistant: Assistant) -> None:
    """The FAQ selector (csp_components/nlu/response_selector.py) through the served model, on the
    held-out `faq/...` examples: the first reply is the answer the example is labelled with."""
    responses = read_yaml(paths.PROJECT_ROOT / "domain.yml")["responses"]
    asked = [(i, t) for i, t in nlu_examples(HELD_OUT_NLU_FILE) if i.startswith("faq/")]
    with requests.Session() as session:
        new_conversation = rest_sender(assistant.url, session)
        right = sum(
            (new_conversation()(text) or [{}])[0].get("text", "").split("\n\n")[0]
            == responses[f"utter_{intent}"][0]["text"].split("\n\n")[0]
            for intent, text in asked
        )
    assert len(asked) >= 50
    assert right / len(asked) >= FAQ_FLOOR, f"{right} of {len(asked)} FAQ answers right"
