"""credentials.yml as Rasa reads it: `make run` must start with no FACEBOOK_* variable set."""

from __future__ import annotations

import re

import pytest
from rasa.shared.utils.io import read_config_file

from bot import paths
from bot.messenger.settings import CREDENTIAL_VARIABLES, DEFAULT_GRAPH_API, MessengerSettings
from bot.serving.embedded import unset_credential_variables

CREDENTIALS = paths.PROJECT_ROOT / "credentials.yml"
CHANNEL = "csp_components.channels.messenger.MessengerInput"


def test_every_variable_credentials_yml_reads_is_filled_when_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    named = set(re.findall(r"\$\{(\w+)\}", CREDENTIALS.read_text(encoding="utf-8")))
    assert named == set(unset_credential_variables({}))
    for name, value in unset_credential_variables({}).items():
        monkeypatch.setenv(name, value)
    settings = MessengerSettings.from_credentials(read_config_file(str(CREDENTIALS))[CHANNEL])
    assert not settings.configured  # closed: its webhook answers 403
    assert settings.graph_api == DEFAULT_GRAPH_API


def test_values_set_in_the_environment_reach_the_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {name: f"value-of-{name.lower()}" for name in CREDENTIAL_VARIABLES}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    assert unset_credential_variables({}) == {}  # nothing set is overridden
    settings = MessengerSettings.from_credentials(read_config_file(str(CREDENTIALS))[CHANNEL])
    assert settings.app_secret == values["FACEBOOK_APP_SECRET"]
    assert settings.verify_token == values["FACEBOOK_VERIFY_TOKEN"]
    assert settings.page_access_token == values["FACEBOOK_PAGE_ACCESS_TOKEN"]
    assert settings.graph_api == values["FACEBOOK_GRAPH_API"]
