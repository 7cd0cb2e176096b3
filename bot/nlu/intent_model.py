"""Which intent a resident's message carries: TF-IDF word and character n-grams, a linear SVM.

Words are read by their Snowball (Porter 2) stems, so "stabbed", "stabbing" and "stabs" are one
feature; the character n-grams still see each word as written (typos, dialect, text-speak).

Plain scikit-learn, no Rasa (csp_components/nlu/intent_classifier.py adapts it). Chosen over
Rasa's DIET because, with no word vectors available here, it generalises better to wording the
training data never saw (docs/benchmarks.md gives the held-out and cross-validated figures), and
it trains in seconds rather than minutes.

Confidences are a softmax of the SVM's decision values times a scale. The scale is fitted at
training time by temperature scaling: the value that minimises the log-loss of 2-fold
cross-validated decision values, so that a confidence means about the same whatever the data.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import snowballstemmer
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline, make_pipeline, make_union
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

# Chosen by 5-fold cross-validation on data/nlu (scripts/intent_model_search.py).
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
SVM_C = 1.0
STEM_WORDS = True
SCALES = tuple(float(scale) for scale in range(2, 13))
# Two folds, not five: the scale is read off a grid of whole numbers, and on the training data
# of 2026-12-03 five, three and two folds all chose 7.0, so the model is the same; two fit in a
# quarter of the time, beside the whole fit (issue #18's training time). A slow test checks
# that two folds still choose what five would (tests/unit/test_intent_model.py).
CV_FOLDS = 2
# The folds of a large training set and its whole fit run side by side, one per core: the same
# result in less time (issue #18's training time); a small one is quicker in one process.
CV_JOBS = min(CV_FOLDS, os.cpu_count() or 1)
CV_PARALLEL_FROM = 2000  # examples
SEED = 42
PIPELINE_FILE = "pipeline.skops"
VOCABULARIES_FILE = "vocabularies.json"
SCALE_FILE = "scale.txt"
# What a saved pipeline may hold beyond skops' own trusted types; anything else is refused.
TRUSTED_TYPES = frozenset({"scipy.sparse._csr.csr_matrix", "bot.nlu.intent_model.stemmed_words"})
# Words keep one-letter words ("i", "u") and the vowel signs of Indic scripts, which \w omits.
WORD = re.compile(r"(?u)(?:\w|[\u0900-\u0DFF])+")
STEMMERS = threading.local()  # a Snowball stemmer keeps state between calls: one per thread
STEM_CACHE_WORDS = 100_000  # the training data has about 22,000 different words
# Decision values or confidences: a row per text, a column per intent (from an SVM with two
# intents, one value per text).
Scores = npt.NDArray[np.float64]
Indices = npt.NDArray[np.int_]


@dataclass(frozen=True)
class Settings:
    word_ngrams: tuple[int, int] = WORD_NGRAMS
    char_ngrams: tuple[int, int] = CHAR_NGRAMS
    svm_c: float = SVM_C
    stem_words: bool = STEM_WORDS


@functools.lru_cache(maxsize=STEM_CACHE_WORDS)
def stem(word: str) -> str:
    """A lowercased word's stem. Cached: Snowball is pure Python, and stemming every word anew
    was most of the time the model took to fit (6 s of each 15 s fit, issue #18)."""
    if not hasattr(STEMMERS, "english"):
        STEMMERS.english = snowballstemmer.stemmer("english")
    return cast(str, STEMMERS.english.stemWord(word))


def stemmed_words(text: str) -> list[str]:
    """The text's words, lowercased, each by its stem ("stabbing" reads "stab")."""
    return [stem(word) for word in WORD.findall(text.lower())]


def new_pipeline(settings: Settings = Settings()) -> Pipeline:
    features = make_union(
        TfidfVectorizer(
            analyzer="word",
            ngram_range=settings.word_ngrams,
            sublinear_tf=True,
            strip_accents="unicode",  # "mąż" and "maz", as phones type it, are one word
            tokenizer=stemmed_words if settings.stem_words else None,
            token_pattern=None if settings.stem_words else WORD.pattern,
        ),
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=settings.char_ngrams,
            sublinear_tf=True,
            strip_accents="unicode",
        ),
    )
    return make_pipeline(features, LinearSVC(C=settings.svm_c, random_state=SEED))


def per_class(values: Scores) -> Scores:
    """Decision values with a column per class: with two classes an SVM gives one column, the
    second class's score (the first's is its negative)."""
    return np.column_stack([-values, values]) if values.ndim == 1 else values


