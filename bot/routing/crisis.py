"""The door for a person in crisis: which concern it is, and its intent.

A module of its own, with no more than the data file behind it, so that the NLU server can
read the intent without loading and checking the whole directory (a second and about 4 MB).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bot import paths
from bot.datafile import DataError, read_yaml

# The crisis lines only, nothing about reporting crime (data/directory/concerns.yml). Given
# after self-harm, and for a thought of ending one's life beside "I won't act on it"
# (bot/safety/danger.py).
CRISIS_CONCERN = "mental_health_crisis"


@cache
def crisis_intent(folder: Path = paths.DIRECTORY_DIR) -> str:
    """The intent the crisis concern is declared with: read from its declaration alone."""
    path = folder / "concerns.yml"
    try:
        return str(read_yaml(path)["concerns"][CRISIS_CONCERN]["intent"])
    except (KeyError, TypeError) as error:
        raise DataError(f"{path}: no intent for the concern {CRISIS_CONCERN}") from error
