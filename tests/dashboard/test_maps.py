"""The map: hexagons shipped as data (with their source and Open Government Licence
attribution), drawn on the server as SVG, each area carrying the same published figure as the
tables, a withheld one hatched and labelled [c]."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

from bot.datafile import DataError, load_model
from bot.routing.directory import load_directory
from bot.trends import maps

SVG = "{http://www.w3.org/2000/svg}"


def areas(svg: str) -> dict[str, ElementTree.Element]:
    root = ElementTree.fromstring(svg)
    return {g.get("data-area"): g for g in root.iter(f"{SVG}g") if g.get("data-area")}


def test_the_hexagons_cover_the_five_boroughs_with_their_attribution() -> None:
    data = maps.hex_map().data
    boroughs = {cell[2] for cell in data.cells}
    assert boroughs == set(load_directory().boroughs)
    assert len(data.cells) > 200  # about 630 km2 in hexagons of 1.7 km2
    assert "Open Government Licence" in data.attribution and "Crown copyright" in data.attribution
    assert "ONS Postcode Directory" in data.source
    districts = maps.hex_map().districts
    assert {"BB1", "BB4", "BB5", "BB8", "BB11", "OL13"} <= districts


def test_a_borough_map_shows_the_published_figures() -> None:
    rates = {"burnley": 0.4, "hyndburn": None, "pendle": None, "rossendale": 0.1,
             "blackburn_with_darwen": 0.2}  # fmt: skip
    svg = maps.render("Concerns per 1,000 residents by borough", "borough", rates, "Rate", 1)
    found = areas(svg)
    assert set(found) == set(load_directory().boroughs)
    assert found["burnley"].get("data-value") == "0.4"
    assert found["hyndburn"].get("data-value") == "[c]"  # withheld, as in the table
    assert found["blackburn_with_darwen"].get("data-value") == "0.2"
    fills = {p.get("fill") for p in found["hyndburn"].iter(f"{SVG}polygon")}
    assert fills == {"url(#withheld)"}  # hatched grey, never a colour of the scale

    def shade(area: str) -> int:
        (fill,) = {p.get("fill") for p in found[area].iter(f"{SVG}polygon")}
        return maps.SHADES.index(fill)

    assert shade("burnley") > shade("blackburn_with_darwen") > shade("rossendale")
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img" and root.find(f"{SVG}title").text.startswith("Concerns")
    assert "Open Government Licence" in root.find(f"{SVG}desc").text
    labels = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "Burnley0.4" in labels.replace(" ", "") and "[c] fewer than 10" in labels
    assert "Arial" in root.get("font-family") and int(root.get("font-size")) >= 12


def test_a_borough_chosen_in_the_filters_leaves_the_others_unshaded() -> None:
    svg = maps.render("Rate", "borough", {"burnley": 0.4}, "Rate", 1, selected={"burnley"})
    found = areas(svg)
    assert found["burnley"].get("data-value") == "0.4"
    assert found["pendle"].get("data-value") == "not selected"
    assert {p.get("fill") for p in found["pendle"].iter(f"{SVG}polygon")} == {maps.EMPTY}


def test_a_district_map_withholds_small_counts() -> None:
    svg = maps.render("Concerns by postcode district", "district", {"BB4": 15, "BB5": None}, "n")
    found = areas(svg)
    assert found["BB4"].get("data-value") == "15"
    assert found["BB5"].get("data-value") == "[c]"
    assert found["BB11"].get("data-value") == "0"


def test_the_key_has_round_classes_that_span_the_figures() -> None:
    assert maps.classes([0.4, 0.1, 0.2], 0.1) == ([0.1, 0.2, 0.3, 0.4, 0.5], 1)
    # five boroughs between 3.2 and 3.7 per 1,000 still take different shades
    bounds, decimals = maps.classes([3.4, 3.7, 3.7, 3.3, 3.2], 0.1)
    assert (bounds, decimals) == ([3.2, 3.4, 3.6, 3.8, 4.0], 1)
    assert maps.classes([40, 15], 5) == ([20, 30, 40, 50, 60], 0)
    assert maps.classes([], 5) == ([5, 10, 15, 20, 25], 0)  # nothing shown: counts of 5
    assert maps.classes([0, 10], 5) == ([10, 15, 20, 25, 30], 0)  # 0 is drawn blank


def test_the_map_file_is_checked_on_load(tmp_path: Path) -> None:
    data = yaml.safe_load(maps.MAP_FILE.read_text(encoding="utf-8"))
    data["attribution"] = "no licence named"
    broken = tmp_path / "hexes.yml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DataError, match="attribution"):
        load_model(broken, maps.MapFile)