def softmax(values: Scores, scale: float) -> Scores:
    shifted = scale * (values - values.max(axis=1, keepdims=True))
    exponentials: Scores = np.exp(shifted)
    totals: Scores = exponentials.sum(axis=1, keepdims=True)
    return exponentials / totals


def fitted(settings: Settings, texts: list[str], intents: list[str]) -> Pipeline:
    return new_pipeline(settings).fit(texts, intents)


def held_out_decisions(
    settings: Settings, texts: list[str], intents: list[str], train: Indices, test: Indices
) -> Scores:
    """Decision values for the `test` examples of a pipeline fitted on the `train` ones."""
    pipeline = fitted(settings, [texts[i] for i in train], [intents[i] for i in train])
    return per_class(pipeline.decision_function([texts[i] for i in test]))


def best_scale(decisions: Scores, intents: list[str]) -> float:
    """Temperature scaling: the scale whose softmax gives the true intents the lowest log-loss."""
    truth = np.searchsorted(np.array(sorted(set(intents))), intents)
    rows = np.arange(len(intents))

    def log_loss(scale: float) -> float:
        return float(-np.log(softmax(decisions, scale)[rows, truth] + 1e-12).mean())

    return min(SCALES, key=log_loss)


def fold_jobs(
    settings: Settings, texts: list[str], intents: list[str], folds: int
) -> tuple[list[tuple[Indices, Indices]], list[Any]]:
    """The stratified splits, and a job per split giving its held-out decision values."""
    splits = list(StratifiedKFold(folds, shuffle=True, random_state=SEED).split(texts, intents))
    jobs = [delayed(held_out_decisions)(settings, texts, intents, *split) for split in splits]
    return splits, jobs


def cross_validated_scale(
    splits: list[tuple[Indices, Indices]], parts: list[Scores], intents: list[str]
) -> float:
    """The scale from every example's decision values, each from the fold that held it out."""
    decisions = np.empty((len(intents), parts[0].shape[1]))
    for (_, test), part in zip(splits, parts, strict=True):
        decisions[test] = part
    return best_scale(decisions, intents)


