"""Concerns by language (issue #15): the log records the conversation's language and nothing
else new; officers see counts per language under the same suppression rule, filters and CSV as
every other table, on SQLite and real PostgreSQL. Figures worked out by hand from
tests/dashboard/fixture.py (LANGUAGE_ROWS)."""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import re
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from bot.concern_log.export import write_export
from bot.concern_log.record import build_record
from bot.concern_log.schema import LANGUAGES, concerns
from bot.concern_log.store import EXPORT_COLUMNS, MIGRATIONS, ConcernStore
from bot.language.languages import logged_languages
from bot.report import build_report
from bot.routing.directory import Directory, load_directory
from bot.trends import views
from bot.trends.catalogue import catalogue
from bot.trends.queries import TrendQueries
from bot.trends.suppression import Published
from bot.web.app import create_app
from bot.web.dashboard.services import services
from bot.web.settings import WebSettings
from tests.dashboard import fixture
from tests.dashboard.fixture import LANGUAGE_FILTERS as FILTERS
from tests.dashboard.test_aggregation import _all_exact
from tests.dashboard.test_auth import sign_in
from tests.databases import postgres_database, sqlite_url

C = Published(None)  # a withheld cell
P = Published
HEADER = [
    "Language",
    "1. Crime and anti-social behaviour",
    "2. Vulnerable people",
    "3. Causes of crime",
    "5. Roads",
    "Total",
]
# By hand: English asb 20 (p1) and speeding 11 (p5); Urdu asb 12; Panjabi asb 2; Polish
# domestic abuse 3 (p2) and speeding 8; Gujarati fly-tipping 13 (p1); Bengali noise 4 (p1).
BY_PRIORITY = [
    ["English", P(20), P(0), P(0), P(10), P(30)],  # 31 -> 30
    ["Urdu", P(10), P(0), P(0), P(0), P(10)],  # 12 -> 10
    ["Panjabi", C, P(0), P(0), P(0), C],  # 2
    ["Polish", P(0), C, P(0), C, P(10)],  # 3 and 8 withheld; their total 11 -> 10
    ["Romanian", P(0), P(0), P(0), P(0), P(0)],
    ["Gujarati", P(15), P(0), P(0), P(0), P(15)],  # 13 -> 15
    ["Bengali", C, P(0), P(0), P(0), C],  # 4
    ["All", P(50), C, P(0), P(20), P(75)],  # 51, 3, 0, 19 and 73
]
CSV = """Language,1. Crime and anti-social behaviour,2. Vulnerable people,3. Causes of crime,5. Roads,Total
English,20,0,0,10,30
Urdu,10,0,0,0,10
Panjabi,[c],0,0,0,[c]
Polish,0,[c],0,[c],10
Romanian,0,0,0,0,0
Gujarati,15,0,0,0,15
Bengali,[c],0,0,0,[c]
All,50,[c],0,20,75
"""


@pytest.fixture
def store(empty_store: ConcernStore, directory: Directory) -> ConcernStore:
    fixture.load(empty_store, directory)  # the English fortnight before
    fixture.load(empty_store, directory, fixture.LANGUAGE_ROWS)
    return empty_store


