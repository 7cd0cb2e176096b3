"""The board report from the hand-worked fixture database: a section per CSP priority with
its headline figures, trend, hotspots and change, every figure suppressed by the rule."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.concern_log.store import ConcernStore
from bot.report import build_report, write_report
from bot.routing.directory import Directory
from tests.dashboard import fixture
from tests.databases import sqlite_url
from tests.servers import ARTIFACTS


@pytest.fixture
def fixture_url(tmp_path: Path, directory: Directory) -> str:
    store = ConcernStore(sqlite_url(tmp_path))
    store.upgrade()
    fixture.load(store, directory)
    store.engine.dispose()
    return sqlite_url(tmp_path)


def section(html: str, number: int) -> str:
    start = html.index(f'id="priority-{number}"')
    end = html.find('<section class="priority"', start)
    return html[start : end if end > 0 else None]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_section_per_priority_with_hand_worked_figures(fixture_url: str) -> None:
    html = build_report(ConcernStore(fixture_url), fixture.START, fixture.END)
    summary = text_of(html[: html.index('id="priority-1"')])
    assert (  # 56; none in the two weeks before, nor in November 2025
        "55 concerns logged (0 in the previous period: +55; 0 in the same period last year: +55)"
    ) in summary
    assert "2 November 2025 to 15 November 2025" in summary  # the same period last year
    # rates per 1,000 residents: Burnley 35 / 94,700
    assert "Burnley 35 0 0 0 35 0.4" in summary
    assert "Open Government Licence" in summary and "Census 2021" in summary
    # priority 1: 12+3+10+13+1+4 = 43 -> 45; previous period 19 Oct-1 Nov had none
    one = text_of(section(html, 1))
    assert "45 concerns (0 in the previous period: +45; 0 in the same period last year" in one
    assert "Padiham Burnley 25" in one  # hotspot: 25 asb concerns
    assert "Anti-social behaviour 30 0 +30" in one  # 28 -> 30
    assert "Noise, fly-tipping and graffiti 10 0 +10 0 +10" in one  # 11
    # the kinds of concern inside a category: 10 noise, 1 fly-tipping (withheld)
    assert "Noise, fly-tipping and graffiti Noise 10" in one
    assert "Noise, fly-tipping and graffiti Fly-tipping [c]" in one
    assert "Hate crime [c] 0 [c]" in one  # 4, withheld
    assert 'src="data:image/svg+xml;base64,' in section(html, 1)
    assert "[c] concerns" in text_of(section(html, 2))  # 2 domestic abuse, withheld
    assert "no concern is logged under it" in text_of(section(html, 4))
    five = text_of(section(html, 5))
    assert "10 concerns (0 in the previous period: +10;" in five  # 11 speeding
    assert "Bacup Rossendale 10" in five
    # a spike after eight empty weeks, named with its borough; 0 a week before it
    assert "09 Nov 2026 Road safety Rossendale 10 0.0" in five
    for number in (1, 2, 3, 4, 5):
        assert f"Priority {number}:" in html
    assert "SYNTHETIC" not in html  # real (fixture) concerns only
    assert "@media print" in html and "break-inside: avoid" in html


def test_html_and_pdf_files(fixture_url: str) -> None:
    out = ARTIFACTS / "report"
    html = write_report(date(2026, 11, 2), date(2026, 11, 15), out / "board.html", fixture_url)
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    pdf = write_report(date(2026, 11, 2), date(2026, 11, 15), out / "board.pdf", fixture_url)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 20_000
    from weasyprint import HTML

    laid_out = HTML(string=html.read_text(encoding="utf-8")).render()
    assert len(laid_out.pages) >= 3  # sections flow on (tests/dashboard/test_report_pages.py)


def test_the_command_line_writes_the_report(
    fixture_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", fixture_url)
    out = tmp_path / "board.html"
    args = ["report", "--from", "2026-11-02", "--to", "2026-11-15", "--out", str(out)]
    assert main(args) == 0
    assert "Priority 5: Keep our roads safe" in out.read_text(encoding="utf-8")
    backwards = ["report", "--from", "2026-11-15", "--to", "2026-11-02", "--out", str(out)]
    assert main(backwards) == 2
