"""What the action server reads, loaded before it answers its readiness check.

The data behind the actions is loaded on first use and kept for the life of the process. Left
to the first turn, that is about 3.5 s of YAML parsing and regular-expression compiling (the
danger lists of every language, the directory of every language) spent inside the first
resident's turn, against the Rasa server's 5 s limit for a custom action: on a loaded machine,
residents who wrote in the first second after a start or restart got the apology instead of an
answer (CI, fourteenth session; docs/benchmarks.md). Loaded here, the action server reports
ready only once a turn costs what every other turn costs.
"""

from __future__ import annotations

from bot.language.languages import supported
from bot.places.locate import locator
from bot.routing.directory import load_directory
from bot.routing.opening import opening_words
from bot.routing.understanding import thresholds
from bot.safety.danger import danger_check


def load_what_the_actions_read() -> None:
    """Load (and keep) every data file the actions read. A language's directory brings its
    translations with it (Directory.load)."""
    danger_check()
    for language in supported():
        load_directory(language)
    thresholds()
    opening_words()
    locator()
