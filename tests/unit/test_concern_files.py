"""Each concern is declared once: the Rasa files that follow from it are generated and checked."""

from __future__ import annotations

import pytest
import yaml

from bot.routing import concern_files
from bot.routing.directory import Directory, load_directory


def test_no_generated_file_has_drifted_from_the_declarations() -> None:
    assert concern_files.drifted(load_directory()) == [], "run `make concerns`"


def test_every_generated_file_says_it_is_generated() -> None:
    for path, content in concern_files.expected_files(load_directory()).items():
        assert concern_files.NOTE in content, path


def with_new_concern() -> Directory:
    """The project's directory plus one more concern, declared as a maintainer would."""
    directory = load_directory()
    concerns = dict(directory.concerns)
    concerns["pavement_cycling"] = directory.concerns["noise"].copy(
        update={"intent": "report_pavement_cycling", "label": "Cycling on pavements"}
    )
    return Directory(
        directory.contacts, concerns, directory.boroughs, directory.kinds, directory.words
    )


def test_a_new_declaration_reaches_the_intents_the_rule_the_menu_and_a_test_story() -> None:
    directory = with_new_concern()
    current = concern_files.DOMAIN_FILE.read_text(encoding="utf-8")
    domain = yaml.safe_load(concern_files.domain(directory, current))
    assert "report_pavement_cycling" in domain["intents"]
    menu = [button["payload"] for button in domain["responses"]["utter_help"][0]["buttons"]]
    assert ("/report_pavement_cycling" in menu) == directory.concerns["noise"].in_menu
    (rule,) = yaml.safe_load(concern_files.rules(directory))["rules"]
    assert {"intent": "report_pavement_cycling"} in rule["steps"][0]["or"]
    stories = yaml.safe_load(concern_files.test_stories(directory))["stories"]
    assert any(s["steps"][0] == {"intent": "report_pavement_cycling"} for s in stories)


def test_a_domain_without_its_markers_is_an_error_not_a_silent_skip() -> None:
    with pytest.raises(concern_files.DriftError):
        concern_files.replace_region("intents:\n  - greet\n", "concern intents", ["- x"])
