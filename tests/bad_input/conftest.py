"""Bad input against the running assistant: the rig shared with tests/faults (tests/faults/rig.py)."""

from __future__ import annotations

import pytest

from tests.faults.rig import Rig, shared_rig


@pytest.fixture(scope="session")
def rig(request: pytest.FixtureRequest) -> Rig:
    return shared_rig(request.config)
