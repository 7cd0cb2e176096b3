"""Shared fixtures. The project's own data is used throughout: no stand-ins for our own parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import paths
from bot.nlu.training_data import training_files
from bot.routing.directory import Directory, load_directory

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


# The services a test needs, read from the fixtures (and the parameters) it uses, as markers:
# `pytest -m "not postgres"` and the like leave them out (make check runs the unit tests with
# none). The embedded assistant (tests/e2e) needs no service: SQLite and memory. A test's
# fixture names include those its fixtures depend on (`page` brings `browser`, `faults` brings
# `rig`, `topology` brings `started`), so each service is named once, at its root fixture.
FIXTURE_SERVICES: dict[str, tuple[str, ...]] = {
    "browser": ("browser",),
    "rig": ("postgres",),  # tests/faults/rig.py: the concern log in PostgreSQL
    "started": ("nginx", "redis", "postgres"),  # tests/production: the production topology
}
PARAMETER_SERVICES: dict[str, tuple[str, ...]] = {"postgresql": ("postgres",)}
# `make check` runs the unit tests that need no service and are quick: marked `check` here, so
# `make test` runs them once (through check) and then `-m "not check"`, not twice.
UNIT_TESTS = TESTS / "unit"
SERVICES = {
    name for names in [*FIXTURE_SERVICES.values(), *PARAMETER_SERVICES.values()] for name in names
}
NOT_IN_CHECK = (*sorted(SERVICES), "slow")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        needs: set[str] = set()
        for name in getattr(item, "fixturenames", ()):
            needs.update(FIXTURE_SERVICES.get(name, ()))
        callspec = getattr(item, "callspec", None)
        for value in callspec.params.values() if callspec else ():
            if isinstance(value, str):
                needs.update(PARAMETER_SERVICES.get(value, ()))
        for service in sorted(needs):
            item.add_marker(service)
        in_unit = UNIT_TESTS in Path(item.path).parents
        if in_unit and not any(item.get_closest_marker(name) for name in NOT_IN_CHECK):
            item.add_marker("check")
