"""The deterministic 999 check: it must find every danger phrase; false alarms are measured."""

from __future__ import annotations

import pytest

from bot.nlu.training_data import nlu_examples
from bot.routing.crisis import CRISIS_CONCERN, crisis_intent
from bot.routing.directory import load_directory
from bot.safety.danger import danger_check
from tests.conftest import HELD_OUT_NLU_FILE, TRAINING_NLU_FILES, lines_of

# Ceiling on false alarms over tests/data/ordinary_reports.txt. A false alarm costs a resident
# one extra "call 999 if in danger" line; a miss could cost a life, so recall comes first.
MAX_FALSE_ALARM_RATE = 0.05


@pytest.mark.parametrize("phrase", lines_of("danger_phrases.txt"))
def test_every_danger_phrase_gets_999(phrase: str) -> None:
    assert danger_check().check(phrase) is not None, phrase


def test_false_alarm_rate_on_ordinary_reports_is_low() -> None:
    reports = lines_of("ordinary_reports.txt")
    alarms = [(text, danger_check().check(text)) for text in reports]
    false_alarms = [(text, danger.pattern_id) for text, danger in alarms if danger]
    rate = len(false_alarms) / len(reports)
    print(f"danger check: {len(false_alarms)} false alarms in {len(reports)} ordinary reports")
    assert rate <= MAX_FALSE_ALARM_RATE, false_alarms


@pytest.mark.parametrize(
    "text",
    ["I'M NOT IN DANGER but my neighbour's music is loud", "no one is hurt, my car was keyed"],
)
def test_stated_absence_of_danger_is_respected(text: str) -> None:
    assert danger_check().check(text) is None


def test_self_harm_is_told_apart_from_other_danger() -> None:
    assert danger_check().check("i want to end my life").kind == "self_harm"
    assert danger_check().check("he's got a knife").kind == "immediate_danger"


NLU_FILES = [*TRAINING_NLU_FILES, HELD_OUT_NLU_FILE]
NLU_EXAMPLES = [example for path in NLU_FILES for example in nlu_examples(path)]


def test_every_held_out_emergency_gets_999_from_the_list_alone() -> None:
    # The list is the net that needs no model. The training examples the list does not match
    # are caught by the model's own `emergency` reading: tests/e2e/test_resident_eval.py
    # checks the two nets together, through the served model.
    emergencies = [t for intent, t in nlu_examples(HELD_OUT_NLU_FILE) if intent == "emergency"]
    missed = [text for text in emergencies if danger_check().check(text) is None]
    assert len(emergencies) >= 10
    assert not missed, missed


@pytest.mark.slow  # about 35 s: the danger check over all 15,000 training examples
def test_false_alarm_rate_on_every_other_nlu_example_is_low() -> None:
    others = [text for intent, text in NLU_EXAMPLES if intent != "emergency"]
    alarms = [text for text in others if danger_check().check(text)]
    print(f"danger check: {len(alarms)} alarms in {len(others)} non-emergency NLU examples")
    assert len(alarms) / len(others) <= 0.02, alarms


def test_a_message_that_says_nobody_is_in_danger_outweighs_the_models_own_alarm() -> None:
    """The model ranked `emergency` first, no listed pattern matched, and the resident says
    they will not act: their likeliest other concern is read instead; a listed pattern wins."""
    ranking = [
        {"name": "emergency", "confidence": 0.48},
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "ask_mental_health_help", "confidence": 0.34},
    ]
    said = "I just cant do this any more. Im not going to do anything silly, I need to talk"
    assert danger_check().check(said, 0.48) is None
    assert danger_check().says_nobody_is_in_danger(said)
    assert not danger_check().says_nobody_is_in_danger("a bonfire got into the trees")
    instead = danger_check().instead_of_the_models_alarm
    assert instead(said, "emergency", ranking) == ranking[2]
    assert instead(said, "emergency", ranking[:2]) is None
    assert instead(said, "ask_mental_health_help", ranking) is None
    assert instead("a bonfire got into the trees", "emergency", ranking) is None
    pills = "ive taken 20 of my tablets, im not going to do anything silly"
    assert danger_check().check(pills, 0.0) is not None


def test_a_thought_of_ending_ones_life_beside_i_will_not_act_is_the_crisis_door() -> None:
    """A thought (not an act) of ending one's life is 999 first, unless the resident says in so
    many words that they will not act or are safe: then the crisis door answers. An act still
    gets 999 first whatever is said beside it."""
    check = danger_check()
    thought = "i keep thinking everyone would be better off without me"
    assert check.check(thought) is not None and not check.thought_set_aside(thought)
    for said in [
        f"{thought}. im not going to do anything tonight, i just need to talk",
        "sometimes i wish i was dead but im safe, my sister is here",
        "wszystkim byloby lepiej beze mnie, ale nic sobie nie zrobie",
        "my nan keeps saying she wants to go to sleep and never wake up, shes not done anything",
    ]:
        assert check.check(said, 1.0) is None, said  # nor does the model's own alarm count
        assert check.thought_set_aside(said), said
    act = "ive taken all my tablets, im not going to do anything else"
    assert check.check(act) is not None and not check.thought_set_aside(act)
    calm = "the noise is awful but im not going to do anything silly about it"
    assert not check.thought_set_aside(calm)
    not_yet = "i keep wishing i was dead, i havent done anything yet"
    assert check.check(not_yet) is not None and not check.thought_set_aside(not_yet)


