"""A real browser for tests: Debian's chromium driven by Playwright, axe-core from npm.

Screenshots go to test-artifacts/browser/ so a person can look at what the tests saw."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from bot.web.assets import AXE_SCRIPT
from tests.servers import ARTIFACTS

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ARTIFACTS / "browser"
# WCAG 2.0-2.2 A and AA, as the issues ask; best-practice rules are reported too.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is missing: `make test` installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page, impacts: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Runs axe-core in the page (through DevTools, so the page's CSP need not allow it).

    Returns the violations, only those of the given impacts if `impacts` is set."""
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations = result["violations"]
    if impacts is not None:
        violations = [v for v in violations if v["impact"] in impacts]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
