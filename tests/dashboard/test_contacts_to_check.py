"""The officers' dashboard lists the contacts not checked for 6 months or more: the same list
as `csp-bot directory audit`, only to signed-in officers."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from flask import Flask

from bot import paths
from bot.routing.directory import load_directory
from bot.routing.upkeep import stale_contacts
from bot.web.dashboard import pages
from tests.dashboard.test_auth import app, sign_in  # noqa: F401  (the app fixture)

LATER = date(2027, 6, 15)


def audit_ids(today: date) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "directory", "audit", "--today", today.isoformat()],
        capture_output=True,
        text=True,
        cwd=paths.PROJECT_ROOT,
        timeout=120,
        check=True,
    )
    listed = result.stdout.split("\n\n")[0].splitlines()[1:-1]
    return [line.split(" ")[0] for line in listed if not line.startswith(" ")]


def test_the_audit_lists_contacts_checked_6_months_ago_or_more() -> None:
    directory = load_directory()
    newest = max(c.checked for c in directory.contacts.values())
    assert audit_ids(newest) == []
    ids = audit_ids(LATER)
    expected = [s.contact_id for s in stale_contacts(directory, LATER)]
    assert ids == expected and len(ids) > 0
    for contact_id in ids:
        assert directory.contacts[contact_id].checked <= date(2026, 12, 15)


def test_signed_in_officers_see_the_same_list(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setattr(pages, "today", lambda: LATER)
    client = app.test_client()
    assert client.get("/dashboard/contacts").status_code == 302  # signed out: no list
    sign_in(client)
    page = client.get("/dashboard/contacts")
    assert page.status_code == 200
    for contact_id in audit_ids(LATER):
        assert f"<code>{contact_id}</code>" in page.text
    assert "Contacts to check" in client.get("/dashboard/").text


def test_nothing_to_check_is_said_plainly(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    newest = max(c.checked for c in load_directory().contacts.values())
    monkeypatch.setattr(pages, "today", lambda: newest)
    client = app.test_client()
    sign_in(client)
    page = client.get("/dashboard/contacts").text
    assert "were checked in the last 6 months" in page and "<table" not in page
