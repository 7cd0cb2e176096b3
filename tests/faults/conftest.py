"""The fault tests share the embedded assistant rig with the bad-input tests (tests/faults/rig.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.faults.rig import Rig, shared_rig
from tests.faults.switch import UP


@pytest.fixture(scope="session")
def rig(request: pytest.FixtureRequest) -> Rig:
    return shared_rig(request.config)


@pytest.fixture
def faults(rig: Rig) -> Iterator[Rig]:
    """The rig, with every wire put back when the test ends, whatever happened."""
    try:
        yield rig
    finally:
        rig.actions.switch(UP)
        rig.database.restore()
