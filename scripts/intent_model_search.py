"""How bot/nlu/intent_model.py's settings were chosen: 5-fold cross-validation on data/nlu only.

The held-out file is not used here, so the choice does not fit the test. Prints macro-F1 for
each candidate, with the danger check applied as the assistant applies it, on texts prepared as
the Rasa component prepares them (lowercased by SpacyNLP, places masked), and for the masking
and the word stems, each left out in turn at the chosen settings.

Usage: .venv/bin/python scripts/intent_model_search.py
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlu.intent_model import SEED, Settings, new_pipeline  # noqa: E402
from bot.nlu.spacy_pipeline import build_pipeline, with_places_masked  # noqa: E402
from bot.nlu.training_data import intent_examples, training_files  # noqa: E402
from bot.safety.danger import danger_check  # noqa: E402


def cross_validated_macro_f1(
    model_texts: list[str], texts: list[str], intents: list[str], settings: Settings
) -> float:
    danger = danger_check()
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    predicted = cross_val_predict(new_pipeline(settings), model_texts, intents, cv=folds)
    predicted = [
        "emergency" if danger.check(text) else intent
        for text, intent in zip(texts, predicted, strict=True)
    ]
    return float(f1_score(intents, predicted, average="macro"))


def main() -> int:
    texts, intents = intent_examples(training_files())
    nlp = build_pipeline()
    masked = [with_places_masked(nlp(text.lower())) for text in texts]
    unmasked = cross_validated_macro_f1(texts, texts, intents, Settings())
    print(f"chosen settings, places not masked: CV macro-F1 {unmasked:.3f}", flush=True)
    unstemmed = cross_validated_macro_f1(masked, texts, intents, Settings(stem_words=False))
    print(f"chosen settings, words not stemmed: CV macro-F1 {unstemmed:.3f}", flush=True)
    for char, word, svm_c in itertools.product(
        [(1, 5), (2, 5), (2, 6), (3, 5)], [(1, 1), (1, 2), (1, 3)], [0.5, 1.0, 1.5, 2.0]
    ):
        settings = Settings(word_ngrams=word, char_ngrams=char, svm_c=svm_c)
        score = cross_validated_macro_f1(masked, texts, intents, settings)
        print(f"char {char} word {word} C {svm_c}: CV macro-F1 {score:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
