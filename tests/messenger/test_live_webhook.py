"""Messenger through the running assistant: webhook payloads posted to Rasa's real server, signed
correctly, forged or unsigned, and what reaches the stand-in for Meta's Graph API.

Meta's servers cannot be reached from here; the stand-in (tests/standins/graph_api.py) records
what the channel would have sent to the resident.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings

from bot.concern_log.store import ConcernStore
from bot.messenger.outgoing import MAX_TEXT, MAX_TITLE, length
from bot.messenger.signature import SIGNATURE_HEADER, sign
from bot.routing.advice import route_text
from bot.routing.directory import Directory
from tests.e2e.conftest import Assistant
from tests.hostile import KNOWN_BAD, hostile_bodies

pytestmark = pytest.mark.e2e

CONCERN = "someone shouted racist abuse at me in the street"


def webhook(assistant: Assistant) -> str:
    return f"{assistant.url}/webhooks/messenger/webhook"


def new_psid() -> str:
    return str(secrets.randbelow(10**15) + 10**15)  # page-scoped ids are long numbers


def payload(psid: str, text: str, quick_reply: str | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"mid": f"m_{secrets.token_hex(8)}", "text": text}
    if quick_reply is not None:
        message["quick_reply"] = {"payload": quick_reply}
    event = {
        "sender": {"id": psid},
        "recipient": {"id": "PAGE"},
        "timestamp": 1,
        "message": message,
    }
    return {"object": "page", "entry": [{"id": "PAGE", "time": 1, "messaging": [event]}]}


def post(assistant: Assistant, body: bytes, signature: str | None) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers[SIGNATURE_HEADER] = signature
    return requests.post(webhook(assistant), data=body, headers=headers, timeout=60)


def say(assistant: Assistant, psid: str, text: str, quick_reply: str | None = None) -> None:
    body = json.dumps(payload(psid, text, quick_reply)).encode()
    reply = post(assistant, body, sign(assistant.meta_app.app_secret, body))
    assert reply.status_code == 200, reply.text


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n\n".join(message.get("text", "") for message in messages)


def test_meta_can_subscribe_with_the_verify_token_and_no_one_else(assistant: Assistant) -> None:
    params = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}
    right = requests.get(
        webhook(assistant),
        params={**params, "hub.verify_token": assistant.meta_app.verify_token},
        timeout=30,
    )
    assert (right.status_code, right.text) == (200, "1158201444")
    wrong = requests.get(webhook(assistant), params={**params, "hub.verify_token": "x"}, timeout=30)
    missing = requests.get(webhook(assistant), params=params, timeout=30)
    assert (wrong.status_code, missing.status_code) == (403, 403)
    assert "1158201444" not in wrong.text + missing.text


def test_a_signed_concern_gets_the_borough_as_quick_replies_and_then_the_route(
    assistant: Assistant, directory: Directory
) -> None:
    psid = new_psid()
    say(assistant, psid, CONCERN)
    messages = assistant.graph_api.wait_for(psid, lambda ms: any("quick_replies" in m for m in ms))
    assert "999" in texts(messages)  # danger first
    (question,) = [m for m in messages if "quick_replies" in m]
    titles = [reply["title"] for reply in question["quick_replies"]]
    assert titles == [
        "Blackburn with…",
        "Burnley",
        "Hyndburn",
        "Pendle",
        "Rossendale",
        "Somewhere else",
    ]
    assert all(length(title) <= MAX_TITLE for title in titles)
    sent = [r for r in assistant.graph_api.sent() if r.recipient == psid]
    assert {r.access_token for r in sent} == {assistant.meta_app.page_access_token}
    assert any(r.body.get("sender_action") == "typing_on" for r in sent)

    burnley = next(r for r in question["quick_replies"] if r["title"] == "Burnley")
    before = len(messages)
    say(assistant, psid, "Burnley", quick_reply=burnley["payload"])
    route = route_text(directory, "hate_crime", "burnley")
    messages = assistant.graph_api.wait_for(
        psid, lambda ms: route.split("\n\n")[-1] in texts(ms[before:])
    )
    answer = texts(messages[before:])
    for paragraph in route.split("\n\n"):
        assert paragraph in answer
    assert all(length(m.get("text", "")) <= MAX_TEXT for m in messages)


def test_the_concern_log_records_the_messenger_channel(assistant: Assistant) -> None:
    psid = new_psid()
    say(assistant, psid, "there's a massive pothole on Colne Road in Burnley")
    offered = assistant.graph_api.wait_for(psid, lambda ms: "log this" in texts(ms))
    (offer,) = [m for m in offered if "quick_replies" in m]
    yes = next(r for r in offer["quick_replies"] if r["title"] == "Yes, log it")
    store = ConcernStore(assistant.database_url)
    before = store.count()
    say(assistant, psid, yes["title"], quick_reply=yes["payload"])
    asked = assistant.graph_api.wait_for(psid, lambda ms: len(ms) > len(offered))
    skip = next(r for m in asked for r in m.get("quick_replies", []) if r["title"] == "Skip")
    say(assistant, psid, skip["title"], quick_reply=skip["payload"])
    assistant.graph_api.wait_for(psid, lambda ms: "logged" in texts(ms))
    assert store.count() == before + 1
    assert list(store.rows())[-1]["channel"] == "messenger"


def test_a_message_meta_delivers_twice_is_read_once(assistant: Assistant) -> None:
    """Meta delivers a message again, with the same mid, when the webhook was slow to answer.
    Read twice, a "yes" to the offer to log became the concern's description."""
    psid = new_psid()
    say(assistant, psid, "there's a massive pothole on Colne Road in Burnley")
    offered = assistant.graph_api.wait_for(psid, lambda ms: "log this" in texts(ms))
    (offer,) = [m for m in offered if "quick_replies" in m]
    yes = next(r for r in offer["quick_replies"] if r["title"] == "Yes, log it")
    body = json.dumps(payload(psid, yes["title"], quick_reply=yes["payload"])).encode()
    signature = sign(assistant.meta_app.app_secret, body)
    store = ConcernStore(assistant.database_url)
    before = store.count()
    for _ in range(2):
        assert post(assistant, body, signature).status_code == 200
    asked = assistant.graph_api.wait_for(psid, lambda ms: "what is happening" in texts(ms))
    # Then a witness turn in the same conversation: anything the second delivery caused has
    # been sent by the time its answer arrives.
    say(assistant, psid, "the hole is getting bigger every week")
    answered = assistant.graph_api.wait_for(psid, lambda ms: "logged" in texts(ms[len(asked) :]))
    assert texts(answered).count("what is happening") == 1
    assert store.count() == before + 1
    assert list(store.rows())[-1]["description"] == "the hole is getting bigger every week"
    user_turns = [e for e in assistant.tracker(psid)["events"] if e["event"] == "user"]
    assert len(user_turns) == 3
    store.engine.dispose()


