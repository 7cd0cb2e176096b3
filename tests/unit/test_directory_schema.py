"""The directory's new data is validated on load: unconfirmed facts, opening hours, kinds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot import paths
from bot.datafile import DataError
from bot.routing.directory import Contact, Directory

BASE = {
    "name": "A line",
    "source": ["https://example.org/page"],
    "checked": "2026-12-01",
    "confidence": "confirmed",
}


@pytest.mark.parametrize(
    ("fields", "complaint"),
    [
        ({"say": "Call {phone}.", "phone": "0100"}, "needs `opening`"),
        (
            {"say": "Call {phone}.", "phone": "0100", "unconfirmed": ["phone"]},
            "unconfirmed",
        ),
        (
            {"say": "Call 0100.", "phone": "0100", "unconfirmed": ["phone"]},
            "leave it out",
        ),
        ({"say": "Open {hours}.", "phone": "0100", "opening": {"unknown": True}}, "{hours}"),
        ({"say": "Hello.", "unconfirmed": ["email"]}, "has none"),
    ],
)
def test_a_contact_that_would_say_too_much_is_refused(fields: dict, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        Contact.parse_obj({**BASE, **fields})


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "directory"
    shutil.copytree(paths.DIRECTORY_DIR, folder)
    return folder


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data))


def test_an_alternative_line_must_exist(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(
        folder / "contacts.yml",
        lambda d: d["contacts"]["nspcc"]["opening"].update(when_closed="no_such_line"),
    )
    with pytest.raises(DataError, match="no_such_line"):
        Directory.load(folder)


def test_a_concern_names_only_declared_kinds(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "concerns.yml", lambda d: d["concerns"]["asb"].update(if_it_goes_on="later"))
    with pytest.raises(DataError, match="unknown kind 'later'"):
        Directory.load(folder)


def test_every_day_key_has_words(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "opening.yml", lambda d: d["opening"]["day_names"].pop("sat-sun"))
    with pytest.raises(DataError, match="no words for 'sat-sun'"):
        Directory.load(folder)
