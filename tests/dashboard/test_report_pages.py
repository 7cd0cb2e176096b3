"""The board report as the board gets it: a PDF of a quarter's synthetic concerns, every page
rendered to PNG with pdftoppm (poppler-utils, `make pdf-tools`) and measured, and its layout
read back with pdfinfo, pdffonts and pdftotext. The pages are kept in
test-artifacts/report/pages/ for a person to look at."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bot.concern_log.seed import seed
from bot.concern_log.store import ConcernStore
from bot.report import build_report, write_report
from bot.trends import views
from bot.trends.filters import Filters
from bot.trends.queries import TrendQueries
from tests.databases import sqlite_url
from tests.servers import ARTIFACTS

START, END = date(2026, 7, 1), date(2026, 9, 30)
A4 = (595.28, 841.89)  # points
TOOLS = ("pdftoppm", "pdfinfo", "pdffonts", "pdftotext")


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120).stdout


@pytest.fixture(scope="module")
def quarter(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    assert not missing, f"install poppler-utils (make pdf-tools): {missing} missing"
    folder = tmp_path_factory.mktemp("quarter")
    store = ConcernStore(sqlite_url(folder))
    seed(store, 12_000, today=date(2026, 11, 30), seed=19)
    store.engine.dispose()
    out = ARTIFACTS / "report"
    pdf = write_report(START, END, out / "board-quarter.pdf", sqlite_url(folder))
    return sqlite_url(folder), pdf


def pages(pdf: Path) -> list[np.ndarray]:
    """Every page as a grey image at 60 dpi, also written to test-artifacts for people."""
    folder = pdf.parent / "pages"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    run("pdftoppm", "-r", "60", "-gray", "-png", str(pdf), str(folder / "page"))
    files = sorted(folder.glob("page-*.png"))
    return [np.asarray(Image.open(path).convert("L")) for path in files]


def test_the_pdf_is_tagged_a4_and_in_one_font_family(quarter: tuple[str, Path]) -> None:
    _, pdf = quarter
    info = run("pdfinfo", str(pdf))
    assert re.search(r"^Tagged:\s+yes", info, re.M), info  # PDF/UA-1: accessible if published
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size and (float(size[1]), float(size[2])) == pytest.approx(A4, abs=1)
    assert re.search(r"^Title:\s+Residents' concerns", info, re.M), info
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]
    names = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in fonts}
    families = {
        re.sub(r"-?(Bold|Italic|Regular|MT)+$", "", name).replace("-", "") for name in names
    }
    assert families == {"LiberationSans"} or families == {"Arial"}, names  # one sans, no serif


def test_every_page_is_well_filled_and_no_heading_is_left_at_a_foot(
    quarter: tuple[str, Path],
) -> None:
    url, pdf = quarter
    images = pages(pdf)
    count = int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.M)[1])
    assert len(images) == count >= 6
    for number, image in enumerate(images, start=1):
        inked = np.where((image < 200).any(axis=1))[0]
        body = [row for row in inked if row < image.shape[0] * 0.93]  # above the page footer
        filled = (max(body) - min(body)) / image.shape[0] if body else 0
        # The sections flow on, so only the last page may be short, and not nearly empty.
        least = 0.1 if number == len(images) else 0.5
        assert filled > least, f"page {number} is {filled:.0%} full"
    html = build_report(ConcernStore(url), START, END)
    headings = {
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for text in re.findall(r"<(?:h2|h3|caption)[^>]*>(.*?)</(?:h2|h3|caption)>", html, re.S)
    }
    for number in range(1, count + 1):
        text = run("pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-")
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        lines = [line for line in lines if not line.startswith("Page ")]
        assert lines, f"page {number} is empty"
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"


def test_exact_and_rounded_figures_never_stand_side_by_side(quarter: tuple[str, Path]) -> None:
    url, pdf = quarter
    store = ConcernStore(url)
    head = views.headline(TrendQueries(store.engine), Filters(START, END))
    store.engine.dispose()
    text = " ".join(run("pdftotext", str(pdf), "-").split())
    assert f"{head.total} concerns logged" in text
    if head.exact_total != head.total.value:  # the exact count appears nowhere
        assert f"{head.exact_total:,}" not in text and f" {head.exact_total} " not in text
    assert "Some or all of the concerns in this period are SYNTHETIC" in text
    # a quarter against the quarter before and the same quarter a year before
    assert "the period before (1 April 2026 to 30 June 2026)" in text
    assert "the same period last year (1 July 2025 to 30 September 2025)" in text