def fit_with_scale(
    settings: Settings, texts: list[str], intents: list[str]
) -> tuple[Pipeline, float]:
    """The pipeline fitted on every example, and its scale from cross-validated decision values.
    The folds and the whole fit are independent, so a large training set fits them all side by
    side, one per core, the longest (the whole) first (issue #18's training time)."""
    folds = min(CV_FOLDS, min(intents.count(intent) for intent in set(intents)))
    if folds < 2:
        return fitted(settings, texts, intents), SCALES[len(SCALES) // 2]
    splits, jobs = fold_jobs(settings, texts, intents, folds)
    n_jobs = CV_JOBS if len(texts) >= CV_PARALLEL_FROM else None
    whole, *parts = Parallel(n_jobs=n_jobs)([delayed(fitted)(settings, texts, intents), *jobs])
    return whole, cross_validated_scale(splits, parts, intents)


def lean(pipeline: Pipeline) -> Pipeline:
    """The SVM's weights in single precision, laid out feature by feature (issue #18). They are
    the served model's largest part (an intent per row, a column per word and character n-gram:
    about 85 MB as float64), and single precision moves a confidence by under 1e-6, far below
    any threshold's margin. Stored transposed, `coef_.T` is contiguous, so a message's features
    multiply it in place (IntentModel.decision_values)."""
    svm = pipeline.steps[-1][1]
    svm.coef_ = np.ascontiguousarray(svm.coef_.T, dtype=np.float32).T
    return pipeline


@dataclass
class IntentModel:
    pipeline: Pipeline
    scale: float
    # Each vectoriser's inverse document frequencies, read once. sklearn's TfidfVectorizer
    # rebuilds them from a 237,000-square diagonal matrix on every transform only to check that
    # they exist: 9% of the Rasa server's time under load (py-spy, issue #18).
    idfs: list[npt.NDArray[np.float64]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.idfs = [vectoriser.idf_ for vectoriser in vectorisers_of(self.pipeline)]

    @classmethod
    def train(
        cls, texts: list[str], intents: list[str], settings: Settings = Settings()
    ) -> IntentModel:
        if len(set(intents)) < 2:
            raise ValueError("an intent model needs examples of at least two intents")
        pipeline, scale = fit_with_scale(settings, texts, intents)
        return cls(lean(pipeline), scale)

    @property
    def intents(self) -> list[str]:
        return [str(intent) for intent in self.pipeline.classes_]

    def rank(self, texts: list[str]) -> list[list[tuple[str, float]]]:
        """For each text, every intent with its confidence, most likely first."""
        if not texts:
            return []
        confidences = softmax(per_class(self.decision_values(texts)), self.scale)
        intents = self.intents
        return [
            sorted(zip(intents, map(float, row), strict=True), key=lambda pair: -pair[1])
            for row in confidences
        ]

    def decision_values(self, texts: list[str]) -> Scores:
        """The SVM's decision values, as its decision_function gives them, but multiplied
        against the weights as lean() lays them out: sklearn multiplies by `coef_.T`, which
        scipy copied into a new array on every call when it was not contiguous (46 intents x
        230,464 features, more than half of each turn's time in the Rasa server)."""
        features = self.features(texts).astype(np.float32)
        svm = self.pipeline.steps[-1][1]
        values: Scores = np.asarray(features @ svm.coef_.T, dtype=np.float64) + svm.intercept_
        return values.ravel() if values.shape[1] == 1 else values

    def features(self, texts: list[str]) -> sparse.csr_matrix:
        """What the pipeline's feature union gives for the texts (to the last bit or two),
        computed as TfidfTransformer computes them (log-scaled counts, times the idf, unit
        length) but with the idf read once (`idfs`)."""
        parts = []
        for vectoriser, idf in zip(vectorisers_of(self.pipeline), self.idfs, strict=True):
            counts = CountVectorizer.transform(vectoriser, texts).astype(np.float64)
            if vectoriser.sublinear_tf:
                np.log(counts.data, counts.data)
                counts.data += 1
            counts.data *= idf[counts.indices]
            parts.append(normalize(counts, norm=vectoriser.norm, copy=False))
        return sparse.hstack(parts, format="csr")

    def save(self, folder: Path) -> None:
        """The pipeline with skops, but each vectoriser's vocabulary as a plain JSON list of its
        terms in feature order (VOCABULARIES_FILE): skops writes a dictionary entry by entry
        into its schema, 196 MB of JSON for 237,000 terms, which took 15 s to write, 13 s more
        to pack into the model file and most of the Rasa server's start to read (issue #18)."""
        import skops.io

        vectorisers = vectorisers_of(self.pipeline)
        vocabularies = [vectoriser.vocabulary_ for vectoriser in vectorisers]
        terms = [sorted(vocabulary, key=vocabulary.__getitem__) for vocabulary in vocabularies]
        (folder / VOCABULARIES_FILE).write_text(
            json.dumps(terms, ensure_ascii=False), encoding="utf-8"
        )
        try:
            for vectoriser in vectorisers:
                del vectoriser.vocabulary_
            # Deflated here, quickly: Rasa packs the model file with gzip at level 9, which
            # took 16 s over the SVM's 45 MB of raw weights and takes 3 s over these 18 MB
            # (issue #18's training time). The weights read back the same.
            skops.io.dump(
                self.pipeline,
                folder / PIPELINE_FILE,
                compression=zipfile.ZIP_DEFLATED,
                compresslevel=1,
            )
        finally:
            for vectoriser, vocabulary in zip(vectorisers, vocabularies, strict=True):
                vectoriser.vocabulary_ = vocabulary
        (folder / SCALE_FILE).write_text(repr(self.scale), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> IntentModel:
        import skops.io

        path = folder / PIPELINE_FILE
        untrusted = set(skops.io.get_untrusted_types(file=path)) - TRUSTED_TYPES
        if untrusted:
            raise ValueError(f"refusing to load {path}: unexpected types {sorted(untrusted)}")
        pipeline = skops.io.load(path, trusted=sorted(TRUSTED_TYPES))
        terms = json.loads((folder / VOCABULARIES_FILE).read_text(encoding="utf-8"))
        vectorisers = vectorisers_of(pipeline)
        if not isinstance(terms, list) or len(terms) != len(vectorisers):
            raise ValueError(f"{folder / VOCABULARIES_FILE} does not match {path}")
        for vectoriser, vocabulary in zip(vectorisers, terms, strict=True):
            if not isinstance(vocabulary, list) or not all(isinstance(t, str) for t in vocabulary):
                raise ValueError(f"{folder / VOCABULARIES_FILE} holds a term that is not text")
            vectoriser.vocabulary_ = {term: index for index, term in enumerate(vocabulary)}
            if len(vectoriser.vocabulary_) != len(vectoriser.idf_):  # one term per feature
                raise ValueError(f"{folder / VOCABULARIES_FILE} does not match {path}")
        scale = float((folder / SCALE_FILE).read_text(encoding="utf-8"))
        return cls(lean(pipeline), scale)


def vectorisers_of(pipeline: Pipeline) -> list[TfidfVectorizer]:
    """The pipeline's TF-IDF vectorisers, words first (new_pipeline's feature union)."""
    union = pipeline.steps[0][1]
    return [vectoriser for _, vectoriser in union.transformer_list]
