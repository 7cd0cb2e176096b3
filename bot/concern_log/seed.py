"""Synthetic concerns for demonstrations and benchmarks (`csp-bot concerns seed --n N`).

Every row is marked is_synthetic = true, and seeding refuses a database that holds any real
concern, so made-up figures can never mix with residents' reports. The shape is drawn from the
project's own data: concern types from the routing directory, boroughs weighted by population,
named places from the gazetteer (a few much more often than the rest, so there are hotspots),
postcode sectors that lie wholly in one borough (ONS postcode directory), more concerns in
summer and at weekends, languages in shares shaped like each borough's main languages (most
English), and one injected spike (fly-tipping in Burnley in the last complete
week) so the spike rule has something to find. Rows go in by bulk insert: executemany on
SQLite, COPY on PostgreSQL.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import cache

import numpy as np
import numpy.typing as npt

from bot.concern_log.schema import CHANNELS, LANGUAGES, RECURRENCE, TIME_BANDS
from bot.concern_log.store import ConcernStore
from bot.places.locate import OUTSIDE, PARTIAL_POSTCODE_AREAS, load_gazetteer
from bot.places.postcodes import postcode_directory
from bot.routing.directory import load_directory

CHUNK = 50_000
# One synthetic concern, in COLUMNS order.
Row = tuple[
    str, str, str, str, int, str | None, str | None, str | None, date, str, str, str, None, bool,
    str,
]  # fmt: skip
COLUMNS = (
    "idempotency_key", "concern_type", "category", "subtype", "priority", "borough", "place",
    "sector", "reported_on", "time_band", "channel", "recurrence", "description", "is_synthetic",
    "language",
)  # fmt: skip
# How often residents raise each concern, relative to one another (made up, but shaped like
# what councils and police hear most: ASB, environmental nuisance and roads first).
CONCERN_WEIGHTS = {
    "asb": 18, "noise": 10, "fly_tipping": 10, "road_parking": 8, "road_speeding": 7,
    "road_highway_defect": 6, "drug_dealing": 6, "road_dangerous_driving": 4, "burglary": 4,
    "domestic_abuse": 4, "graffiti": 3, "hate_crime": 3, "street_drinking": 3, "violence": 3,
    "vehicle_crime": 3, "rough_sleeping": 3, "begging": 2, "drug_alcohol_help": 2,
    "anonymous_reporting": 1.5, "victim_support": 1.5, "county_lines": 1.5,
    "child_exploitation": 1, "modern_slavery": 0.5, "radicalisation": 0.3,
    "forced_marriage": 0.3, "fgm": 0.2,
}  # fmt: skip
# Mid-2021 populations (ONS Census 2021), rounded: residents per borough.
BOROUGH_WEIGHTS = {
    "blackburn_with_darwen": 154_000, "burnley": 95_000, "hyndburn": 82_000,
    "pendle": 96_000, "rossendale": 71_000,
}  # fmt: skip
OUTSIDE_SHARE, NO_BOROUGH_SHARE = 0.02, 0.06
PLACE_SHARE, SECTOR_SHARE = 0.45, 0.30  # the rest give only a borough
EVENING_HEAVY = {"asb", "noise", "violence", "drug_dealing", "street_drinking", "begging"}
TIME_BAND_WEIGHTS = {"default": (0.08, 0.32, 0.35, 0.25), "evening": (0.28, 0.10, 0.20, 0.42)}
CHANNEL_WEIGHTS = (0.60, 0.35, 0.05)
RECURRENCE_WEIGHTS = (0.45, 0.35, 0.20)
# Shares of each borough's concerns by the language the assistant answered in (schema
# LANGUAGES order: en, ur, pa, pl, ro, gu, bn). Made up, but shaped like Census 2021's main
# languages (most English; Gujarati and Urdu in Blackburn with Darwen, Urdu and Panjabi in
# Pendle, Bengali in Burnley, Polish and Romanian throughout), a little below them: not every
# resident who speaks a language uses the assistant in it.
LANGUAGE_WEIGHTS = {
    "blackburn_with_darwen": (0.900, 0.030, 0.015, 0.012, 0.005, 0.032, 0.006),
    "burnley": (0.930, 0.018, 0.010, 0.010, 0.005, 0.002, 0.025),
    "pendle": (0.920, 0.035, 0.025, 0.010, 0.004, 0.001, 0.005),
    "hyndburn": (0.945, 0.020, 0.012, 0.012, 0.004, 0.002, 0.005),
    "rossendale": (0.970, 0.008, 0.005, 0.010, 0.004, 0.001, 0.002),
    None: (0.940, 0.015, 0.010, 0.015, 0.006, 0.007, 0.007),  # outside, or not given
}  # fmt: skip
COPY_SQL = f"COPY concerns ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
SPIKE = ("fly_tipping", "burnley", 0.004)  # concern, borough, share of all rows


class SeedRefused(RuntimeError):
    """The database holds real concerns; synthetic ones must not be mixed in."""


@cache
def sectors_by_borough() -> dict[str, list[str]]:
    """Postcode sectors whose every postcode lies in one of the five boroughs."""
    directory = load_directory()
    postcodes = postcode_directory()
    found: dict[str, list[str]] = {bid: [] for bid in directory.boroughs}
    for area in PARTIAL_POSTCODE_AREAS:
        for district in range(1, 100):
            for digit in range(10):
                sector = f"{area}{district} {digit}"
                authorities = postcodes.authorities_of_part(sector)
                if len(authorities) == 1:
                    borough = directory.borough_by_gss(next(iter(authorities)))
                    if borough:
                        found[borough].append(sector)
    return found


def _p(weights: Sequence[float]) -> npt.NDArray[np.float64]:
    array: npt.NDArray[np.float64] = np.asarray(weights, dtype=float)
    total: np.float64 = array.sum()
    return array / total


def _zipf(items: list[str], rng: np.random.Generator) -> tuple[list[str], npt.NDArray[np.float64]]:
    """The items in a random order, the first far more likely than the last (hotspots)."""
    shuffled = sorted(items)
    rng.shuffle(shuffled)
    return shuffled, _p([1 / (rank + 1) ** 0.9 for rank in range(len(shuffled))])


def _day_weight(day: date, today: date) -> float:
    summer = 1 + 0.25 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 100) / 365)
    weekend = 1.15 if day.weekday() >= 5 else 1.0
    growth = 1 + 0.15 * (1 - (today - day).days / 730)  # more use of the assistant lately
    return summer * weekend * growth


def _locations(
    rng: np.random.Generator, boroughs: list[str | None]
) -> tuple[list[str | None], list[str | None]]:
    """A named place, a postcode sector, or neither, for each concern's borough."""
    gazetteer = load_gazetteer()
    sectors = sectors_by_borough()
    places: list[str | None] = [None] * len(boroughs)
    found_sectors: list[str | None] = [None] * len(boroughs)
    roll = rng.random(len(boroughs)).tolist()
    by_borough: dict[str | None, list[int]] = {}
    for index, borough in enumerate(boroughs):
        by_borough.setdefault(borough, []).append(index)
    outside = [p.name for p in gazetteer.outside]
    for borough, indexes in by_borough.items():
        if borough is None:
            continue
        if borough == OUTSIDE:
            for index in indexes:
                if roll[index] < 0.5:
                    places[index] = outside[int(rng.integers(len(outside)))]
            continue
        names, name_p = _zipf([p.name for p in gazetteer.places if p.borough == borough], rng)
        codes, code_p = _zipf(sectors[borough], rng)
        name_draws = rng.choice(len(names), size=len(indexes), p=name_p).tolist() if names else []
        code_draws = rng.choice(len(codes), size=len(indexes), p=code_p).tolist() if codes else []
        for n, index in enumerate(indexes):
            if roll[index] < PLACE_SHARE and names:
                places[index] = names[name_draws[n]]
            elif roll[index] < PLACE_SHARE + SECTOR_SHARE and codes:
                found_sectors[index] = codes[code_draws[n]]
    return places, found_sectors


