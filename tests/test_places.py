"""Gazetteer, toponym finding and resolution in context, document places (no model loads)."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import SEED
from veille.cli import main
from veille.places import DocPlaces, geocode, load_gazetteer, resolve_names
from veille.places.gazetteer import fold
from veille.places.resolver import dateline_place, find_toponyms, rank_places, span_entries


def _found(text, lang):
    return [(t.text, t.entry.kind, t.entry.country, t.role) for t in find_toponyms(text, lang)]


def test_places_fold_ignores_case_accents_and_hyphens():
    assert fold("Tillabéri") == fold("TILLABERI") == "tillaberi"
    assert fold("Burkina-Faso") == "burkina faso"
    assert fold("U.S.") == "us"


@pytest.mark.parametrize(
    ("name", "kind", "country"),
    [("Moscou", "P", "RUS"), ("Tillabéri", "A", "NER"), ("Ménaka", "A", "MLI"), ("Kidal", "A", "MLI"),
     ("Donetsk", "A", "UKR"), ("Sahel", "A", "BFA"), ("Russie", "C", "RUS"), ("U.S.", "C", "USA"),
     ("Afrique", "L", "")],
)
def test_places_gazetteer_knows_names_in_french_and_english(name, kind, country):
    entries = load_gazetteer().lookup(name)
    assert any(e.kind == kind and e.country == country for e in entries)


def test_places_moscow_has_coordinates_and_geonames_id():
    place = geocode("Moscou", "RUS")
    assert place is not None and place.geonames_id == 524901 and place.precision == "city"
    assert abs(place.lat - 55.75) < 0.1 and abs(place.lon - 37.62) < 0.1


def test_places_context_decides_between_homonyms():
    gaz = load_gazetteer()
    london = gaz.lookup("London")
    assert rank_places(london, "London").country == "GBR"
    assert rank_places(london, "London", Counter({"CAN": 3})).country == "CAN"
    assert [e.country for e in resolve_names(["Paris", "Texas"])] == ["USA", "USA"]
    assert [e.country for e in resolve_names(["Paris", "Lyon"])] == ["FRA", "FRA"]


def test_places_region_word_prefers_the_region():
    assert _found("dans la région de Tillabéri, au Niger", "fr") == [
        ("Tillabéri", "A", "NER", "location"), ("Niger", "C", "NER", "location")]
    assert _found("fighting in the Kidal region", "en")[0][:3] == ("Kidal", "A", "MLI")
    assert _found("Ils sont arrivés à Kidal", "fr")[0][:3] == ("Kidal", "P", "MLI")


def test_places_demonyms_are_not_places():
    assert _found("Turkish troops and Malian soldiers", "en") == []
    assert resolve_names(["Turkish"])[0].country == "TUR"  # given a gold span, a demonym names its country


def test_places_river_niger_is_not_the_state():
    assert _found("Le fleuve Niger a débordé à Niamey.", "fr") == [("Niamey", "P", "NER", "location")]


def test_places_metonymy_makes_an_actor():
    found = _found("Washington said it would sanction firms in Moscow.", "en")
    assert found == [("Washington", "P", "USA", "actor"), ("Moscow", "P", "RUS", "location")]
    assert _found("Moscou a annoncé des sanctions.", "fr")[0][3] == "actor"


def test_places_dateline_city():
    top = dateline_place("BAMAKO, 11 mai (APA) - Le gouvernement malien")
    assert top is not None and top.entry.name == "Bamako" and top.entry.country == "MLI"
    assert dateline_place("Le gouvernement malien a annoncé") is None


def test_places_doc_places_fallbacks():
    text = "BAMAKO, 11 mai (APA) - Le gouvernement a parlé. Des combats ont eu lieu à Gao."
    places = DocPlaces.of(text, "fr")
    second = text.index("Des")
    assert places.place_for(second, len(text), second).name == "Gao"
    assert places.place_for(0, second, 10).name == "Bamako"  # the dateline city
    assert DocPlaces.of("Le ministre a parlé.", "fr").place_for(0, 20, 0) is None


def test_places_seed_main_place_is_moscow():
    places = DocPlaces.of(SEED.read_text("utf-8"), "fr")
    assert places.main is not None and places.main.entry.geonames_id == 524901


def test_places_cli_resolve_prints_json_lines(capsys):
    import json

    assert main(["places", "resolve", "--lang", "fr", "--date", "2025-05-12", "Hier", "à", "Moscou"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["name"] == "Moscow" and lines[0]["country"] == "RUS" and lines[0]["lat"]
    assert lines[1]["date"] == "2025-05-11" and lines[1]["date_precision"] == "day"


def test_places_regions_carry_geonames_ids():
    gaz = load_gazetteer()
    assert any(e.kind == "A" and e.geonames_id == 5883102 for e in gaz.lookup("Alberta"))
    assert any(e.kind == "A" and e.geonames_id == 2595293 for e in gaz.lookup("Tillabéri"))
    assert any(e.kind == "A" and e.country == "GBR" for e in gaz.lookup("Écosse"))  # a part, not the UK


def test_places_region_or_town_of_the_same_name():
    # a region holding a town of its name means the town; otherwise the region
    assert [(e.kind, e.country) for e in resolve_names(["Kidal"])] == [("P", "MLI")]
    assert [(e.kind, e.country) for e in resolve_names(["Delaware"])] == [("A", "USA")]
    assert [(e.kind, e.country) for e in resolve_names(["Wyoming"])] == [("A", "USA")]


def test_places_regions_and_neighbours_decide_between_homonyms():
    london, _ = resolve_names(["London", "Kentucky"])
    assert (london.country, london.admin1) == ("USA", "Kentucky")
    assert [e.country for e in resolve_names(["Edmonton", "Enfield", "Tottenham"])] == ["GBR"] * 3
    assert [e.country for e in resolve_names(["Edmonton", "Calgary"])] == ["CAN"] * 2


def test_places_french_elision_is_not_part_of_the_name():
    found = _found("Il a quitté l'Algérie pour l’Italie, puis d'Alger est allé dans l'Ohio.", "fr")
    assert [f[:3] for f in found] == [("Algérie", "C", "DZA"), ("Italie", "C", "ITA"), ("Alger", "P", "DZA"),
                                      ("Ohio", "A", "USA")]


def test_places_small_towns_and_villages_are_known():
    # GeoNames' places of 500 people or more: "Churchill" (Manitoba) needs no larger extract
    assert any(e.country == "CAN" and e.kind == "P" for e in load_gazetteer().lookup("Churchill"))
    assert resolve_names(["Churchill", "Manitoba"])[0].country == "CAN"


def test_places_demonym_beats_a_small_town_of_that_name():
    # "Spanish" (Ontario) and "Canadian" (Texas) are villages, but a demonym span names the country
    assert [e.country for e in resolve_names(["Spanish", "Canadian", "German"])] == ["ESP", "CAN", "DEU"]


def test_places_abbreviations_and_english_names_of_regions():
    assert [(e.kind, e.country) for e in resolve_names(["WA", "ACT", "NSW"])] == [("A", "AUS")] * 3
    assert [(e.kind, e.country) for e in resolve_names(["Rhineland-Palatinate"])] == [("A", "DEU")]
    assert [(e.kind, e.name) for e in resolve_names(["EU"])] == [("L", "Europe")]


def test_places_part_of_a_name_is_not_a_small_alias():
    # "City Hall": "Hall" is an alias of Schwäbisch Hall only; "Heathrow Airport" holds no big place
    gaz = load_gazetteer()
    assert span_entries("City Hall", gaz) == []
    assert span_entries("Stade de France", gaz)[0].country == "FRA"


def test_places_unknown_span_backs_off_to_the_document_country():
    got = resolve_names(["Ottawa", "Toronto", "Xyzzy International Airport", "Canada"])
    assert (got[2].kind, got[2].country) == ("C", "CAN")
    assert resolve_names(["Ottawa", "Xyzzy International Airport"], backoff=False)[1] is None
    assert resolve_names(["Xyzzy International Airport"]) == [None]  # no country to back off to


def test_places_villages_in_text_need_their_region():
    # in running text a village is found only when its region or country follows it
    assert _found("Lawmakers in Congress voted.", "en") == []
    assert [f[:3] for f in _found("He lives in Churchill, Manitoba.", "en")] == [("Churchill", "P", "CAN"),
                                                                          ("Manitoba", "A", "CAN")]
    edmonton = find_toponyms("The board met in Edmonton, Ky., on Monday.")[0]
    assert (edmonton.entry.country, edmonton.entry.admin1) == ("USA", "Kentucky")
    dateline = dateline_place("EDMONTON, Ky. - The Metcalfe County board met.")
    assert (dateline.entry.country, dateline.entry.admin1) == ("USA", "Kentucky")
