"""Reading Rasa NLU files without Rasa (bot/nlu/training_data.py)."""

from __future__ import annotations

from pathlib import Path

from bot.nlu.training_data import nlu_examples, training_files

NLU_FILE = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - hiya
    - ow do

- intent: faq/street_pastors
  examples: |
    - who are the street pastors
- lookup: place
  examples: |
    - Colne
"""


def test_each_example_comes_with_its_intent_and_faq_sub_intent(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text(NLU_FILE, encoding="utf-8")
    assert nlu_examples(path) == [
        ("greet", "hiya"),
        ("greet", "ow do"),
        ("faq/street_pastors", "who are the street pastors"),
    ]


def test_the_training_files_are_the_projects_nlu_data() -> None:
    assert {path.name for path in training_files()} >= {"conversation.yml", "faq.yml"}
