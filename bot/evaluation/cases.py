"""The evaluation's cases and the danger corpus, validated on load."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from bot import paths
from bot.datafile import DataError, load_model
from bot.routing.directory import Directory

EVAL_DIR = paths.PROJECT_ROOT / "tests" / "eval"
PARTS = ("open", "sealed")
Part = Literal["open", "sealed"]
FAQ_DOOR = "faq"  # the partnership's own questions, answered by the FAQ responses
EMERGENCY_DOOR = "emergency"  # not a door: someone in danger now, who must get 999 first
Borough = Literal[
    "blackburn_with_darwen", "burnley", "hyndburn", "pendle", "rossendale", "outside", "unknown"
]


class Case(BaseModel, extra="forbid"):
    """One resident's conversation: what they type first, and what would be right."""

    id: str
    persona: str = ""
    borough: Borough = Field(description="Their answer if asked where")
    message: str = Field(min_length=1)
    doors: list[str] = Field(description="Acceptable doors, best first; [] = none should be given")
    danger_now: bool = False
    hurt_now: bool = False
    crisis: bool = False
    kinds: list[str] = Field(default_factory=list)
    language: str = Field("en", description="The language the resident writes in")
    script: Literal["native", "latin"] | None = Field(
        None, description="Its own script (Polish, Romanian: with diacritics), or Latin letters"
    )
    english: str = Field("", description="The writer's gloss, for reviewers")


class CaseFile(BaseModel, extra="forbid"):
    cases: list[Case]


class CorpusMessage(BaseModel, extra="forbid"):
    text: str = Field(min_length=1)
    kind: str


class CorpusFile(BaseModel, extra="forbid"):
    messages: list[CorpusMessage]


def _read_cases(paths: Iterable[Path], known: set[str] | None) -> list[Case]:
    """The cases in `paths`. A writer who found no concern door for a danger-now case (a fire)
    named the door `emergency`: such a case is scored on 999 first, with no door expected. A
    door outside `known` is an error (unless `known` is None, for an older version that lacked
    some doors)."""
    cases: list[Case] = []
    for path in sorted(paths):
        for case in load_model(path, CaseFile).cases:
            doors = [door for door in case.doors if door != EMERGENCY_DOOR]
            unknown = set(doors) - known if known is not None else set()
            if unknown:
                raise DataError(f"{path}: case {case.id} names unknown doors {sorted(unknown)}")
            cases.append(case.copy(update={"doors": doors}))
    return cases


def load_cases(
    part: Part, directory: Directory | None, folder: Path = EVAL_DIR, writer: str = "*"
) -> list[Case]:
    """Every resident case in one part (or one writer's file: `writer` "c" reads
    residents_c.yml)."""
    known = {*directory.concerns, FAQ_DOOR} if directory else None
    return _read_cases((folder / part).glob(f"residents_{writer}.yml"), known)


def load_language_cases(
    part: Part,
    directory: Directory,
    language: str = "*",
    folder: Path = EVAL_DIR,
    writer: str = "*",
) -> list[Case]:
    """The cases in residents' own languages (issue #15): language_<code>.yml from the first
    writers, language_<code>_<writer>.yml from later rounds; `writer` "f" reads only the
    latter's "f" files, "" only the first writers'."""
    known = {*directory.concerns, FAQ_DOOR}
    names = [f"language_{language}.yml"] if writer in ("*", "") else []
    if writer != "":
        names.append(f"language_{language}_{writer}.yml")
    return _read_cases({path for name in names for path in (folder / part).glob(name)}, known)


def load_corpus_messages(
    part: Part, name: Literal["danger", "ordinary"], folder: Path = EVAL_DIR, writer: str = "*"
) -> list[CorpusMessage]:
    """Every message of one corpus in one part, with its kind, over its writers' files
    (danger.yml, danger_c.yml, ...), or one writer's file only ("" is the first writers'
    danger.yml)."""
    pattern = f"{name}*.yml" if writer == "*" else f"{name}{'_' if writer else ''}{writer}.yml"
    return [
        message
        for path in sorted((folder / part).glob(pattern))
        for message in load_model(path, CorpusFile).messages
    ]


def load_corpus(
    part: Part, name: Literal["danger", "ordinary"], folder: Path = EVAL_DIR, writer: str = "*"
) -> list[str]:
    """The texts of `load_corpus_messages`."""
    return [message.text for message in load_corpus_messages(part, name, folder, writer)]
