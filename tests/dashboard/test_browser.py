"""The dashboard in a real browser: `csp-bot web` on a free port against the hand-worked
fixture database, an officer made with `csp-bot officers add`, Debian's chromium driven by
Playwright. Signs in, filters, downloads a CSV, runs axe-core; screenshots go to
test-artifacts/browser/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from bot import paths
from bot.concern_log.store import ConcernStore
from bot.routing.directory import load_directory
from tests.dashboard import fixture
from tests.databases import sqlite_url
from tests.real_browser import axe_violations, describe, screenshot
from tests.servers import ARTIFACTS, web_server

EMAIL, PASSWORD = "lead@pendle.gov.uk", "board report passphrase"
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("dashboard")
    store = ConcernStore(sqlite_url(folder))
    store.upgrade()
    fixture.load(store, load_directory())
    fixture.load(store, load_directory(), fixture.LANGUAGE_ROWS)  # the two weeks after
    store.engine.dispose()
    env = {**os.environ, "DATABASE_URL": sqlite_url(folder)}
    added = subprocess.run(
        [sys.executable, "-m", "bot.cli", "officers", "add", EMAIL],
        input=PASSWORD + "\n",
        env=env,
        cwd=paths.PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert added.returncode == 0, added.stderr
    with web_server(env, ARTIFACTS / "logs" / "dashboard-web.log") as url:
        yield url


def check_accessible(page: Page) -> None:
    """No serious or critical axe-core violation, and none of any impact either."""
    found = axe_violations(page)
    assert not [v for v in found if v["impact"] in SERIOUS], describe(found)
    assert not found, describe(found)


def current_view(page: Page) -> Locator:
    """The dashboard view the page is on, by the navigation's aria-current link."""
    return page.locator("a.app-dashboard-nav__link[aria-current=page]")


def check_every_row_and_image_shows(page: Page) -> None:
    """No table hides rows in a scroll box, and every chart and map image has loaded."""
    for region in page.locator(".app-table-scroll").all():
        assert region.evaluate("r => r.scrollHeight <= r.clientHeight + 1"), "rows scroll away"
    for image in page.locator("img").all():
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")