def test_saying_everyone_is_safe_counts_unless_a_but_follows() -> None:
    assert danger_check().says_nobody_is_in_danger("the van hit our wall, everyones ok")
    assert danger_check().says_nobody_is_in_danger("he smashed the window, were safe now")
    assert not danger_check().says_nobody_is_in_danger("were safe now but hes coming back")
    # "I'm alright" speaks for the resident only: the others may still be asked about
    assert not danger_check().says_safe("my brother got jumped, im alright")
    assert danger_check().check("im ok but hes outside with a knife") is not None


def test_saying_the_person_it_happened_to_is_safe_counts_unless_a_but_follows() -> None:
    assert danger_check().says_nobody_is_in_danger("a lad grabbed my mums bag, shes home and fine")
    assert danger_check().says_nobody_is_in_danger(
        "my dad got pushed over but hes back home and ok now"
    )
    assert not danger_check().says_nobody_is_in_danger("he was fine an hour ago, now he wont wake")
    assert not danger_check().says_nobody_is_in_danger("shes ok but hes still here")


def test_a_passport_taken_is_danger_now_only_beside_someone_held_now() -> None:
    """A warning sign of forced marriage or modern slavery: its door says 999 first if anyone
    is in danger; with someone locked in, kept from calling or a journey tonight, it is."""
    check = danger_check().check
    assert check("my boss has my passport and i get no wages") is None
    assert check("he has my passport, not locked up but i owe him money") is None
    assert check("he has my passport and keeps me locked in") is not None
    assert check("they have my passport and fly me out tonight") is not None
    assert check("they took my passport and keep me locked in, that was in 2019") is None
    assert check("her parents took her passport, she is safe today and wants advice") is None


def test_a_weapon_at_the_door_is_now_only_in_the_present_tense() -> None:
    """Someone at the door with a weapon told in the present tense is now, whatever past the
    message also tells; told in the past tense, it is over."""
    check = danger_check().check
    for now in [
        "theres a man at my door with a machete, he came last week too",
        "someone is at the back door with a knife, they were here last night",
        "hes outside my house with a knife, we split up last year",
    ]:
        assert check(now) is not None, now
    for over in [
        "he was at my door with a knife last week",
        "last month my ex turned up outside my house with a bat",
    ]:
        assert check(over) is None, over


def test_a_child_up_at_a_height_is_danger_now_but_not_self_harm() -> None:
    """The 999 answer for self-harm adds Samaritans: for a toddler on a window ledge it is the
    plain 999 answer, in English and in Bengali."""
    check = danger_check().check
    for child in [
        "a little boy is standing on the ledge of the flats window",
        "theres a toddler sat on the windowsill upstairs, window wide open",
        "বাচ্চাটা জানালার কিনারে উঠে দাঁড়িয়ে আছে",
    ]:
        found = check(child)
        assert found is not None and found.kind == "immediate_danger", child
    assert check("my son is standing on the bridge and says he will jump").kind == "self_harm"


@pytest.mark.parametrize("sign", lines_of("crisis_signs.txt"))
def test_a_crisis_sign_is_read_whatever_crime_is_told_beside_it(sign: str) -> None:
    reading = danger_check().read(sign)
    assert reading.crisis_sign and reading.danger is None, sign


@pytest.mark.parametrize("calm", lines_of("crisis_calm.txt"))
def test_a_crisis_sign_is_not_anger_at_a_service_nor_a_victims_worry(calm: str) -> None:
    """Writers put victim support or the concern's own door there, not the crisis lines."""
    assert not danger_check().read(calm).crisis_sign, calm


def test_a_crisis_sign_beside_danger_keeps_the_danger() -> None:
    reading = danger_check().read("hes kicking the door in and i cant cope anymore")
    assert reading.danger is not None and reading.crisis_sign


def test_a_relative_named_as_fine_counts_in_bengali_unless_a_but_follows() -> None:
    assert danger_check().says_nobody_is_in_danger("gotokal chor dhukse, ammu thik achen")
    assert danger_check().says_nobody_is_in_danger("চোর ঢুকেছিল, আম্মা ঠিক আছেন")
    assert not danger_check().says_nobody_is_in_danger("ammu thik achen kintu o abar ashche")


def test_the_crisis_intent_read_alone_is_the_directorys() -> None:
    assert crisis_intent() == load_directory().concerns[CRISIS_CONCERN].intent