def migration_0004():
    path = MIGRATIONS / "versions" / "0004_concern_language.py"
    spec = importlib.util.spec_from_file_location("migration_0004", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_log_knows_the_languages_the_assistant_answers_in() -> None:
    assert LANGUAGES == tuple(logged_languages()) == migration_0004().LANGUAGES
    assert LANGUAGES[0] == "en"
    assert list(catalogue().languages.values()) == [
        "English", "Urdu", "Panjabi", "Polish", "Romanian", "Gujarati", "Bengali"
    ]  # fmt: skip
    # the only new column: the language, a code (never a name, never anything about the person)
    assert EXPORT_COLUMNS[-1] == "language"
    assert [c.name for c in concerns.columns][-2:] == ["is_synthetic", "language"]


def test_a_record_takes_a_supported_code_and_refuses_anything_else(directory: Directory) -> None:
    facts = {
        "message_id": "m1",
        "concern_id": "asb",
        "borough": "burnley",
        "place": None,
        "sector": None,
        "moment": datetime(2026, 11, 20, 13, tzinfo=timezone.utc),
        "connector": "socketio",
        "recurrence": "unknown",
        "redacted_description": None,
    }
    assert build_record(directory, **facts).language == "en"
    assert build_record(directory, **facts, language="ur").language == "ur"
    for wrong in ("Urdu", "xx", "", "en-GB", "UR"):
        with pytest.raises(ValueError):
            build_record(directory, **facts, language=wrong)


def test_the_database_refuses_an_unknown_language(
    empty_store: ConcernStore, directory: Directory
) -> None:
    fixture.load(empty_store, directory, fixture.LANGUAGE_ROWS[1:2])
    (row,) = {r["language"] for r in empty_store.rows()}
    assert row == "ur"
    good = build_record(
        directory,
        message_id="bad",
        concern_id="asb",
        borough=None,
        place=None,
        sector=None,
        moment=datetime(2026, 11, 20, tzinfo=timezone.utc),
        connector=None,
        recurrence="unknown",
        redacted_description=None,
    )
    with pytest.raises(IntegrityError):
        empty_store.add(type(good)(**{**good.as_row(), "language": "klingon"}))
    assert empty_store.count() == 12


def test_counts_per_language_match_the_export(store: ConcernStore) -> None:
    out = io.StringIO()
    write_export(store, out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    chosen = [r for r in rows if FILTERS.start.isoformat() <= r["reported_on"]]
    assert Counter(r["language"] for r in chosen) == fixture.LANGUAGE_TOTALS
    assert Counter(r["language"] for r in rows)["en"] == fixture.TOTAL + 31
    exact: Counter = Counter()
    for (_, _, language), n in TrendQueries(store.engine).languages(FILTERS).items():
        exact[language] += n
    assert exact == fixture.LANGUAGE_TOTALS


def test_concerns_by_language_and_priority_are_published_by_the_rule(store: ConcernStore) -> None:
    table = views.by_language(TrendQueries(store.engine), catalogue(), FILTERS)
    assert table.header == HEADER
    assert table.rows == BY_PRIORITY
    assert table.csv() == CSV


def test_concerns_by_language_and_week(store: ConcernStore) -> None:
    table = views.language_over_time(TrendQueries(store.engine), catalogue(), FILTERS)
    assert table.header == [
        "Week starting", "English", "Urdu", "Panjabi", "Polish", "Romanian", "Gujarati",
        "Bengali", "Total",
    ]  # fmt: skip
    # W3: 20 English, 12 Urdu, 3 Polish, 4 Bengali (39); W4: 11 English, 2 Panjabi, 8 Polish,
    # 13 Gujarati (34)
    assert table.csv().splitlines()[1:] == [
        "16 Nov 2026,20,10,0,[c],0,0,[c],40",
        "23 Nov 2026,10,0,[c],[c],0,15,0,35",
    ]
    month = views.language_over_time(
        TrendQueries(store.engine), catalogue(), replace(FILTERS, period="month")
    )
    assert month.csv().splitlines()[1] == "Nov 2026 (part),30,10,[c],10,0,15,[c],75"


def test_the_same_filters_narrow_the_languages(store: ConcernStore) -> None:
    q = TrendQueries(store.engine)
    burnley = views.by_language(q, catalogue(), replace(FILTERS, borough="burnley"))
    totals = {row[0]: row[-1] for row in burnley.rows}
    # 20 English, 12 Urdu and 4 Bengali in Burnley: 36 -> 35
    assert totals == {"English": P(20), "Urdu": P(10), "Panjabi": P(0), "Polish": P(0),
                      "Romanian": P(0), "Gujarati": P(0), "Bengali": C, "All": P(35)}  # fmt: skip
    messenger = views.by_language(q, catalogue(), replace(FILTERS, channel="messenger"))
    assert {row[0]: row[-1] for row in messenger.rows}["Panjabi"] == C  # 2
    assert messenger.rows[-1][-1] == C
    roads = views.by_language(q, catalogue(), replace(FILTERS, category="road_safety"))
    assert roads.header == ["Language", "5. Roads", "Total"]
    assert roads.rows[0] == ["English", P(10), P(10)] and roads.rows[3] == ["Polish", C, C]
    assert roads.rows[-1] == ["All", P(20), P(20)]  # 19
    wider = views.by_language(q, catalogue(), FILTERS.with_range(fixture.START, fixture.END))
    assert [row[-1] for row in wider.rows] == [P(55), *[P(0)] * 6, P(55)]  # only English


@pytest.fixture
def officer(tmp_path: Path) -> FlaskClient:
    app: Flask = create_app(WebSettings(secret_key="test", secure_cookies=True))
    app.config["DATABASE_URL"] = sqlite_url(tmp_path)
    services(app).accounts.add("analyst@hyndburnbc.gov.uk", "correct horse battery")
    fixture.load(services(app).store, load_directory(), fixture.LANGUAGE_ROWS)
    client = app.test_client()
    sign_in(client)
    return client


def test_the_languages_view_and_its_csv(officer: FlaskClient) -> None:
    query = FILTERS.query_string()
    page = officer.get(f"/dashboard/languages?{query}")
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert (
        "This is how the partnership sees whether it reaches residents who write in Urdu, "
        "Panjabi, Polish, Romanian, Gujarati or Bengali."
    ) in text
    assert 'aria-current="page">Languages</a>' in text
    assert "Concerns by language and CSP priority" in text
    assert "Concerns by language and week" in text
    download = officer.get(f"/dashboard/download/language-by-priority.csv?{query}")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert (
        "language-by-priority_2026-11-16_2026-11-29.csv" in download.headers["Content-Disposition"]
    )
    assert download.text == CSV
    weekly = officer.get(f"/dashboard/download/language-over-time.csv?{query}&borough=burnley")
    assert weekly.text.splitlines()[1:] == [
        "16 Nov 2026,20,10,0,0,0,0,[c],35",
        "23 Nov 2026,0,0,0,0,0,0,0,0",
    ]
    stranger = officer.application.test_client()  # no session: no figures
    for url in (f"/dashboard/languages?{query}", "/dashboard/download/language-by-priority.csv"):
        assert stranger.get(url).status_code == 302


def test_the_board_report_has_the_languages(tmp_path: Path, directory: Directory) -> None:
    store = ConcernStore(sqlite_url(tmp_path))
    store.upgrade()
    fixture.load(store, directory, fixture.LANGUAGE_ROWS)
    html = build_report(store, FILTERS.start, FILTERS.end)
    store.engine.dispose()
    start = html.index('id="languages"')
    text = " ".join(re.sub(r"<[^>]+>", " ", html[start : html.index("</table>", start)]).split())
    assert "whether it reaches residents who write in Urdu, Panjabi, Polish" in text
    for row in CSV.splitlines()[1:]:
        assert " ".join(row.split(",")) in text, row


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_upgrading_an_old_log_makes_its_concerns_english(
    kind: str, tmp_path: Path, directory: Directory
) -> None:
    with contextlib.ExitStack() as stack:
        url = sqlite_url(tmp_path) if kind == "sqlite" else stack.enter_context(postgres_database())
        store = ConcernStore(url)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))

        def migrate(step, revision: str) -> None:
            with store.engine.begin() as connection:
                config.attributes["connection"] = connection
                step(config, revision)

        migrate(command.upgrade, "0003")  # the log as it was before languages
        fixture.load_before_languages(store, directory)
        store.upgrade()  # `csp-bot db upgrade`: 0004
        assert {row["language"] for row in store.rows()} == {"en"}
        assert store.count() == fixture.TOTAL
        indexes = {index["name"] for index in inspect(store.engine).get_indexes("concerns")}
        assert "ix_concerns_languages" in indexes
        # The table was changed in place: the rollups' triggers are still there and exact.
        fixture.load(store, directory, fixture.LANGUAGE_ROWS)
        assert _all_exact(store)
        table = views.by_language(TrendQueries(store.engine), catalogue(), fixture.FILTERS)
        assert [row[-1] for row in table.rows] == [P(55), *[P(0)] * 6, P(55)]
        # and back: 0004 can be undone, and done again, without losing a concern
        migrate(command.downgrade, "0003")
        columns = {c["name"] for c in inspect(store.engine).get_columns("concerns")}
        assert "language" not in columns and store.count() == fixture.TOTAL + 73
        migrate(command.upgrade, "head")
        with store.engine.connect() as connection:
            languages = connection.execute(select(concerns.c.language).distinct()).scalars()
            assert set(languages) == {"en"}
        assert _all_exact(store)
        store.engine.dispose()


def test_seeded_demo_data_is_mostly_english_with_each_language_a_small_share(
    empty_store: ConcernStore,
) -> None:
    from bot.concern_log.seed import seed

    seed(empty_store, 6000, today=date(2026, 11, 30), seed=11)
    with empty_store.engine.connect() as connection:
        rows = connection.execute(select(concerns.c.borough, concerns.c.language)).all()
    shares = Counter(language for _, language in rows)
    assert set(shares) == set(LANGUAGES)
    assert 0.88 < shares["en"] / len(rows) < 0.97
    for code in LANGUAGES[1:]:
        assert 0 < shares[code] / len(rows) < 0.04, code
    gujarati = Counter(borough for borough, language in rows if language == "gu")
    assert gujarati.most_common(1)[0][0] == "blackburn_with_darwen"
    bengali = Counter(borough for borough, language in rows if language == "bn")
    assert bengali.most_common(1)[0][0] == "burnley"
