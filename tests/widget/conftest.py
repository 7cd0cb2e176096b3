"""Browser tests of the chat widget against the running assistant (shared with tests/e2e and
tests/messenger), in Debian's chromium driven by Playwright."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Assistant, shared_assistant


@pytest.fixture(scope="session")
def assistant(request: pytest.FixtureRequest) -> Assistant:
    return shared_assistant(request.config)
