"""Residents per borough and the plans' priorities are data, checked on load; figures follow
the plan in force on a range's last day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.datafile import DataError, load_model
from bot.routing.directory import load_directory
from bot.trends.catalogue import (
    PRIORITIES_FILE,
    PrioritiesFile,
    build_catalogue,
)
from bot.trends.population import POPULATION_FILE, Population, PopulationFile, population
from bot.trends.suppression import Published
from bot.trends.tables import Decimal


def test_every_borough_has_residents_with_a_source_and_a_check_date() -> None:
    people = population()
    assert set(people.by_borough) == set(load_directory().boroughs)
    assert people.data.source.startswith("https://www.ons.gov.uk/")
    assert people.data.year == 2021 and people.data.checked == date(2026, 12, 2)
    assert people.by_borough["burnley"] == 94_700
    assert people.rate(Published(35), "burnley") == Decimal(0.4)  # 0.37
    assert people.rate(Published(None), "burnley") == Decimal(None)
    assert people.rate(Published(10), "outside") == ""
    assert "checked 2 December 2026" in people.note


def test_a_population_file_missing_a_borough_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load(POPULATION_FILE.read_text(encoding="utf-8"))
    del data["figures"]["E07000117"]
    broken = tmp_path / "boroughs.yml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DataError, match="burnley"):
        Population(load_model(broken, PopulationFile), load_directory())
    data["source"] = "somewhere"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DataError, match="source"):
        load_model(broken, PopulationFile)


def _plans(tmp_path: Path, edit) -> PrioritiesFile:
    data = yaml.safe_load(PRIORITIES_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "priorities.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_model(path, PrioritiesFile)


def test_the_plan_in_force_names_the_priorities(tmp_path: Path) -> None:
    def add_a_plan(data: dict) -> None:
        later = yaml.safe_load(yaml.safe_dump(data["plans"][0]))
        later.update(name="Plan 2025-2028", starts="2025-04-01", ends="2028-03-31")
        later["priorities"] = {1: {"name": "Safer streets", "short": "Streets"},
                               2: {"name": "Safer roads", "short": "Roads"}}  # fmt: skip
        later["category_priorities"] = {c: 1 for c in later["category_priorities"]}
        later["category_priorities"]["road_safety"] = 2
        data["plans"].append(later)

    data = _plans(tmp_path, add_a_plan)
    directory = load_directory()
    old = build_catalogue(data, directory, date(2020, 6, 30))
    assert old.plan.name.endswith("2018-2021") and not old.plan_expired
    assert old.priorities[5].short == "Roads" and old.category_priority["domestic_abuse"] == 2
    new = build_catalogue(data, directory, date(2026, 11, 15))
    assert new.plan.name == "Plan 2025-2028" and not new.plan_expired
    assert [p.short for p in new.priorities.values()] == ["Streets", "Roads"]
    assert (
        new.category_priority["domestic_abuse"] == 1 and new.category_priority["road_safety"] == 2
    )
    gap = build_catalogue(data, directory, date(2022, 1, 1))  # between plans: the one before
    assert gap.plan.name.endswith("2018-2021") and gap.plan_expired


def test_a_plan_without_every_category_is_refused(tmp_path: Path) -> None:
    data = _plans(tmp_path, lambda d: d["plans"][0]["category_priorities"].pop("asb"))
    with pytest.raises(DataError, match="every category"):
        build_catalogue(data, load_directory(), date(2020, 1, 1))