def synthetic_rows(n: int, today: date, days: int = 730, seed: int | None = None) -> Iterator[Row]:
    """`n` synthetic rows in COLUMNS order; the same seed gives the same rows. Drawn all at
    once with numpy, so a million take seconds."""
    rng = np.random.default_rng(seed)
    directory = load_directory()
    concern_ids = list(directory.concerns)
    spike_concern, spike_borough, spike_share = SPIKE
    spike_rows = int(n * spike_share)
    main = n - spike_rows
    concern_draw = rng.choice(
        len(concern_ids), size=main, p=_p([CONCERN_WEIGHTS.get(c, 1) for c in concern_ids])
    )
    chosen = [concern_ids[i] for i in concern_draw.tolist()] + [spike_concern] * spike_rows
    all_days = [today - timedelta(days=offset) for offset in range(days)]
    day_draw = rng.choice(days, size=main, p=_p([_day_weight(d, today) for d in all_days]))
    last_monday = today - timedelta(days=today.weekday() + 7)
    spike_days = rng.integers(7, size=spike_rows)
    reported = [all_days[i] for i in day_draw.tolist()] + [
        last_monday + timedelta(days=d) for d in spike_days.tolist()
    ]
    names = list(BOROUGH_WEIGHTS)
    borough_draw = rng.choice(len(names), size=main, p=_p(list(BOROUGH_WEIGHTS.values())))
    kind = rng.random(main)
    boroughs: list[str | None] = [
        None if k < NO_BOROUGH_SHARE else OUTSIDE if k < NO_BOROUGH_SHARE + OUTSIDE_SHARE
        else names[b]
        for k, b in zip(kind.tolist(), borough_draw.tolist(), strict=True)
    ]  # fmt: skip
    boroughs += [spike_borough] * spike_rows
    places, sectors = _locations(rng, boroughs)
    bands = {  # plain lists: indexing a numpy array one item at a time is slow
        kind: rng.choice(len(TIME_BANDS), size=n, p=_p(weights)).tolist()
        for kind, weights in TIME_BAND_WEIGHTS.items()
    }
    channels = rng.choice(len(CHANNELS), size=n, p=_p(CHANNEL_WEIGHTS)).tolist()
    recurrence = rng.choice(len(RECURRENCE), size=n, p=_p(RECURRENCE_WEIGHTS)).tolist()
    run = rng.bytes(16).hex()
    languages = _languages(rng, boroughs)  # drawn last: the other columns keep their values
    for i in range(n):
        concern = directory.concerns[chosen[i]]
        band = bands["evening" if chosen[i] in EVENING_HEAVY else "default"][i]
        yield (
            hashlib.sha256(f"synthetic-{run}-{i}".encode()).hexdigest(),
            chosen[i],
            concern.category,
            concern.subtype,
            concern.priority,
            boroughs[i],
            places[i],
            sectors[i],
            reported[i],
            TIME_BANDS[band],
            CHANNELS[channels[i]],
            RECURRENCE[recurrence[i]],
            None,
            True,
            languages[i],
        )