def test_sign_in_filter_download_and_accessibility(
    dashboard: str, page: Page, tmp_path: Path
) -> None:
    page.goto(f"{dashboard}/dashboard/changes")
    assert "/dashboard/sign-in" in page.url
    check_accessible(page)
    page.fill("#email", EMAIL)
    page.fill("#password", "wrong password, once")
    page.click("button:has-text('Sign in')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    screenshot(page, "dashboard-sign-in-error")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page).to_have_url(re.compile(rf"^{re.escape(dashboard)}/dashboard/changes"))

    # Filter with the form alone (GET, no JavaScript needed): Burnley, anti-social behaviour.
    page.click("a:has-text('Over time')")
    expect(current_view(page)).to_have_text("Over time")
    page.fill("#filter-from", fixture.START.isoformat())
    page.fill("#filter-to", fixture.END.isoformat())
    page.select_option("#filter-borough", "burnley")
    page.select_option("#filter-category", "asb")
    page.click("button:has-text('Apply filters')")
    expect(page).to_have_url(re.compile(r"borough=burnley.*category=asb"))
    # 25 concerns: 12 in the week of 2 November (shown 10) and 13 in the next (shown 15)
    assert page.locator("#headline .app-headline__figure").inner_text() == "25"
    first = page.locator("#table-1 tbody tr")
    assert first.nth(0).inner_text().split() == ["02", "Nov", "2026", "10", "10"]
    assert first.nth(1).inner_text().split() == ["09", "Nov", "2026", "15", "15"]
    page.wait_for_load_state("load")  # images included
    for image in page.locator("img.app-chart__image").all():  # the SVG charts load under CSP
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, "dashboard-over-time-filtered")
    check_accessible(page)

    with page.expect_download() as download:
        page.locator("a:has-text('Download this table as CSV')").first.click()
    saved = tmp_path / "table.csv"
    assert download.value.failure() is None, download.value.failure()
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == (
        "Week starting,1. Crime and anti-social behaviour,Total\n"
        "02 Nov 2026,10,10\n"
        "09 Nov 2026,15,15\n"
    )

    for view in (
        "Kinds of concern",
        "Boroughs",
        "Map",
        "Places",
        "Languages",
        "Changes and spikes",
    ):
        page.click(f"a.app-dashboard-nav__link:has-text('{view}')")
        expect(current_view(page)).to_have_text(view)
        assert "borough=burnley" in page.url  # the selection follows the officer
        page.wait_for_load_state("load")
        check_every_row_and_image_shows(page)
        screenshot(page, f"dashboard-{view.split()[0].lower()}")
        check_accessible(page)

    # Every figure of the whole area, signed in: the spike names its borough, and the map
    # draws the district table's figures.
    page.goto(f"{dashboard}/dashboard/changes?from={fixture.START}&to={fixture.END}")
    spike = page.locator("#week-on-week tbody tr", has_text="Road safety")
    assert spike.locator("td").last.inner_text().split() == ["Spike", "Rossendale"]
    check_every_row_and_image_shows(page)
    check_accessible(page)
    page.goto(f"{dashboard}/dashboard/map?from={fixture.START}&to={fixture.END}")
    rows = page.locator("#table-map-districts tbody tr")
    assert rows.filter(has_text="BB5").first.inner_text().split() == ["BB5", "[c]"]  # 3
    assert "Open Government Licence" in page.locator("main").inner_text()
    check_every_row_and_image_shows(page)
    screenshot(page, "dashboard-map-all")
    check_accessible(page)

    # Concerns by language, as an officer checks them: counts per language under the same
    # rule, the same filters, and the CSV (tests/dashboard/test_languages.py works them out).
    dates = f"from={fixture.LANGUAGE_START}&to={fixture.LANGUAGE_END}"
    page.goto(f"{dashboard}/dashboard/languages?{dates}")
    expect(current_view(page)).to_have_text("Languages")
    assert "whether it reaches residents who write in Urdu" in page.locator("#reach").inner_text()
    rows = page.locator("#language-by-priority tbody tr")
    assert [rows.nth(i).inner_text().split() for i in range(rows.count())] == [
        ["English", "20", "0", "0", "10", "30"],
        ["Urdu", "10", "0", "0", "0", "10"],
        ["Panjabi", "[c]", "0", "0", "0", "[c]"],
        ["Polish", "0", "[c]", "0", "[c]", "10"],
        ["Romanian", "0", "0", "0", "0", "0"],
        ["Gujarati", "15", "0", "0", "0", "15"],
        ["Bengali", "[c]", "0", "0", "0", "[c]"],
        ["All", "50", "[c]", "0", "20", "75"],
    ]
    check_every_row_and_image_shows(page)
    screenshot(page, "dashboard-languages-all")
    check_accessible(page)
    page.select_option("#filter-borough", "burnley")
    page.click("button:has-text('Apply filters')")
    expect(page).to_have_url(re.compile(r"/dashboard/languages\?.*borough=burnley"))
    assert rows.nth(1).inner_text().split() == ["Urdu", "10", "0", "0", "0", "10"]
    assert rows.nth(7).inner_text().split() == ["All", "35", "0", "0", "0", "35"]  # 36
    with page.expect_download() as download:
        page.locator("a:has-text('Download this table as CSV')").first.click()
    saved = tmp_path / "languages.csv"
    assert download.value.failure() is None, download.value.failure()
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8").splitlines()[1:] == [
        "English,20,0,0,0,20",
        "Urdu,10,0,0,0,10",
        "Panjabi,0,0,0,0,0",
        "Polish,0,0,0,0,0",
        "Romanian,0,0,0,0,0",
        "Gujarati,0,0,0,0,0",
        "Bengali,[c],0,0,0,[c]",
        "All,35,0,0,0,35",
    ]
    check_accessible(page)
    page.click("a:has-text('How the figures are made')")
    check_accessible(page)
    page.click("button:has-text('Sign out')")
    expect(page).to_have_url(re.compile(r"signed_out=1"))
    page.goto(f"{dashboard}/dashboard/")
    assert "/dashboard/sign-in" in page.url
