"""The officers' dashboard, signed in, given any query string and any form body: a page with the
problem explained or a 4xx, never a 5xx. Flask's test client against a real SQLite database."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.routing.directory import load_directory
from bot.web.app import create_app
from bot.web.dashboard.services import services
from bot.web.settings import WebSettings
from tests.dashboard import fixture
from tests.dashboard.test_auth import EMAIL, PASSWORD, dashboard_urls, sign_in
from tests.databases import sqlite_url
from tests.hostile import hostile_bodies

EDGE_VALUES = ["0001-01-01", "9999-12-31", "0001-01-07", "2026-02-30", "-1", "1e999", "\x00"]
_app: Flask | None = None
_officer: FlaskClient | None = None


def signed_in_app() -> Flask:
    """One app and database for every example (hypothesis runs a test many times)."""
    global _app
    if _app is None:
        folder = Path(tempfile.mkdtemp(prefix="csp-hostile-dashboard-"))
        _app = create_app(WebSettings(secret_key="test", secure_cookies=False))
        _app.config["DATABASE_URL"] = sqlite_url(folder)
        services(_app).accounts.add(EMAIL, PASSWORD)
        fixture.load(services(_app).store, load_directory())
    return _app


def officer() -> FlaskClient:
    """A client signed in once (each sign-in costs an argon2 hash)."""
    global _officer
    if _officer is None:
        _officer = signed_in_app().test_client()
        sign_in(_officer)
    return _officer


queries = st.dictionaries(
    st.sampled_from(["from", "to", "borough", "category", "channel", "period", "next"]),
    st.text(max_size=40) | st.sampled_from(EDGE_VALUES),
    max_size=6,
)


@pytest.mark.parametrize(
    ("start", "end"),
    [("0001-01-01", "0001-01-02"), ("9999-12-25", "9999-12-31"), ("0001-01-01", "9999-12-31")],
)
def test_dates_at_the_ends_of_the_calendar_are_explained_not_a_500(start: str, end: str) -> None:
    for url in dashboard_urls(signed_in_app()):
        response = officer().get(url.split("?")[0], query_string={"from": start, "to": end})
        assert response.status_code < 500, (url, response.status_code)
    page = officer().get("/dashboard/", query_string={"from": start, "to": end}).text
    assert "between 2000 and 2099" in page


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=queries, which=st.integers(min_value=0))
def test_any_query_on_any_dashboard_page_gets_no_5xx(query: dict[str, str], which: int) -> None:
    urls = dashboard_urls(signed_in_app())
    url = urls[which % len(urls)].split("?")[0]
    response = officer().get(url, query_string=query)
    assert response.status_code < 500, (url, query, response.status_code)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=hostile_bodies)
def test_any_body_posted_to_the_sign_in_form_gets_no_5xx(raw: bytes) -> None:
    client = signed_in_app().test_client()
    for content_type in ("application/x-www-form-urlencoded", "application/json"):
        response = client.post("/dashboard/sign-in", data=raw, content_type=content_type)
        assert response.status_code < 500, (content_type, response.status_code)
