"""Builds the project's own spaCy pipeline: blank English plus an entity ruler.

No pretrained spaCy model can be installed on these machines, so the pipeline that Rasa's
SpacyNLP loads is made here from the project's data: place and borough names from the
gazetteer and the routing directory, and the shapes of UK postcodes. Rasa's
SpacyEntityExtractor then hands `place`, `borough` and `postcode` entities to the actions, and
the intent model sees each name as a stand-in word (`with_places_masked`): where a concern is
says nothing about what it is, and a stand-in lets what is learnt about "in Burnley" carry over
to places the training data never names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from bot.places.locate import OUTSIDE, load_gazetteer
from bot.routing.directory import Directory, load_directory

OUTWARD_TOKEN = r"^[A-Za-z]{1,2}\d[A-Za-z\d]?$"
INWARD_TOKEN = r"^\d[A-Za-z]{2}$"
WHOLE_POSTCODE_TOKEN = r"^[A-Za-z]{1,2}\d[A-Za-z\d]?\d[A-Za-z]{2}$"
# A spaCy token pattern: one dict of token attributes per token.
TokenPattern = list[dict[str, Any]]
# An entity-ruler pattern, as spaCy's EntityRuler.add_patterns takes it: its label, its token
# pattern and (for places and boroughs) the id of the borough it belongs to.
EntityPattern = dict[str, str | TokenPattern]
POSTCODE_PATTERNS: list[TokenPattern] = [
    [{"TEXT": {"REGEX": OUTWARD_TOKEN}}, {"TEXT": {"REGEX": INWARD_TOKEN}}],
    [{"TEXT": {"REGEX": WHOLE_POSTCODE_TOKEN}}],
]


# What the intent model reads in place of each entity (bot/nlu/intent_model.py).
STAND_IN_WORDS = {"place": "placename", "borough": "placename", "postcode": "postcodevalue"}


def _name_pattern(nlp: Language, name: str, exact_case: bool) -> TokenPattern:
    """Token pattern for a name: any case, or (for ordinary words) capitalised as written."""
    key = "TEXT" if exact_case else "LOWER"
    return [{key: token.text if exact_case else token.lower_} for token in nlp.make_doc(name)]


def entity_patterns(nlp: Language, directory: Directory) -> list[EntityPattern]:
    """Entity-ruler patterns for boroughs, places (inside and outside) and postcodes."""
    patterns: list[EntityPattern] = []
    for bid, borough in directory.boroughs.items():
        for name in [borough.name, *borough.aliases]:
            patterns.append(
                {"label": "borough", "pattern": _name_pattern(nlp, name, False), "id": bid}
            )
    gazetteer = load_gazetteer()
    named = [(p.name, p.aliases, p.common_word, p.borough) for p in gazetteer.places]
    named += [(p.name, p.aliases, p.common_word, OUTSIDE) for p in gazetteer.outside]
    for name, aliases, common_word, borough_id in named:
        for variant in [name, *aliases]:
            pattern = _name_pattern(nlp, variant, exact_case=common_word)
            patterns.append({"label": "place", "pattern": pattern, "id": borough_id})
    patterns += [{"label": "postcode", "pattern": shape} for shape in POSTCODE_PATTERNS]
    return patterns


def with_places_masked(doc: Doc) -> str:
    """The doc's text with each place, borough and postcode replaced by its stand-in word."""
    text = doc.text
    for entity in reversed(doc.ents):
        stand_in = STAND_IN_WORDS.get(entity.label_)
        if stand_in:
            text = f"{text[: entity.start_char]} {stand_in} {text[entity.end_char :]}"
    return text


def build_pipeline(directory: Directory | None = None) -> Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    assert isinstance(ruler, EntityRuler)  # spaCy types add_pipe's result as any pipe
    ruler.add_patterns(entity_patterns(nlp, directory or load_directory()))
    nlp.meta["name"] = "csp"
    nlp.meta["description"] = "Pennine Lancashire CSP: blank English + place/postcode ruler"
    return nlp


def build_to_disk(out: Path) -> int:
    """Write the pipeline to `out` (with the meta.json Rasa checks); returns the pattern count."""
    nlp = build_pipeline()
    nlp.to_disk(out)
    ruler = nlp.get_pipe("entity_ruler")
    assert isinstance(ruler, EntityRuler)  # spaCy types get_pipe's result as any pipe
    return len(ruler.patterns)
