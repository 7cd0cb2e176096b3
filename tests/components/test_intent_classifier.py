"""The intent model reads place names and postcodes as stand-in words, in training and in use."""

from __future__ import annotations

import tarfile
from pathlib import Path

import skops.io
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.intent_model import TRUSTED_TYPES
from bot.nlp import build_pipeline
from bot.system import MODEL
from csp_components.intent_classifier import text_for_the_model


def test_places_and_postcodes_are_masked_in_what_the_model_reads() -> None:
    text = "noisy neighbours on the hollins estate in burnley bb11 1aa every night"
    message = Message({TEXT: text, SPACY_DOCS[TEXT]: build_pipeline()(text)})
    read = text_for_the_model(message).split()
    assert read[:4] == ["noisy", "neighbours", "on", "the"]
    assert "burnley" not in read and "bb11" not in read and "1aa" not in read
    assert "placename" in read and "postcodevalue" in read
    assert read[-2:] == ["every", "night"]


def test_without_a_spacy_doc_the_text_is_read_as_it_is() -> None:
    assert text_for_the_model(Message({TEXT: "graffiti in Nelson"})) == "graffiti in Nelson"


def test_the_served_model_learnt_the_stand_ins_not_the_names(tmp_path: Path) -> None:
    with tarfile.open(MODEL) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("pipeline.skops"))
        archive.extract(member, tmp_path, filter="data")
    pipeline = skops.io.load(tmp_path / member.name, trusted=sorted(TRUSTED_TYPES))
    words = pipeline.steps[0][1].transformer_list[0][1].vocabulary_
    assert "placename" in words and "postcodevalue" in words
    assert "burnley" not in words and "accrington" not in words
