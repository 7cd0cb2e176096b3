"""Where the project's data lives. One place, so nothing else hard-codes a path."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CSP_DATA_DIR", PROJECT_ROOT / "data"))
DIRECTORY_DIR = DATA_DIR / "directory"
PLACES_DIR = DATA_DIR / "places"
SAFETY_DIR = DATA_DIR / "safety"
BUILD_DIR = PROJECT_ROOT / "build"
SPACY_MODEL_DIR = BUILD_DIR / "spacy" / "en_csp"
