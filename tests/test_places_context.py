"""Airports in the gazetteer, and the document context in toponym resolution: the regions and
capitals of the countries a document names, guesses that weigh less than sure countries, and
villages known by an alias only (no model loads)."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import ROOT
from veille.places import load_gazetteer, resolve_names, resolve_text
from veille.places.resolver import find_toponyms, span_entries


def _where(names, **kwargs):
    return [None if e is None else (e.kind, e.country) for e in resolve_names(names, **kwargs)]


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "tools" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_places_airports_are_facilities_with_a_site_precision():
    gaz = load_gazetteer()
    (gatwick,) = [e for e in gaz.lookup("Gatwick Airport") if e.kind == "F"]
    assert (gatwick.country, gatwick.admin1, gatwick.precision, gatwick.geonames_id) == ("GBR", "England", "site", None)
    assert gatwick in gaz.lookup("Gatwick") and gatwick in gaz.lookup("London Gatwick Airport")
    assert any(e.kind == "F" and e.country == "CAN" for e in gaz.lookup("Macdonald-Cartier International Airport"))
    assert not any(e.kind == "F" for e in gaz.lookup("Bonn"))  # "Cologne Bonn Airport" is not "Bonn"


def test_places_airport_alias_names(build):
    names, bare = build._airport_names("London Heathrow Airport", {"london"})
    assert bare == ["Heathrow"] and "Heathrow Airport" in names and "London Heathrow Airport" in names
    names, bare = build._airport_names("Ottawa / Macdonald-Cartier International Airport", {"ottawa"})
    assert "Macdonald-Cartier Airport" in names and bare == []  # no bare name without the city before it
    assert build._airport_names("Ogden Municipal Airport", {"ogden"})[1] == []  # generic: no bare name
    assert build._airport_names("Cologne Bonn Airport", {"cologne", "bonn"})[1] == []  # a town's name
    assert build._airport_names("John F Kennedy International Airport", {"new york"})[1] == []  # no city first


def test_places_airport_beats_a_village_unless_the_document_is_about_the_village():
    assert _where(["Heathrow"]) == [("F", "GBR")]
    assert _where(["Heathrow", "London"]) == [("F", "GBR"), ("P", "GBR")]
    assert _where(["Heathrow", "Orlando", "Florida"])[0] == ("P", "USA")  # the Florida village
    assert _where(["Pearson International Airport"]) == [("F", "CAN")]
    assert span_entries("Heathrow Cargo Centre", load_gazetteer())[0].kind in "FP"  # found inside a longer name


def test_places_airports_in_running_text():
    found = find_toponyms("Flights from Gatwick Airport to Toronto were cancelled on Monday.")
    assert [(t.text, t.entry.kind, t.entry.country) for t in found] == [("Gatwick Airport", "F", "GBR"),
                                                                         ("Toronto", "P", "CAN")]
    record = resolve_text("Flights from Gatwick Airport were cancelled.")[0]
    assert record["precision"] == "site" and record["country"] == "GBR" and record["geonames_id"] is None
    # a bare airport name is not found in running text without an airport word or a locative cue
    assert find_toponyms("Pearson said the results were good.") == []


def test_places_region_of_a_country_the_document_names_beats_a_village_abroad():
    # the Spanish region when the document names Spain; the Alabama town in an Alabama story
    assert _where(["Andalusia", "Spain", "Alabama", "Montgomery", "Mobile"])[0] == ("A", "ESP")
    assert _where(["Andalusia", "Alabama", "Montgomery", "Mobile"])[0] == ("P", "USA")
    assert _where(["Piedmont", "Italy", "Oklahoma", "Tulsa"])[0] == ("A", "ITA")


def test_places_capital_of_a_country_the_document_names():
    assert _where(["Lisbon", "Portugal", "Ohio", "Columbus"])[0] == ("P", "PRT")
    assert _where(["Lisbon", "Ohio", "Columbus"])[0] == ("P", "USA")
    assert _where(["Vienna", "Austria", "Virginia", "Fairfax"])[0] == ("P", "AUT")


def test_places_a_single_guess_is_a_weak_context():
    # "Hamilton" alone may be Ontario's; its guess must not pull "Paisley" to an Ontario village
    # when the Scottish Paisley lies next to the Scottish Hamilton
    assert [(e.country, e.admin1) for e in resolve_names(["Hamilton", "Paisley"])] == [("GBR", "Scotland")] * 2
    # repeating a name does not multiply its vote
    assert [e.country for e in resolve_names(["Hamilton"] * 4 + ["Paisley"])][-1] == "GBR"


def test_places_village_known_by_an_alias_only_in_a_story_about_elsewhere():
    # "Zoerbig" is only an alternate spelling of a German village (Zörbig)
    assert _where(["Zoerbig"]) == [("P", "DEU")]
    assert _where(["Zoerbig", "Kentucky", "Louisville", "Lexington"], backoff=False)[0] is None
    assert _where(["Zoerbig", "Germany", "Leipzig"])[0] == ("P", "DEU")


def test_places_a_town_named_with_town_or_city_is_called_by_its_name():
    # GeoNames names some towns "Enfield Town"; "Oklahoma City" still does not take "Oklahoma"
    assert _where(["Enfield"]) == [("P", "GBR")]
    assert _where(["Oklahoma"]) == [("A", "USA")]
