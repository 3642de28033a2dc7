"""Macro-regions and seas (places/data/regions.yaml): places of no country, found in French and
English text, that beat the towns of their name and yield to a region named as such."""

from __future__ import annotations

import pytest
import yaml

from veille.places.gazetteer import fold, load_gazetteer, region_rows
from veille.places.resolver import find_toponyms, resolve_names


def _found(text: str, lang: str) -> dict[str, tuple[str, str, str]]:
    return {t.text: (t.entry.name, t.entry.country, t.entry.precision) for t in find_toponyms(text, lang)}


@pytest.mark.parametrize("lang,text,span,name,precision", [
    ("fr", "Les attaques jihadistes se multiplient au Sahel, selon l'ONU.", "Sahel", "Sahel", "region"),
    ("fr", "Moscou renforce sa présence au Moyen-Orient.", "Moyen-Orient", "Middle East", "region"),
    ("fr", "Les putschistes ont rompu avec la communauté de l'Afrique de l'Ouest.", "Afrique de l'Ouest",
     "West Africa", "region"),
    ("fr", "Des migrants sont morts en Méditerranée cette semaine.", "Méditerranée", "Mediterranean Sea", "sea"),
    ("fr", "Un pétrolier a été attaqué dans la mer Rouge.", "mer Rouge", "Red Sea", "sea"),
    ("fr", "La piraterie reprend dans le golfe de Guinée.", "golfe de Guinée", "Gulf of Guinea", "sea"),
    ("fr", "Les navires croisent au large du golfe d'Aden.", "golfe d'Aden", "Gulf of Aden", "sea"),
    ("fr", "Les îles du lac Tchad servent de refuge aux insurgés.", "lac Tchad", "Lake Chad", "sea"),
    ("en", "The cargo ship sank in the Pacific after the storm.", "Pacific", "Pacific Ocean", "sea"),
    ("en", "Iran threatened to close shipping lanes in the Gulf.", "Gulf", "Persian Gulf", "sea"),
    ("en", "Russia is courting governments across the Middle East and North Africa.", "North Africa",
     "North Africa", "region"),
    ("en", "A drone struck a tanker in the Red Sea off Yemen.", "Red Sea", "Red Sea", "sea"),
])
def test_places_macro_regions_and_seas_in_text(lang, text, span, name, precision):
    found = _found(text, lang)
    assert found[span] == (name, "", precision)


def test_places_a_town_named_with_more_words_is_still_the_town():
    assert _found("He flew to Atlantic City on Friday.", "en")["Atlantic City"][:2] == ("Atlantic City", "USA")


def test_places_a_region_word_still_means_the_first_level_region():
    found = _found("Le Burkina Faso a déployé des troupes dans la région du Sahel.", "fr")
    assert found["Sahel"] == ("Sahel", "BFA", "admin1")


def test_places_a_sea_inside_a_longer_span_only_with_a_direction():
    south, avenue, university = resolve_names(["South Pacific", "Atlantic Avenue", "Florida Atlantic University"])
    assert (south.name, south.precision) == ("Pacific Ocean", "sea")
    assert avenue is None or avenue.kind not in "RW"
    assert university is not None and (university.name, university.country) == ("Florida", "USA")


def test_places_every_region_and_sea_is_found_by_each_of_its_names():
    from importlib import resources

    data = yaml.safe_load(resources.files("veille.places").joinpath("data", "regions.yaml").read_text("utf-8"))
    gaz = load_gazetteer()
    items = [(item, kind) for group, kind in (("regions", "R"), ("seas", "W")) for item in data[group]]
    assert len(region_rows()) == len(items) >= 40
    for item, kind in items:
        for name in [item["name"], *item["names"]]:
            hits = [e for e in gaz.lookup(name) if e.kind == kind and e.name == item["name"]]
            assert len(hits) == 1, name
            assert hits[0].country == "" and hits[0].geonames_id is None
            assert -90 <= hits[0].lat <= 90 and -180 <= hits[0].lon <= 180
    # no name is given to two areas
    keys = [fold(n) for item, _ in items for n in {fold(x) for x in [item["name"], *item["names"]]}]
    assert len(keys) == len(set(keys))


@pytest.mark.model
def test_places_an_event_at_sea_is_located_at_sea_with_no_country():
    from datetime import date

    from veille.models import Article
    from veille.nlp.models import load_model
    from veille.nlp.normalise import for_parsing
    from veille.pipeline import code_doc
    from veille.schema import validate_record

    text = "Des navires russes ont attaqué un pétrolier ukrainien en mer Noire, mardi 13 mai 2025."
    article = Article(text=text, language="fr", published=date(2025, 5, 14))
    [event] = [e for e in code_doc(load_model("fr")(for_parsing(text)), article) if e.event == "ASSAULT"]
    assert (event.location.name, event.location.precision, event.location.text) == ("Black Sea", "sea", "mer Noire")
    assert not event.location.country
    validate_record(event.to_record())
