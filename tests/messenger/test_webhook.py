"""The subscription handshake and reading residents' messages out of Meta's webhook payloads."""

from __future__ import annotations

import pytest

from bot.messenger.settings import DEFAULT_GRAPH_API, MessengerSettings
from bot.messenger.webhook import IncomingMessage, incoming_messages, subscription_challenge

TOKEN = "verify-me"


def test_the_challenge_is_echoed_when_meta_subscribes_with_our_token() -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": TOKEN, "hub.challenge": "1158201444"}
    assert subscription_challenge(params, TOKEN) == "1158201444"


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": TOKEN, "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.verify_token": TOKEN},
    ],
)
def test_a_wrong_or_incomplete_handshake_is_refused(params: dict[str, str]) -> None:
    assert subscription_challenge(params, TOKEN) is None


def test_an_unconfigured_verify_token_accepts_no_one() -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}
    assert subscription_challenge(params, "") is None


def event(sender: str, **fields: object) -> dict[str, object]:
    return {"sender": {"id": sender}, "recipient": {"id": "PAGE"}, "timestamp": 1, **fields}


def test_text_quick_replies_and_postbacks_are_read_in_order_and_the_rest_skipped() -> None:
    payload = {
        "object": "page",
        "entry": [
            {
                "id": "PAGE",
                "messaging": [
                    event("111", message={"mid": "m1", "text": "someone keeps shouting at me"}),
                    event(
                        "111",
                        message={
                            "mid": "m2",
                            "text": "Burnley",
                            "quick_reply": {"payload": '/inform_location{"borough": "burnley"}'},
                        },
                    ),
                    event("222", postback={"title": "Get started", "payload": "/greet"}),
                    event("PAGE", message={"mid": "m3", "text": "our reply", "is_echo": True}),
                    event("333", message={"mid": "m4", "attachments": [{"type": "image"}]}),
                    event("444", read={"watermark": 1}),
                    event("555", delivery={"mids": ["m1"]}),
                ],
            }
        ],
    }
    assert incoming_messages(payload) == [
        IncomingMessage("111", "someone keeps shouting at me", "m1"),
        IncomingMessage("111", '/inform_location{"borough": "burnley"}', "m2"),
        IncomingMessage("222", "/greet"),
    ]


@pytest.mark.parametrize(
    "payload",
    [None, [], "text", {"object": "instagram", "entry": []}, {"object": "page", "entry": [1]}],
)
def test_payloads_that_are_not_page_events_give_nothing(payload: object) -> None:
    assert incoming_messages(payload) == []


def test_settings_come_from_credentials_with_meta_as_the_default_graph_api() -> None:
    settings = MessengerSettings.from_credentials(
        {"verify_token": "v", "app_secret": "s", "page_access_token": "p", "graph_api": ""}
    )
    assert settings.configured and settings.graph_api == DEFAULT_GRAPH_API
    assert not MessengerSettings.from_credentials({"app_secret": "s"}).configured
    moved = MessengerSettings.from_credentials({"graph_api": "http://127.0.0.1:9/v1/"})
    assert moved.graph_api == "http://127.0.0.1:9/v1"
