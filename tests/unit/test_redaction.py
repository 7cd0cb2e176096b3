"""The redactor: what residents write is kept only without personal details.

A corpus of realistic messages (tests/data/redaction_corpus.yml) pins the behaviour, property
tests check that generated identifiers never survive whatever surrounds them, and the
redactor is shown to work with the network cut off.
"""

from __future__ import annotations

import io
import random
import re
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from faker import Faker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import paths
from bot.datafile import DataError
from bot.redaction import Redactor, clean, redact_lines
from bot.redaction.data import load_cues
from tests.conftest import TEST_DATA

CASES = yaml.safe_load((TEST_DATA / "redaction_corpus.yml").read_text(encoding="utf-8"))["cases"]
PROPERTY_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's spaCy pipeline; built into a temporary folder if `make` has not built it."""
    if (paths.SPACY_MODEL_DIR / "meta.json").is_file():
        return paths.SPACY_MODEL_DIR
    from bot.nlu.spacy_pipeline import build_to_disk

    out = tmp_path_factory.mktemp("spacy") / "en_csp"
    build_to_disk(out)
    return out


@pytest.fixture(scope="session")
def redactor(model_dir: Path) -> Redactor:
    return Redactor(model_dir)


# ---------------------------------------------------------------------- the corpus
def test_the_corpus_is_varied_enough() -> None:
    unchanged = [c for c in CASES if c.get("expect") == c["text"]]
    assert len(CASES) >= 60
    assert len(unchanged) >= 20, "the corpus needs messages without personal details"


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_corpus(redactor: Redactor, case: dict) -> None:
    out = redactor.redact(case["text"])
    if "expect" in case:
        assert out == case["expect"]
    for identifier in case.get("absent", []):
        assert identifier not in out
    for useful in case.get("present", []):
        assert useful in out


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_redacting_twice_changes_nothing_more(redactor: Redactor, case: dict) -> None:
    once = redactor.redact(case["text"])
    assert redactor.redact(once) == once


def test_places_from_the_gazetteer_survive(redactor: Redactor) -> None:
    from bot.places.locate import load_gazetteer

    gazetteer = load_gazetteer()
    names = [n for p in gazetteer.places for n in (p.name, *p.aliases)]
    names += [n for p in gazetteer.outside for n in (p.name, *p.aliases)]
    changed = [
        text
        for name in names
        for text in (f"trouble in {name} again", f"{name} has a problem with drugs")
        if redactor.redact(text) != text
    ]
    assert changed == []


def test_full_names_from_the_lists_are_redacted(redactor: Redactor) -> None:
    """Recall on generated names in resident-like sentences (the lists the redactor reads)."""
    templates = [
        "I saw {} at the shop",
        "{} keeps shouting at the kids",
        "my neighbour {} is dealing",
        "it was {} who did it",
        "{}'s car has been smashed up",
    ]
    leaks = []
    for locale in ("en_GB", "en_IN", "en_PK"):
        fake = Faker(locale)
        fake.seed_instance(11)
        for i in range(100):
            name = f"{fake.first_name()} {fake.last_name()}"
            out = redactor.redact(random.Random(i).choice(templates).format(name))
            if any(part in out.replace("[NAME]", "") for part in name.split()):
                leaks.append(out)
    assert len(leaks) <= 3, leaks  # 300 names


# ---------------------------------------------------------------------- properties
SURROUNDING = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="@[]"),
    max_size=40,
)
EMAIL = st.builds(
    "{}{}@{}.{}".format,
    st.sampled_from(["dave", "s.jones", "gaz_82", "mo.khan", "x"]),
    st.from_regex(r"[a-z0-9]{0,6}", fullmatch=True),
    st.from_regex(r"[a-z][a-z0-9-]{1,10}[a-z0-9]", fullmatch=True),
    st.sampled_from(["com", "co.uk", "org.uk", "net", "uk", "org"]),
)
MOBILE = st.from_regex(r"07[1-9]\d{8}", fullmatch=True)
LANDLINE = st.from_regex(r"01[2-9]\d{8}", fullmatch=True)


@st.composite
def gb_phone(draw: st.DrawFn) -> str:
    """A GB number as people type it: national or +44, spaced or not."""
    digits = draw(st.one_of(MOBILE, LANDLINE))
    style = draw(st.sampled_from(["plain", "5-6", "5-3-3", "intl", "intl-spaced", "brackets"]))
    if style == "5-6":
        return f"{digits[:5]} {digits[5:]}"
    if style == "5-3-3":
        return f"{digits[:5]} {digits[5:8]} {digits[8:]}"
    if style == "intl":
        return f"+44{digits[1:]}"
    if style == "intl-spaced":
        return f"+44 {digits[1:5]} {digits[5:]}"
    if style == "brackets":
        return f"({digits[:5]}) {digits[5:]}"
    return digits


@st.composite
def full_postcode(draw: st.DrawFn) -> str:
    outward = draw(st.from_regex(r"(BB|BL|OL|M|L|LA|PR)[1-9][0-9]?", fullmatch=True))
    inward = draw(st.from_regex(r"[0-9][ABD-HJLNP-UW-Z]{2}", fullmatch=True))
    space = draw(st.sampled_from([" ", "", "  "]))
    text = f"{outward}{space}{inward}"
    return text.lower() if draw(st.booleans()) else text


def _surrounded(before: str, identifier: str, after: str) -> str:
    return f"{before} {identifier} {after}"


def _assert_gone(out: str, identifier: str) -> None:
    assert identifier not in out
    digits = re.sub(r"\D", "", identifier)
    if len(digits) >= 9:
        assert digits[-9:] not in re.sub(r"\D", "", out.replace(" ", ""))


