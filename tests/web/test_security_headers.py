"""Every response of the web server carries the security headers (issue #7's list)."""

from __future__ import annotations

import pytest

from bot.web.app import create_app
from bot.web.security import content_security_policy
from bot.web.settings import WebSettings

SETTINGS = WebSettings(
    secret_key="test",
    chat_server="https://chat.example.org",
    frame_ancestors=("https://www.burnley.gov.uk",),
)


@pytest.fixture
def client():
    return create_app(SETTINGS).test_client()


@pytest.mark.parametrize("path", ["/", "/healthz", "/no-such-page", "/assets/app.css"])
def test_every_response_has_the_headers(client, path: str) -> None:
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.burnley.gov.uk" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_widget_may_reach_the_chat_server_and_nothing_else() -> None:
    policy = content_security_policy(SETTINGS)
    assert "connect-src 'self' https://chat.example.org wss://chat.example.org" in policy


def test_settings_come_from_the_environment() -> None:
    settings = WebSettings.from_environment(
        {"CSP_SECRET_KEY": "k", "CSP_FRAME_ANCESTORS": "https://a.gov.uk  https://b.gov.uk"}
    )
    assert settings.secret_key == "k"
    assert settings.frame_ancestors == ("https://a.gov.uk", "https://b.gov.uk")
    assert (
        WebSettings.from_environment({}).secret_key != WebSettings.from_environment({}).secret_key
    )


def test_vendor_assets_only_from_known_packages(client) -> None:
    assert client.get("/assets/vendor/govuk/govuk-frontend.min.js").status_code == 200
    assert client.get("/assets/vendor/axe-core/axe.min.js").status_code == 404
    assert client.get("/assets/vendor/govuk/../../../package.json").status_code == 404
