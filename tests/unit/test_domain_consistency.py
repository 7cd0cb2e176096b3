"""domain.yml, the rules and the routing directory must agree: one fact, one place, no gaps."""

from __future__ import annotations

import json
import re

import yaml

from bot import paths
from bot.routing.directory import Directory

DOMAIN = yaml.safe_load((paths.PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
RULES = [
    rule
    for name in ("rules.yml", "concern_rules.yml")
    for rule in yaml.safe_load((paths.DATA_DIR / "stories" / name).read_text("utf-8"))["rules"]
]


def response_text(name: str) -> str:
    return DOMAIN["responses"][name][0]["text"]


def test_every_concern_intent_is_in_the_domain_and_vice_versa(directory: Directory) -> None:
    concern_intents = {i for i in DOMAIN["intents"] if i.startswith(("report_", "ask_"))}
    assert concern_intents == set(directory.concern_by_intent)


def test_every_concern_intent_is_routed_by_a_rule(directory: Directory) -> None:
    routed: set[str] = set()
    for rule in RULES:
        steps = rule["steps"]
        if {"action": "action_route_concern"} in steps:
            for step in steps:
                routed |= {alt["intent"] for alt in step.get("or", [])}
                routed |= {step["intent"]} if "intent" in step else set()
    assert set(directory.concern_by_intent) <= routed


def test_area_buttons_are_the_five_boroughs_and_somewhere_else(directory: Directory) -> None:
    buttons = DOMAIN["responses"]["utter_ask_borough"][0]["buttons"]
    titles = [button["title"] for button in buttons]
    assert titles == [*directory.borough_names().values(), "Somewhere else"]
    values = []
    for button in buttons:
        payload = button["payload"].replace("{{", "{").replace("}}", "}")
        values.append(json.loads(payload.removeprefix("/inform_location"))["borough"])
    assert values == [*directory.boroughs, "outside"]


def test_emergency_reply_and_emergency_contact_give_the_same_numbers(directory: Directory) -> None:
    contact = directory.contacts["police_999"]
    numbers = set(re.findall(r"\b\d{2,}\b", contact.render()))
    assert {"999", "55", "18000"} <= numbers
    for variant in DOMAIN["responses"]["utter_emergency"]:  # the web chat's too
        words = json.dumps(variant)
        assert numbers <= set(re.findall(r"\b\d{2,}\b", words)), variant
        assert contact.web in words  # 999BSL's address


def test_menu_buttons_name_real_concern_intents(directory: Directory) -> None:
    for button in DOMAIN["responses"]["utter_help"][0]["buttons"]:
        assert button["payload"].removeprefix("/") in directory.concern_by_intent


def test_every_intent_has_a_test_story() -> None:
    # make test runs these stories against the served model (rasa test core).
    stories = "".join(
        path.read_text("utf-8") for path in (paths.PROJECT_ROOT / "tests" / "stories").glob("*.yml")
    )
    told = set(re.findall(r"^\s*- intent: (\w+)", stories, flags=re.MULTILINE))
    assert set(DOMAIN["intents"]) - told == set()
