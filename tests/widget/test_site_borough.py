"""The council site's borough is a hint: it leads the borough question, it never answers it."""

from __future__ import annotations

from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.routing import ActionRouteConcern
from bot import paths

DOMAIN = yaml.safe_load((paths.PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


def tracker(text: str, intent: str, metadata: dict[str, Any] | None) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": [],
        "intent_ranking": [{"name": intent, "confidence": 0.9}],
        "metadata": metadata,
    }
    return Tracker(
        sender_id="test",
        slots={},
        latest_message=message,
        events=[{"event": "user", "text": text, "parse_data": message}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def borough_question(metadata: dict[str, Any] | None) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = ActionRouteConcern().run(
        dispatcher,
        tracker("someone spat at me and called me names", "report_hate_crime", metadata),
        DOMAIN,
    )
    (question,) = [m for m in dispatcher.messages if m.get("buttons")]
    return question["buttons"], events


def test_the_site_borough_comes_first_and_the_rest_keep_their_order() -> None:
    hinted, events = borough_question({"default_borough": "pendle"})
    assert [b["title"] for b in hinted] == [
        "Pendle",
        "Blackburn with Darwen",
        "Burnley",
        "Hyndburn",
        "Rossendale",
        "Somewhere else",
    ]
    assert hinted[0]["payload"] == '/inform_location{"borough": "pendle"}'  # Rasa's braces, not {{
    assert {b["payload"] for b in hinted} == {
        b["payload"].replace("{{", "{").replace("}}", "}")
        for b in DOMAIN["responses"]["utter_ask_borough"][0]["buttons"]
    }
    assert not [e for e in events if e.get("name") == "borough"]  # the hint is not the answer


def test_no_hint_or_an_unknown_borough_asks_as_the_domain_does() -> None:
    for metadata in (None, {}, {"default_borough": "lancaster"}, {"default_borough": ["pendle"]}):
        dispatcher = CollectingDispatcher()
        ActionRouteConcern().run(
            dispatcher, tracker("someone spat at me", "report_hate_crime", metadata), DOMAIN
        )
        assert dispatcher.messages[-1]["response"] == "utter_ask_borough"
