"""Residents who write in Urdu, Panjabi (in Gurmukhi or Shahmukhi), Polish, Romanian, Gujarati or
Bengali (issue #15),
against the trained model, the real action server and Rasa's REST channel."""

from __future__ import annotations

import json

import pytest

from bot import paths
from bot.datafile import read_yaml
from bot.language.identify import written_language
from bot.language.responses import translated_response
from tests.e2e.conftest import Assistant, Chat, button_payload, texts

pytestmark = pytest.mark.e2e

RESPONSES = read_yaml(paths.PROJECT_ROOT / "domain.yml")["responses"]


def emergency_in(language: str) -> str:
    """The first words of the 999 reply in `language`."""
    said = translated_response(RESPONSES["utter_emergency"][0], "utter_emergency", language)
    return said["text"].split("\n\n")[0]


# Written for this test, not taken from the evaluation or the training data.
DANGER_NOW = {
    "ur": "وہ ابھی چاقو لے کر میرے دروازے پر کھڑا ہے، مجھے مارنے کی دھمکی دے رہا ہے",
    "pa": "ਉਹ ਹੁਣੇ ਚਾਕੂ ਲੈ ਕੇ ਮੇਰੇ ਘਰ ਦੇ ਬਾਹਰ ਖੜ੍ਹਾ ਹੈ ਅਤੇ ਮਾਰਨ ਦੀ ਧਮਕੀ ਦੇ ਰਿਹਾ ਹੈ",
    "pa-Arab": "اوہ ہنے چاقو لے کے میرے گھر دے باہر کھلوتا اے تے مینوں مارن دی دھمکی دے رہیا اے",
    "pl": "on teraz stoi pod drzwiami z nożem i grozi, że mnie zabije",
    "ro": "e acum la ușa mea cu un cuțit și amenință că mă omoară",
    "gu": "તે અત્યારે છરી લઈને મારા દરવાજે ઊભો છે અને મને મારી નાખવાની ધમકી આપે છે",
    "bn": "সে এখন ছুরি নিয়ে আমার দরজার সামনে দাঁড়িয়ে আছে, আমাকে মেরে ফেলার হুমকি দিচ্ছে",
}


@pytest.mark.parametrize("language", sorted(DANGER_NOW))
def test_danger_gets_999_first_in_the_language_and_in_english(chat: Chat, language: str) -> None:
    replies = chat.say(DANGER_NOW[language])
    first = replies[0]["text"]
    assert first == emergency_in(language)
    said = texts(replies)
    assert "55" in said and "18000" in said and "999bsl" in said.lower()
    english = RESPONSES["utter_emergency"][0]["text"].split("\n\n")[0]
    assert english in said  # and then in English


def test_a_polish_resident_is_answered_in_polish_with_the_council_and_numbers(chat: Chat) -> None:
    replies = chat.say("sąsiedzi z góry co noc puszczają bardzo głośną muzykę, nie da się spać")
    reply = texts(replies)
    if "/inform_location" in json.dumps(replies):  # asked where: Burnley
        reply = texts(chat.say(button_payload(replies, "Burnley")))
    assert written_language(reply) == "pl", reply[:200]
    assert "burnley.gov.uk" in reply


def test_roman_urdu_is_understood_and_answered_in_urdu(chat: Chat) -> None:
    replies = chat.say("mere pados wale har raat bohat zor se gaane bajate hain, neend nahi aati")
    assert written_language(texts(replies)) == "ur", texts(replies)[:200]


def test_panjabi_in_shahmukhi_is_answered_in_shahmukhi_not_urdu(
    chat: Chat, assistant: Assistant
) -> None:
    replies = chat.say("ساڈی گلی وچ منڈے ہر رات نشہ کردے نیں تے گڈیاں دے شیشے توڑدے نیں")
    assert written_language(texts(replies)) == "pa-Arab", texts(replies)[:200]
    assert assistant.tracker(chat.sender)["slots"]["language"] == "pa-Arab"


def test_a_place_name_typed_in_a_shahmukhi_conversation_keeps_it_in_shahmukhi(
    chat: Chat, assistant: Assistant
) -> None:
    """A place name is no word of Urdu or Panjabi: the conversation keeps its form of the script."""
    asked = chat.say("ساڈے گوانڈی ہر رات ڈھول وجاندے نیں تے اُچی اُچی رولا پاندے نیں")
    assert written_language(texts(asked)) == "pa-Arab", texts(asked)[:200]
    names = read_yaml(paths.DATA_DIR / "places" / "languages" / "ur.yml")["names"]
    replies = chat.say(names["Burnley"][0])
    assert assistant.tracker(chat.sender)["slots"]["language"] == "pa-Arab"
    assert written_language(texts(replies)) == "pa-Arab", texts(replies)[:200]


def test_a_language_can_be_chosen_and_changed(chat: Chat, assistant: Assistant) -> None:
    menu = chat.say("/choose_language")
    titles = [b["title"] for m in menu for b in m.get("buttons") or []]
    assert titles == ["English", "اردو", "ਪੰਜਾਬੀ", "پنجابی", "Polski", "Română", "ગુજરાતી", "বাংলা"]
    chosen = chat.say(button_payload(menu, "Română"))
    assert written_language(texts(chosen)) == "ro"
    back = chat.say('/choose_language{"language": "en"}')
    assert "English" in texts(back)
    slots = assistant.tracker(chat.sender)["slots"]
    assert slots["language"] == "en"


def test_a_place_written_in_urdu_script_is_found(chat: Chat) -> None:
    names = read_yaml(paths.DATA_DIR / "places" / "languages" / "ur.yml")["names"]
    replies = chat.say(f"{names['Nelson'][0]} میں میرے پڑوسی رات بھر بہت شور کرتے ہیں")
    assert written_language(texts(replies)) == "ur"
    if "/report_noise" in json.dumps(replies):  # "is it about...?": the resident says noise
        replies = chat.say("/report_noise")
    assert "/inform_location" not in json.dumps(replies)  # not asked where: Nelson is Pendle
    assert "pendle.gov.uk" in texts(replies)
    assert written_language(texts(replies)) == "ur"
