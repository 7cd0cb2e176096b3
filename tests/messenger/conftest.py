"""The Messenger tests share the running assistant with tests/e2e and tests/widget; its Messenger
channel sends to a local stand-in for Meta's Graph API (tests/standins/graph_api.py)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Assistant, shared_assistant


@pytest.fixture(scope="session")
def assistant(request: pytest.FixtureRequest) -> Assistant:
    return shared_assistant(request.config)