@PROPERTY_SETTINGS
@given(SURROUNDING, EMAIL, SURROUNDING)
def test_generated_emails_never_survive(
    redactor: Redactor, before: str, email: str, after: str
) -> None:
    out = redactor.redact(_surrounded(before, email, after))
    _assert_gone(out, email)
    assert redactor.redact(out) == out


@PROPERTY_SETTINGS
@given(SURROUNDING.filter(lambda s: not s.rstrip()[-1:].isdigit()), gb_phone(), SURROUNDING)
def test_generated_gb_phone_numbers_never_survive(
    redactor: Redactor, before: str, phone: str, after: str
) -> None:
    after = after if not after[:1].isdigit() else f"x{after}"
    out = redactor.redact(_surrounded(before, phone, after))
    _assert_gone(out, phone)
    assert redactor.redact(out) == out


@PROPERTY_SETTINGS
@given(SURROUNDING, full_postcode(), SURROUNDING)
def test_generated_full_postcodes_never_survive(
    redactor: Redactor, before: str, postcode: str, after: str
) -> None:
    out = redactor.redact(_surrounded(before, postcode, after))
    assert postcode not in out
    assert re.sub(r"\s", "", postcode).upper() not in re.sub(r"\s", "", out).upper()
    assert redactor.redact(out) == out


@PROPERTY_SETTINGS
@given(st.text(max_size=200))
def test_any_text_gives_one_clean_line(redactor: Redactor, text: str) -> None:
    out = redactor.redact(text)
    assert "\n" not in out and "\r" not in out
    assert all(ch.isprintable() for ch in out)
    out.encode("utf-8")  # no lone surrogates
    assert redactor.redact(out) == out


# ---------------------------------------------------------------------- no network
def test_never_reaches_the_network(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tldextract downloads the public suffix list on first use unless told not to. Only this
    thread's attempts count: the redactor runs here, and a thread another test left behind
    (a client still polling a local server) is not the redactor reaching the network."""
    attempts: list[object] = []
    this_thread = threading.get_ident()

    def refusing(original: Callable[..., object]) -> Callable[..., object]:
        def refuse(*args: object, **kwargs: object) -> object:
            if threading.get_ident() != this_thread:
                return original(*args, **kwargs)
            attempts.append(args)
            raise OSError("network disabled in this test")

        return refuse

    for owner, name in (
        (socket.socket, "connect"),
        (socket.socket, "connect_ex"),
        (socket, "create_connection"),
        (socket, "getaddrinfo"),
    ):
        monkeypatch.setattr(owner, name, refusing(getattr(owner, name)))
    from bot.redaction import patterns

    monkeypatch.setattr(patterns, "_OFFLINE_TLDS", None)  # build the extractor afresh
    fresh = Redactor(model_dir)
    out = fresh.redact("email gaz@example.co.uk or see www.example.org, ring 07700 900123")
    assert out == "email [EMAIL] or see [URL], ring [PHONE]"
    assert attempts == []


# ---------------------------------------------------------------------- the line stream
def _run_lines(redactor: Redactor, data: bytes, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import bot.redaction.engine as engine

    monkeypatch.setattr(engine, "redactor", lambda: redactor)
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    count = redact_lines(stdin, stdout)
    written = stdout.buffer.getvalue().decode("utf-8")
    lines = written.split("\n")
    assert lines[-1] == ""
    assert count == len(lines) - 1
    return lines[:-1]


def test_lines_keep_count_and_order_through_odd_input(
    redactor: Redactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (
        b"ring me on 07700 900123\n"
        b"\n"
        b"bad bytes \xff\xfe here\n"
        b"carriage\rreturn and \x00 NUL \x1b[31m escape\r\n"
        b"zero\xe2\x80\x8bwidth and a bidi \xe2\x80\xaemark\n"
        b"   \n" + ("long " * 3000).encode() + b"\n"
        b"last line without newline BB5 0AA"
    )
    lines = _run_lines(redactor, data, monkeypatch)
    assert len(lines) == 8
    assert lines[0] == "ring me on [PHONE]"
    assert lines[1] == ""
    assert lines[2] == "bad bytes \ufffd\ufffd here"
    assert lines[3] == "carriage return and NUL [31m escape"
    assert lines[4] == "zerowidth and a bidi mark"
    assert lines[5] == ""
    assert len(lines[6]) <= 5000
    assert lines[7] == "last line without newline [POSTCODE]"


def test_a_failing_line_is_not_written_as_it_came(
    redactor: Redactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(text: str) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(redactor, "redact", explode)
    lines = _run_lines(redactor, b"Dave Smith 07700 900123\nok\n", monkeypatch)
    assert lines == ["[REDACTION_FAILED]", "[REDACTION_FAILED]"]


def test_clean_replaces_surrogates_and_controls() -> None:
    assert clean("a\ud800b\x07c\u200bd\te\u2028f") == "a\ufffdb cd e f"  # zero-width: gone
    assert clean("０７７００ ９００１２３") == "07700 900123"  # full-width digits fold


# ---------------------------------------------------------------------- data files
def test_a_broken_cue_file_names_itself(tmp_path: Path) -> None:
    broken = tmp_path / "cues.yml"
    broken.write_text("titles: [mr]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"cues\.yml"):
        load_cues(broken)


def test_missing_spacy_pipeline_is_a_clear_error(tmp_path: Path) -> None:
    from bot.redaction import RedactionError

    with pytest.raises(RedactionError, match="build-nlp"):
        Redactor(tmp_path / "nowhere")