@pytest.mark.parametrize("forgery", ["unsigned", "wrong secret", "changed body", "sha1 only"])
def test_forged_or_unsigned_payloads_get_403_and_nothing_is_sent(
    assistant: Assistant, forgery: str
) -> None:
    psid = new_psid()
    body = json.dumps(payload(psid, CONCERN)).encode()
    secret = assistant.meta_app.app_secret
    headers: dict[str, str] = {"Content-Type": "application/json"}
    if forgery == "wrong secret":
        headers[SIGNATURE_HEADER] = sign("not-the-app-secret", body)
    elif forgery == "changed body":
        headers[SIGNATURE_HEADER] = sign(secret, body)
        body = body.replace(b"racist abuse", b"a lost cat")
    elif forgery == "sha1 only":  # all Rasa's own connector checks
        digest = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
        headers["X-Hub-Signature"] = f"sha1={digest}"
    reply = requests.post(webhook(assistant), data=body, headers=headers, timeout=60)
    assert reply.status_code == 403

    # A signed message after it is answered, so anything the forgery caused has arrived by now.
    witness = new_psid()
    say(assistant, witness, "hello")
    assert assistant.graph_api.wait_for(witness, bool)
    assert [r for r in assistant.graph_api.sent() if r.recipient == psid] == []


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=hostile_bodies)
def test_any_signed_hostile_body_gets_a_4xx_or_an_answer_never_a_5xx(
    assistant: Assistant, raw: bytes
) -> None:
    """Signed correctly, so the body is really read: deep nesting, huge numbers, bad UTF-8."""
    response = post(assistant, raw, sign(assistant.meta_app.app_secret, raw))
    assert response.status_code < 500, (response.status_code, response.text[:300])


@pytest.mark.parametrize("raw", KNOWN_BAD[:3], ids=range(3))
def test_signed_bodies_that_broke_the_reader_get_a_clear_400(
    assistant: Assistant, raw: bytes
) -> None:
    response = post(assistant, raw, sign(assistant.meta_app.app_secret, raw))
    assert response.status_code == 400 and response.json()["error"], response.text[:300]


def test_a_greeting_offers_other_languages_as_quick_replies_and_polish_can_be_chosen(
    assistant: Assistant,
) -> None:
    """Issue #15: the languages are quick replies, each named in its own language; choosing one
    answers in it from then on."""
    psid = new_psid()
    say(assistant, psid, "hello")
    greeting = assistant.graph_api.wait_for(psid, lambda ms: any("quick_replies" in m for m in ms))
    (offer,) = [m for m in greeting if "quick_replies" in m]
    other = next(r for r in offer["quick_replies"] if r["title"] == "Other languages")
    before = len(greeting)
    say(assistant, psid, "Other languages", quick_reply=other["payload"])
    menu = assistant.graph_api.wait_for(
        psid, lambda ms: any("quick_replies" in m for m in ms[before:])
    )
    (languages,) = [m for m in menu[before:] if "quick_replies" in m]
    titles = [reply["title"] for reply in languages["quick_replies"]]
    assert titles == ["English", "اردو", "ਪੰਜਾਬੀ", "پنجابی", "Polski", "Română", "ગુજરાતી", "বাংলা"]
    polski = next(r for r in languages["quick_replies"] if r["title"] == "Polski")
    before = len(menu)
    say(assistant, psid, "Polski", quick_reply=polski["payload"])
    chosen = assistant.graph_api.wait_for(psid, lambda ms: len(ms) > before)
    assert any(letter in texts(chosen[before:]) for letter in "ąęłńśźżó")