def _languages(rng: np.random.Generator, boroughs: list[str | None]) -> list[str]:
    """A language for each concern, by its borough's shares (LANGUAGE_WEIGHTS)."""
    roll = rng.random(len(boroughs))
    shares = list(LANGUAGE_WEIGHTS)
    position = {key: i for i, key in enumerate(shares)}
    group = np.array([position.get(b, position[None]) for b in boroughs], dtype=np.int64)
    found = np.zeros(len(boroughs), dtype=np.int64)
    for i, key in enumerate(shares):
        chosen = group == i
        limits = np.cumsum(_p(LANGUAGE_WEIGHTS[key]))
        found[chosen] = np.searchsorted(limits, roll[chosen], side="right")
    found = np.minimum(found, len(LANGUAGES) - 1)  # a roll at the float edge of 1.0
    return [LANGUAGES[i] for i in found.tolist()]


def _chunks(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _copy_postgres(store: ConcernStore, rows: Iterator[Row]) -> None:
    raw = store.engine.raw_connection()
    try:
        # psycopg2's cursor is a context manager; sqlalchemy2-stubs' DB-API cursor type is not.
        with raw.cursor() as cursor:  # type: ignore[attr-defined]
            for chunk in _chunks(rows, CHUNK * 4):
                buffer = io.StringIO()
                writer = csv.writer(buffer)
                for row in chunk:
                    writer.writerow(["\\N" if value is None else value for value in row])
                buffer.seek(0)
                cursor.copy_expert(COPY_SQL, buffer)
        raw.commit()
    finally:
        raw.close()
    # After a bulk load: fresh statistics, and a visibility map for index-only scans.
    autocommit = store.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    with autocommit as connection:  # VACUUM cannot run inside a transaction
        connection.exec_driver_sql("VACUUM ANALYZE")


def _insert_sqlite(store: ConcernStore, rows: Iterator[Row]) -> None:
    marks = ", ".join("?" for _ in COLUMNS)
    sql = f"INSERT INTO concerns ({', '.join(COLUMNS)}) VALUES ({marks})"
    with store.engine.begin() as connection:
        for chunk in _chunks(rows, CHUNK):
            values = [
                (*row[:8], row[8].isoformat(), *row[9:13], int(row[13]), row[14]) for row in chunk
            ]
            # Positional tuples for the "?" marks: SQLAlchemy takes them, but sqlalchemy2-stubs
            # type exec_driver_sql's parameters as mappings only.
            connection.exec_driver_sql(sql, values)  # type: ignore[arg-type]


def seed(store: ConcernStore, n: int, today: date | None = None, seed: int | None = None) -> int:
    """Add `n` synthetic concerns; refuses if the database holds any real one."""
    if n < 1:
        raise ValueError("seed at least one concern")
    store.upgrade()
    real = store.count(synthetic=False)
    if real:
        raise SeedRefused(
            f"the database holds {real} real concerns: synthetic ones are never mixed with "
            "them. Seed an empty or synthetic-only database (set DATABASE_URL)."
        )
    rows = synthetic_rows(n, today or date.today(), seed=seed)
    if store.engine.dialect.name == "postgresql":
        _copy_postgres(store, rows)
    else:
        _insert_sqlite(store, rows)
    return n
