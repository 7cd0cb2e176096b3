"""Where the project's data lives. One place, so nothing else hard-codes a path."""

from __future__ import annotations

from pathlib import Path

from bot.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Read alone: a module that only needs a path must not stop on another variable's value.
DATA_DIR = Settings.from_environ(only={"csp_data_dir"}).csp_data_dir or PROJECT_ROOT / "data"
DIRECTORY_DIR = DATA_DIR / "directory"
PLACES_DIR = DATA_DIR / "places"
SAFETY_DIR = DATA_DIR / "safety"
BUILD_DIR = PROJECT_ROOT / "build"
SPACY_MODEL_DIR = BUILD_DIR / "spacy" / "en_csp"
