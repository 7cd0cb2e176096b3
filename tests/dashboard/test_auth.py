"""The dashboard's doors: no data without signing in, CSRF refused, lockout, sign-out that
really ends the session. Flask's test client against a real SQLite concern database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.officers.accounts import MAX_FAILURES
from bot.routing.directory import load_directory
from bot.web.app import create_app
from bot.web.dashboard.auth import SESSION_COOKIE
from bot.web.dashboard.services import services
from bot.web.settings import WebSettings
from tests.dashboard import fixture
from tests.dashboard.fixture import FILTERS
from tests.databases import sqlite_url

EMAIL, PASSWORD = "analyst@hyndburnbc.gov.uk", "correct horse battery"
QUERY = FILTERS.query_string()


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = create_app(WebSettings(secret_key="test", secure_cookies=True))
    app.config["DATABASE_URL"] = sqlite_url(tmp_path)
    services(app).accounts.add(EMAIL, PASSWORD)
    fixture.load(services(app).store, load_directory())  # data that must not leak
    return app


def dashboard_urls(app: Flask) -> list[str]:
    """Every GET route under /dashboard, with sample arguments."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/dashboard") and "GET" in rule.methods:
            path = rule.rule.replace("<name>", "priority-over-time")
            for by in ("borough", "district") if "<by>" in path else (None,):
                urls.append(f"{path.replace('<by>', by or '')}?{QUERY}")
    return urls


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client: FlaskClient, password: str = PASSWORD):
    token = csrf_of(client.get("/dashboard/sign-in").text)
    return client.post(
        "/dashboard/sign-in",
        data={
            "csrf_token": token,
            "email": EMAIL,
            "password": password,
            "next": "/dashboard/places",
        },
    )


def test_every_dashboard_url_redirects_to_sign_in_without_data(app: Flask) -> None:
    client = app.test_client()
    urls = dashboard_urls(app)
    assert len(urls) >= 8  # pages, downloads, charts, about
    for url in urls:
        response = client.get(url)
        if url.startswith("/dashboard/sign-in"):
            assert response.status_code == 200 and "concerns" not in response.text.lower()
            continue
        assert response.status_code == 302, url
        assert response.location.startswith("/dashboard/sign-in?next="), url
        for sign_of_data in (b"<table", b"<svg", b"Week starting", b"Borough", b"Padiham"):
            assert sign_of_data not in response.data, url
    posted = client.post("/dashboard/sign-out")
    assert posted.status_code == 303 and posted.location == "/dashboard/sign-in"


def test_signing_in_opens_the_dashboard_with_safe_cookies(app: Flask) -> None:
    client = app.test_client()
    response = sign_in(client)
    assert response.status_code == 302 and response.location == "/dashboard/places"
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    for url in dashboard_urls(app):
        if not url.startswith("/dashboard/sign-in"):
            assert client.get(url).status_code == 200, url
    csv = client.get(f"/dashboard/download/borough-by-priority.csv?{QUERY}")
    assert csv.mimetype == "text/csv" and csv.text.startswith("Borough,")
    assert client.get("/dashboard/").headers["Cache-Control"] == "no-store"


def test_next_never_leaves_the_dashboard(app: Flask) -> None:
    client = app.test_client()
    token = csrf_of(client.get("/dashboard/sign-in").text)
    response = client.post(
        "/dashboard/sign-in",
        data={
            "csrf_token": token,
            "email": EMAIL,
            "password": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response.location == "/dashboard/"


def test_a_form_without_its_csrf_token_is_refused(app: Flask) -> None:
    client = app.test_client()
    client.get("/dashboard/sign-in")
    for token in ("", "made-up-token"):
        response = client.post(
            "/dashboard/sign-in", data={"csrf_token": token, "email": EMAIL, "password": PASSWORD}
        )
        assert response.status_code == 400
        assert SESSION_COOKIE not in response.headers.get("Set-Cookie", "")
    fresh = app.test_client()  # a page on another site cannot read or set our cookie
    response = fresh.post(
        "/dashboard/sign-in", data={"csrf_token": "x", "email": EMAIL, "password": PASSWORD}
    )
    assert response.status_code == 400
    sign_in(client)
    assert client.post("/dashboard/sign-out", data={"csrf_token": "wrong"}).status_code == 400
    assert client.get("/dashboard/").status_code == 200  # still signed in


def test_lockout_after_repeated_failures(app: Flask) -> None:
    client = app.test_client()
    for _ in range(MAX_FAILURES):
        response = sign_in(client, "not the password")
        assert response.status_code == 200 and "not right" in response.text
    response = sign_in(client)  # the right password, but locked
    assert "locked" in response.text and SESSION_COOKIE not in response.headers.get(
        "Set-Cookie", ""
    )
    assert client.get("/dashboard/").status_code == 302


def test_signing_out_ends_the_session_for_good(app: Flask) -> None:
    client = app.test_client()
    sign_in(client)
    page = client.get("/dashboard/").text
    stolen = client.get_cookie(SESSION_COOKIE, path="/dashboard").value
    response = client.post("/dashboard/sign-out", data={"csrf_token": csrf_of(page)})
    assert response.status_code == 302 and "signed_out=1" in response.location
    assert client.get("/dashboard/").status_code == 302
    replay = app.test_client()
    replay.set_cookie(SESSION_COOKIE, stolen, path="/dashboard")
    assert replay.get("/dashboard/").status_code == 302  # the old cookie is worthless
