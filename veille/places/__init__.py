"""Places: the offline GeoNames gazetteer and toponym resolution in context.

`DocPlaces` holds what an article says about where: its toponyms, dateline city and main place;
the event coder asks it where an event happened when the event names no place itself."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from veille.models import Place
from veille.places.gazetteer import GazEntry, Gazetteer, fold, load_gazetteer
from veille.places.resolver import (
    Toponym,
    dateline_place,
    find_toponyms,
    main_place,
    rank_places,
    resolve_names,
    to_place,
)
from veille.timing import stage

__all__ = ["DocPlaces", "GazEntry", "Gazetteer", "Toponym", "find_toponyms", "fold", "geocode",
           "load_gazetteer", "resolve_names", "resolve_text"]


@lru_cache(maxsize=4096)
def geocode(text: str, country: str, country_level: bool = False) -> Place | None:
    """A name already known to be in `country` (ISO3), with its coordinates and GeoNames id."""
    gaz = load_gazetteer()
    if country_level:
        entry = gaz.countries.get(country)
        return to_place(entry, text) if entry else None
    entries = [e for e in gaz.lookup(text) if e.country == country]
    entry = rank_places(entries, text, Counter({country: 1}))
    return to_place(entry, text) if entry else None


@dataclass
class DocPlaces:
    """The places of one article."""

    toponyms: list[Toponym]
    dateline: Toponym | None
    main: Toponym | None

    @classmethod
    def of(cls, text: str, lang: str) -> DocPlaces:
        with stage("places"):  # inside the coder's "events" stage: reported apart by the benchmark
            toponyms = find_toponyms(text, lang)
            return cls(toponyms, dateline_place(text), main_place(toponyms))

    def place_for(self, start: int, end: int, anchor: int) -> Place | None:
        """The location of an event in the sentence [start, end): the nearest place introduced
        by a locative preposition in it, else the dateline city, else the main place."""
        near = [t for t in self.toponyms if start <= t.start < end and t.locative and t.role == "location"]
        if near:
            return min(near, key=lambda t: abs(t.start - anchor)).to_place()
        for fallback in (self.dateline, self.main):
            if fallback is not None:
                return fallback.to_place()
        return None


def resolve_text(text: str, lang: str = "en") -> list[dict[str, object]]:
    """The places found in `text`, as JSON-ready records (for `veille places resolve`)."""
    places = []
    for t in find_toponyms(text, lang):
        record: dict[str, object] = {"start": t.start, "end": t.end, **t.to_place().to_record(), "role": t.role}
        places.append(record)
    return places
