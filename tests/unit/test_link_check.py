"""`csp-bot directory check-links` against a local stand-in for the live pages
(tests/standins/council_pages.py): it reports dead pages, moves and home-page redirects, and
changes no data."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bot import paths
from bot.routing.upkeep import check_links
from tests.standins.council_pages import council_pages


def test_each_kind_of_answer_gets_its_verdict() -> None:
    with council_pages() as site:
        base = site.url
        results = check_links(
            [
                f"{base}/page",
                f"{base}/gone",
                f"{base}/removed",
                f"{base}/broken",
                f"{base}/moved",
                f"{base}/to-home",
                f"{base}/",
                "http://127.0.0.1:9/nothing-listens-here",
            ],
            timeout=5,
        )
        methods = set(site.methods)
    verdicts = [(r.verdict, r.status) for r in results]
    assert verdicts[:7] == [
        ("ok", 200),
        ("dead", 404),
        ("dead", 410),
        ("dead", 500),
        ("moved", 200),
        ("redirects to a home page", 200),
        ("home page", 200),
    ]
    assert results[4].final_url == f"{base}/new-page"
    assert results[7].verdict == "unreachable" and results[7].status is None
    assert methods == {"GET"}


def _rewrite(folder: Path, base: str) -> None:
    """Every address in the copied contacts now points at the stand-in, by host and path."""
    contacts = folder / "contacts.yml"
    text = re.sub(
        r"https?://([^\s/]+)(/\S*)?", lambda m: f"{base}/{m[1]}{m[2] or '/'}", contacts.read_text()
    )
    text = text.replace(f"web: {base}/www.lancashire.police.uk/", f"web: {base}/gone", 1)
    text = text.replace(
        f"web: {base}/lancsroadsafety.co.uk/submit-concern/", f"web: {base}/to-home", 1
    )
    contacts.write_text(text)


def _digest(folder: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.iterdir()))).hexdigest()


def test_the_command_checks_every_address_of_the_directory_and_changes_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "directory"
    shutil.copytree(paths.DIRECTORY_DIR, folder)
    with council_pages() as site:
        _rewrite(folder, site.url)
        before = _digest(folder)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "bot.cli",
                "directory",
                "check-links",
                "--data-dir",
                str(folder),
            ],
            capture_output=True,
            text=True,
            cwd=paths.PROJECT_ROOT,
            timeout=120,
            check=False,
        )
        requests_made = len(site.methods)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert f"DEAD [404] {site.url}/gone" in out and "(police_101 web" in out
    assert f"REDIRECTS TO A HOME PAGE [200] {site.url}/to-home -> {site.url}/" in out
    assert "(lancs_road_safety web)" in out
    assert "Nothing was changed." in out
    checked = int(re.search(r"(\d+) addresses checked", out).group(1))
    assert checked == requests_made - 1  # every address once (the home-page redirect twice)
    assert checked > 100
    assert _digest(folder) == before
