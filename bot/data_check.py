"""`csp-bot data check`: load every maintained data file through its schema, as the servers do.

Each loader validates its file on load and cross-checks what it refers to (a concern's contacts
and roles, a translation's source texts, a map's boroughs), so loading them all is the check.
The NLU examples and stories are Rasa's, checked by `rasa data validate` (make validate).
docs/maintaining.md says what each file holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from bot.concern_log.recurrence import infer_recurrence
from bot.datafile import DataError
from bot.language.catalogue import messenger_words, widget_words
from bot.language.languages import supported
from bot.language.translations import translator
from bot.places.locate import load_gazetteer, load_native_names, locator
from bot.redaction.data import load_cues, load_names
from bot.routing.directory import load_directory
from bot.routing.opening import opening_words
from bot.routing.understanding import thresholds
from bot.safety.danger import DangerCheck
from bot.trends.catalogue import catalogue, priorities_file
from bot.trends.maps import hex_map
from bot.trends.population import population


@dataclass(frozen=True)
class Outcome:
    what: str
    error: str | None  # None when it loaded


def checks() -> Iterator[tuple[str, Callable[[], object]]]:
    """What is loaded, in the order a reader would look for it."""
    yield "languages (data/languages/languages.yml)", supported
    for code in supported():
        yield f"routing directory in {code} (data/directory)", partial(load_directory, code)
        yield f"translations for {code} (data/languages/translations)", partial(translator, code)
    yield "opening-hours words (data/directory/opening.yml)", opening_words
    yield "when to ask, not route (data/dialogue/understanding.yml)", thresholds
    yield "the widget's words (data/languages/widget.yml)", widget_words
    yield "Messenger's words (data/languages/messenger.yml)", messenger_words
    yield "place names (data/places/gazetteer.yml)", load_gazetteer
    yield "place names in other languages (data/places/languages)", load_native_names
    yield "the place finder over both", locator
    yield "danger lists in every language (data/safety)", DangerCheck.load
    yield "how often it happens (data/log/recurrence.yml)", lambda: infer_recurrence("")
    yield "redaction cues (data/redaction/cues.yml)", load_cues
    yield "redaction names (data/redaction/names.yml)", lambda: load_names(load_cues())
    yield "priorities by plan period (data/strategy/priorities.yml)", priorities_file
    yield "the categories officers see", catalogue
    yield "residents per borough (data/population/boroughs.yml)", population
    yield "the map (data/maps/hexes.yml)", hex_map


def run_checks() -> list[Outcome]:
    outcomes = []
    for what, load in checks():
        try:
            load()
        except (DataError, ValueError, KeyError) as error:
            outcomes.append(Outcome(what, f"{type(error).__name__}: {error}"))
        else:
            outcomes.append(Outcome(what, None))
    return outcomes
