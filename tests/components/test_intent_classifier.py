"""The intent model reads place names and postcodes as stand-in words, in training and in use."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

import pytest
import skops.io
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from sklearn.pipeline import Pipeline

from bot import paths
from bot.datafile import read_yaml
from bot.nlu.intent_model import (
    PIPELINE_FILE,
    TRUSTED_TYPES,
    VOCABULARIES_FILE,
    IntentModel,
    new_pipeline,
    vectorisers_of,
)
from bot.nlu.spacy_pipeline import build_pipeline
from bot.serving.embedded import MODEL
from csp_components.nlu import intent_classifier
from csp_components.nlu.intent_classifier import LinearIntentClassifier, text_for_the_model


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


def served_folder(folder: Path) -> Path:
    """The served model's intent component, unpacked into `folder`."""
    with tarfile.open(MODEL) as archive:
        members = [m for m in archive.getmembers() if "LinearIntentClassifier" in m.name]
        archive.extractall(folder, members=members, filter="data")
    return next(path.parent for path in folder.rglob(PIPELINE_FILE))


def served_pipeline(folder: Path) -> Pipeline:
    return IntentModel.load(served_folder(folder)).pipeline


def test_the_served_model_has_no_tensorflow_component() -> None:
    """Issue #18's biggest saving: no TensorFlow model in the served pipeline or policies
    (the FAQ answers are the linear selector's, csp_components/nlu/response_selector.py)."""
    with tarfile.open(MODEL) as archive:
        names = [member.name for member in archive.getmembers()]
    assert any("LinearResponseSelector" in name for name in names)
    tensorflow = ("ResponseSelector", "DIETClassifier", "TEDPolicy", "tf_model", ".data-0")
    found = [n for n in names if any(t in n for t in tensorflow) and "Linear" not in n]
    assert found == []


def test_the_served_intent_model_keeps_its_vocabularies_as_plain_lists(tmp_path: Path) -> None:
    """Issue #18's training time and start-up: skops wrote each vocabulary entry by entry into a
    196 MB schema (15 s to write, 13 s more to pack); as a list of terms it is 3 MB."""
    folder = served_folder(tmp_path)
    bare = skops.io.load(folder / PIPELINE_FILE, trusted=sorted(TRUSTED_TYPES))
    assert not any(hasattr(vectoriser, "vocabulary_") for vectoriser in vectorisers_of(bare))
    sizes = {path.name: path.stat().st_size for path in folder.iterdir()}
    assert sizes[VOCABULARIES_FILE] < 10_000_000
    assert sizes[PIPELINE_FILE] < 60_000_000  # the SVM's weights: 46 intents x 237,000 floats
    assert MODEL.stat().st_size < 40_000_000  # the whole model file (240 MB before)


def test_the_served_intent_model_is_packed_deflated(tmp_path: Path) -> None:
    """Issue #18's training time: Rasa packs the model file with gzip at level 9, 16 s over the
    SVM's raw weights; deflated quickly when saved, they pack in 3 s."""
    folder = served_folder(tmp_path)
    with zipfile.ZipFile(folder / PIPELINE_FILE) as saved:
        weights = max(saved.infolist(), key=lambda entry: entry.file_size)
    assert weights.compress_type == zipfile.ZIP_DEFLATED
    assert weights.compress_size < weights.file_size / 2


def test_nothing_tokenizes_what_the_intent_model_reads() -> None:
    """Issue #18's training time: Rasa's tokenizer took 11 s of training and nothing read its
    tokens (the model reads spaCy's doc, the entity extractor spaCy's entities)."""
    pipeline = read_yaml(paths.PROJECT_ROOT / "config.yml")["pipeline"]
    names = [component["name"] for component in pipeline]
    assert not [name for name in names if name.endswith("Tokenizer")]
    assert names.index("SpacyNLP") < names.index(
        "csp_components.nlu.intent_classifier.LinearIntentClassifier"
    )


def test_the_served_model_was_trained_by_the_current_code(tmp_path: Path) -> None:
    # Rasa would reuse a cached model after a code change but for the fingerprint addon.
    assert repr(served_pipeline(tmp_path)) == repr(new_pipeline())


def test_a_change_to_what_the_model_learns_from_changes_its_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "intent_model.py"
    source.write_text("STEM_WORDS = True\n", encoding="utf-8")
    monkeypatch.setattr(intent_classifier, "LEARNS_FROM", (source,))
    before = LinearIntentClassifier.fingerprint_addon({})
    assert LinearIntentClassifier.fingerprint_addon({}) == before
    source.write_text("STEM_WORDS = False\n", encoding="utf-8")
    assert LinearIntentClassifier.fingerprint_addon({}) != before


def test_the_served_model_learnt_the_stand_ins_not_the_names(tmp_path: Path) -> None:
    pipeline = served_pipeline(tmp_path)
    word_features = pipeline.steps[0][1].transformer_list[0][1]
    words, read = word_features.vocabulary_, word_features.build_analyzer()  # read: stems
    assert all(read(stand_in)[0] in words for stand_in in ("placename", "postcodevalue"))
    assert read("burnley")[0] not in words and read("accrington")[0] not in words
