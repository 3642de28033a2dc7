"""Toponym-resolution accuracy may not drop below the floors pinned in tests/eval_floors.json
("places"): the French gold of tests/gold/places_fr.json always, the GPL geoparsing sets
(TR-News, GeoWebNews) when ../shared holds them (required in CI: VEILLE_REQUIRE_GOLD=1)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT, SHARED, shared_file
from veille.places.evaluate import read_gold, score_file

FLOORS = json.loads((ROOT / "tests" / "eval_floors.json").read_text("utf-8"))["places"]
FRENCH = ROOT / "tests" / "gold" / "places_fr.json"


def _check(path):
    score = score_file(path)
    rates, floor = score.rates(), FLOORS[path.name]
    assert score.toponyms > 100
    for metric in ("exact", "country"):
        assert rates[metric] >= floor[metric], f"{path.name}: {metric} {rates[metric]:.3f} < floor {floor[metric]}"


def test_places_french_gold_is_well_formed():
    raw = json.loads(FRENCH.read_text("utf-8"))
    toponyms = [t for doc in raw["documents"] for t in doc["toponyms"]]
    assert len(toponyms) >= 100
    for t in toponyms:
        assert t["text"] in t["sentence"] and t["end"] - t["start"] == len(t["text"])
        assert isinstance(t["geonames_id"], int) and len(t["country"]) == 3
    assert sum(len(doc) for doc in read_gold(FRENCH)) == len(toponyms)


def test_places_eval_floor_on_french_gold():
    _check(FRENCH)


@pytest.mark.gold
@pytest.mark.parametrize("name", ["TR-News.xml", "GWN.xml"])
def test_places_eval_floor_on_geoparsing_gold(name):
    _check(shared_file(SHARED / "data" / "geoparsing" / name))
