"""Shared fixtures. The project's own data is used throughout: no stand-ins for our own parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import paths
from bot.directory import Directory, load_directory
from bot.nlu_data import training_files

# One browser for the whole run: two sync Playwright instances cannot be alive at once, so the
# fixtures live here rather than in each folder's conftest.
from tests.real_browser import browser, page  # noqa: F401

TESTS = Path(__file__).parent
TEST_DATA = TESTS / "data"


def lines_of(name: str) -> list[str]:
    """Non-blank, non-comment lines of a file in tests/data."""
    text = (TEST_DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


TRAINING_NLU_FILES = training_files()
HELD_OUT_NLU_FILE = paths.PROJECT_ROOT / "tests" / "nlu" / "test_nlu.yml"


@pytest.fixture(scope="session")
def directory() -> Directory:
    return load_directory()
