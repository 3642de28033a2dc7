"""Toponyms in text, resolved in context against the gazetteer.

Finding (no model needed): capitalised word sequences (up to the gazetteer's longest name) that
name a place; an alias-only match of a small place needs a locative or region cue; a French
elision is not part of the name ("l'Algérie"), and after the article l' a name is not a town.
Demonyms are not places; a name after a natural-feature word ("le fleuve Niger") is not a state;
a name followed by a verb of saying or deciding ("Moscou a déclaré") is a government (metonymy)
and gets the role `actor`.

Resolving: every place with that name is scored: countries and continents first, then regions
when a region word is near ("la région de Kidal"; a region holding a town of its name, "New
York", "Kidal", otherwise yields to the town), then population and capitals; an airport (kind F)
ranks as a town of ~100,000 people ("Heathrow": the airport, not the Florida village); then the
document: the countries and first-level regions of the other names (a first pass gives them; a
second pass decides; each name votes once, a guess among several countries or a village weighs
less than a sure country, and a context of a single guess weighs less than a full one), nearness
(within 300 km, or the same region) to the places the other names may be ("Edmonton" with
"Enfield" and "Tottenham" is the London one), and the countries the document names: their regions
and capitals beat namesakes abroad ("Andalusia" with "Spain" and "Alabama" is the Spanish region).
A village known by the name only as an alternate name, in a document whose places all lie in other
countries, is rejected ("Sears", an alias of a Romanian village, in a Kentucky story: None).

Given spans (`resolve_names`: gold spans, or a parser's): a demonym names its country even where a
village bears the name ("Spanish"); a span the gazetteer lacks resolves to a place named inside it
("Bank of Japan"), not to a small town or an alias ("City Hall"), else to the document's country
(the backoff, at country precision)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from veille.errors import DataFileError
from veille.models import Place
from veille.places.gazetteer import GazEntry, Gazetteer, fold, load_gazetteer

__all__ = ["PlaceCues", "Toponym", "place_cues", "find_toponyms", "rank_places", "resolve_names",
           "document_country", "span_entries", "main_place", "dateline_place", "to_place"]

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_CONNECTORS = frozenset({"de", "du", "des", "la", "le", "of", "the", "el", "al", "d'", "l'", "sur", "upon", "on"})
_GAP = re.compile(r"[ '’-]?|\s[dlDL]['’]")  # or an elided article: "Afrique de l'Ouest", "golfe d'Aden"
_SMALL_ALIAS = 100_000  # an alias-only match of a smaller place needs a cue
_SMALL_TOWN = 5_000  # so does any match of a smaller town ("Churchill", "Romney")
_FACILITY_PRIOR = 4.0  # an airport (no population) ranks as a place of ~100,000 people would
_AREA_PRIOR = 7.0  # a macro-region or sea (no population) ranks as a place of ~1,000,000 people would, +1


@dataclass(frozen=True)
class PlaceCues:
    language: str
    locative_preps: tuple[str, ...]
    region_words: frozenset[str]
    feature_words: frozenset[str]
    metonymy_verbs: tuple[str, ...]
    not_places: frozenset[str]
    airport_words: frozenset[str] = frozenset()  # folded
    direction_words: frozenset[str] = frozenset()  # folded

    @property
    def locative_re(self) -> re.Pattern[str]:
        return _alternation(r"(?:^|[\s'])(?:", self.locative_preps, r")(?:\s+(?:la|le|les|the))?\s*$|(?:^|\s)l'$")

    @property
    def metonymy_re(self) -> re.Pattern[str]:
        return _alternation(r"^(?:,[^,]{0,30},\s*)?(?:", self.metonymy_verbs, r")(?:[\s,.]|$)")


@cache
def _alternation(prefix: str, words: tuple[str, ...], suffix: str) -> re.Pattern[str]:
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(prefix + alts + suffix)


@cache
def place_cues(lang: str) -> PlaceCues:
    path = resources.files("veille.places").joinpath("data", f"{lang}.yaml")
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
        return PlaceCues(
            language=raw["language"],
            locative_preps=tuple(sorted((p.lower() for p in raw["locative_preps"]), key=len, reverse=True)),
            region_words=frozenset(w.lower() for w in raw["region_words"]),
            feature_words=frozenset(w.lower() for w in raw["feature_words"]),
            metonymy_verbs=tuple(v.lower() for v in raw["metonymy_verbs"]),
            not_places=frozenset(fold(w) for w in raw["not_places"]),
            airport_words=frozenset(fold(w) for w in raw.get("airport_words") or []),
            direction_words=frozenset(fold(w) for w in raw.get("direction_words") or []),
        )
    except FileNotFoundError:
        return place_cues("en") if lang != "en" else _missing(lang)
    except (KeyError, TypeError, yaml.YAMLError) as exc:
        raise DataFileError(f"places/data/{lang}.yaml: {exc}") from exc


@cache
def _any_language(field: str) -> frozenset[str]:
    """The words of a cue list in every language the place cues know (for given spans and
    gazetteer matches, whose language is not known)."""
    data = resources.files("veille.places").joinpath("data")
    langs = sorted(f.name[:-5] for f in data.iterdir() if f.name.endswith(".yaml") and f.name != "regions.yaml")
    return frozenset().union(*(getattr(place_cues(lang), field) for lang in langs))


def _missing(lang: str) -> PlaceCues:
    raise DataFileError(f"no place cues for language {lang!r}")


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name in a text: character span, the place chosen, and how it reads."""

    start: int
    end: int
    text: str
    entry: GazEntry
    role: str = "location"  # location | actor (metonymy)
    locative: bool = False  # introduced by a locative preposition
    region: bool = False  # a region word next to it

    def to_place(self) -> Place:
        return to_place(self.entry, self.text)


def to_place(entry: GazEntry, text: str) -> Place:
    return Place(text=text, name=entry.name, country=entry.country, admin1=entry.admin1 if entry.kind != "C" else "",
                 lat=entry.lat, lon=entry.lon, geonames_id=entry.geonames_id, precision=entry.precision)


# -- ranking ---------------------------------------------------------------------------------
@dataclass
class DocContext:
    """What the rest of a document says about where it is: the countries and first-level regions
    of the other names, and the places the other names may be (for nearness)."""

    countries: Counter[str]
    regions: Counter[tuple[str, str]]
    anchors: list[list[GazEntry]]  # per other name: the few places it may be (not countries)
    named: frozenset[str] = frozenset()  # the countries the other names name ("Australia")


_NO_CONTEXT = DocContext(Counter(), Counter(), [])


def _namesake_region(entry: GazEntry, entries: Sequence[GazEntry]) -> bool:
    """A region that holds a town of the same name ("New York", "Kidal"): the town is meant."""
    return any(e.kind == "P" and e.country == entry.country and e.admin1 == entry.admin1 for e in entries)


def _prior(entry: GazEntry, key: str, entries: Sequence[GazEntry], region: bool) -> float:
    score = math.log10(entry.population + 10)
    if entry.kind == "C":
        score += 3.0
    elif entry.kind == "L":
        score += 2.0
    elif entry.kind in "RW":  # a macro-region or a sea: no population, above towns of its name
        score += _AREA_PRIOR  # ("Pacific", Missouri), below a region when a region word is near
    elif entry.kind == "A":
        score += 4.0 if region else (-1.5 if _namesake_region(entry, entries) else 0.0)
    elif entry.kind == "B":  # a county or department: below a town of the same name, unless named so
        score += 3.5 if region else (-2.0 if _namesake_region(entry, entries) else -0.5)
    elif entry.kind == "F":  # an airport: no population, known as a town of ~100,000 people is
        score += _FACILITY_PRIOR  # above a village of the same name ("Heathrow", Florida)
    elif entry.capital:
        score += 1.5
    name = fold(entry.name)
    if name == key or name in (key + " city", key + " town") and not any(  # "Enfield Town" is "Enfield",
            e.kind in "CA" and fold(e.name) == key for e in entries):  # "Oklahoma City" is not "Oklahoma"
        score += 1.0
    return score


def _km(a: GazEntry, b: GazEntry) -> float:
    """Distance in km (equirectangular: precise enough under a few hundred km)."""
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(x, math.radians(b.lat - a.lat))


def _same_region(a: GazEntry, b: GazEntry) -> bool:
    return a.country == b.country and bool(a.admin1) and a.admin1 == b.admin1 and "A" in (a.kind, b.kind)


def _nearness(entry: GazEntry, anchors: list[list[GazEntry]]) -> float:
    """How many of the document's other names may be places near this one (within ~300 km, or
    the region it lies in), each counted 0..1."""
    total = 0.0
    for places in anchors:
        best = 0.0
        for a in places:
            if a is entry:
                continue
            if _same_region(entry, a):  # a region holding a place named, or a place in a region named
                near = 1.0 if entry.kind == "A" else _REGION_NEAR
            else:
                near = max(0.0, 1.0 - _km(entry, a) / _NEAR_KM)
            best = max(best, near)
        total += best
    return total


_NEAR_KM = 300.0
_ANCHORS = 4  # places kept per name as nearness anchors (the likeliest by prior)
_NEARNESS = 2.5  # the bonus of a place near two or more of the other names' places
_REGION_NEAR = 0.5  # a place in a region the document names is half as sure as one next to a place
_NAMED_COUNTRY = 2.0  # the bonus of a region or capital of a country the document names
_EVIDENCE = 2.0  # country votes below this weigh proportionally less (one guess is not a context)
_SURE, _UNSURE = 2.0, 0.5  # the country vote of a name: sure (one country) or a guess among several
_STRAY_EVIDENCE = 2.0  # country votes from which a stray village is rejected


def _score(entry: GazEntry, key: str, entries: Sequence[GazEntry], ctx: DocContext, region: bool) -> float:
    score = _prior(entry, key, entries, region)
    total = sum(ctx.countries.values())
    evidence = min(1.0, total / _EVIDENCE)
    if total and entry.country in ctx.countries:
        score += (1.0 + 2.5 * ctx.countries[entry.country] / total) * evidence
    if entry.country in ctx.named and (entry.capital or entry.kind == "A" and not any(
            e.kind == "P" and e.country == entry.country for e in entries)):
        score += _NAMED_COUNTRY  # "Queensland" with "Australia": the state, not an Alberta hamlet
    if entry.kind in "ABPF" and entry.admin1:
        regions = sum(ctx.regions.values())
        if regions and (entry.country, entry.admin1) in ctx.regions:
            score += (0.5 + 1.5 * ctx.regions[(entry.country, entry.admin1)] / regions) * evidence
        if ctx.anchors and len(entries) > 1:
            score += _NEARNESS * min(1.0, _nearness(entry, ctx.anchors) / 2)
    return score


def rank_places(entries: Sequence[GazEntry], name: str, context: Counter[str] | DocContext | None = None,
                region: bool = False) -> GazEntry | None:
    """The most likely place among those called `name`, given the document's countries (a Counter
    of ISO3 codes) or its full context."""
    if not entries:
        return None
    key = fold(name)
    if context is None:
        ctx = _NO_CONTEXT
    elif isinstance(context, DocContext):
        ctx = context
    else:
        ctx = DocContext(context, Counter(), [])
    best = max(entries, key=lambda e: _score(e, key, entries, ctx, region))
    return None if _stray(best, key, ctx) else best


def _stray(entry: GazEntry, key: str, ctx: DocContext) -> bool:
    """A village known by this name only as an alternate name ("Sears" for Romania's Şoarş), in a
    document whose places are all in other countries: a namesake the gazetteer lacks is meant."""
    total = sum(ctx.countries.values())
    return (entry.kind == "P" and entry.population < _SMALL_TOWN and fold(entry.name) != key
            and total >= _STRAY_EVIDENCE and entry.country not in ctx.countries)


def _anchors(entries: Sequence[GazEntry], name: str, region: bool) -> list[GazEntry]:
    key = fold(name)
    places = [e for e in entries if e.kind in "ABPF"]
    return sorted(places, key=lambda e: -_prior(e, key, entries, region))[:_ANCHORS]


def _contexts(names: Sequence[str], found: Sequence[list[GazEntry]], first: Sequence[GazEntry | None],
              regions: Sequence[bool], partial: Sequence[bool] = ()) -> dict[str, DocContext]:
    """The context each name is read in: countries and regions of the first-pass choices of the
    *other* names (a name does not vote for itself: the countries named, unambiguous places and
    first-pass choices), and their likely places as nearness anchors."""
    countries: dict[str, Counter[str]] = {}
    admin: dict[str, Counter[tuple[str, str]]] = {}
    anchors: dict[str, list[GazEntry]] = {}
    named: dict[str, str] = {}
    for i, (name, entries, chosen, region) in enumerate(zip(names, found, first, regions, strict=True)):
        if chosen is None or not chosen.country:
            continue
        key = fold(name)
        sure = (chosen.kind == "C" or len({e.country for e in entries}) == 1
                or chosen.kind == "A" and not _namesake_region(chosen, entries))  # "Texas", not "New York"
        if (partial and partial[i]) or (chosen.kind == "P" and chosen.population < _SMALL_TOWN):
            sure = False  # "Forth Worth" read as "Worth"; a village ("Middle East", Maryland)
        if chosen.kind == "C":
            named[key] = chosen.country
        votes = countries.setdefault(key, Counter())  # a name votes once, however often it is repeated
        votes[chosen.country] = max(votes[chosen.country], _SURE if sure else _UNSURE)
        if chosen.kind in "ABPF" and chosen.admin1:
            admin.setdefault(key, Counter())[(chosen.country, chosen.admin1)] += 2 if chosen.kind == "A" else 1
        if key not in anchors and chosen.kind in "ABPF":
            anchors[key] = _anchors(entries, name, region)
    all_countries: Counter[str] = sum(countries.values(), Counter())
    all_regions: Counter[tuple[str, str]] = sum(admin.values(), Counter())
    out = {"": DocContext(all_countries, all_regions, list(anchors.values()), frozenset(named.values()))}
    for key in {fold(n) for n in names}:
        out[key] = DocContext(all_countries - countries.get(key, Counter()),
                              all_regions - admin.get(key, Counter()),
                              [a for k, a in anchors.items() if k != key],
                              frozenset(c for k, c in named.items() if k != key))
    return out


def _two_passes(names: Sequence[str], found: Sequence[list[GazEntry]], regions: Sequence[bool],
                partial: Sequence[bool] = ()) -> list[GazEntry | None]:
    first = [rank_places(e, n, None, r) for e, n, r in zip(found, names, regions, strict=True)]
    contexts = _contexts(names, found, first, regions, partial)
    return [rank_places(e, n, contexts[fold(n)], r) for e, n, r in zip(found, names, regions, strict=True)]


def resolve_names(names: Sequence[str], gaz: Gazetteer | None = None,
                  regions: Sequence[bool] | None = None, backoff: bool = True) -> list[GazEntry | None]:
    """Resolve the toponyms of one document given their spans (two passes, in context).
    A demonym ("Turkish") resolves to its country. With `backoff`, a span the gazetteer does not
    know (an airport, a street, a village) resolves to the document's country, at country
    precision (see `document_country`); None when the document names no country."""
    gaz = gaz or load_gazetteer()
    regions = regions or [_region_span(name) for name in names]
    spans = [_span_entries(name, gaz) for name in names]
    found = [entries for entries, _ in spans]
    partial = [part for _, part in spans]
    chosen = _two_passes(names, found, regions, partial)
    if backoff and any(not entries for entries in found):
        country = document_country(chosen, found, gaz)
        chosen = [country if not entries else e for e, entries in zip(chosen, found, strict=True)]
    return chosen


def _region_span(name: str) -> bool:
    """A span that says it is a region: "Oaxaca State", "Kidal Region", "Province of Quebec"."""
    words = fold(name).split()
    return len(words) > 1 and (words[-1] in _region_words() or words[0] in _region_words())


@cache
def _region_words() -> frozenset[str]:
    return frozenset(fold(w) for lang in ("en", "fr") for w in place_cues(lang).region_words)


def document_country(chosen: Sequence[GazEntry | None], found: Sequence[Sequence[GazEntry]],
                     gaz: Gazetteer) -> GazEntry | None:
    """The country most of a document's places are in: each resolved name votes for its
    country, twice when sure (a country, or a name all of whose places are in one country);
    ties go to the country named first."""
    votes: Counter[str] = Counter()
    for entry, entries in zip(chosen, found, strict=True):
        if entry is not None and entry.country:
            votes[entry.country] += 2 if entry.kind == "C" or len({e.country for e in entries}) == 1 else 1
    return gaz.countries.get(votes.most_common(1)[0][0]) if votes else None


# words that head the name of a building, an institution or a direction, not a place of their own
_GENERIC = frozenset({
    "airport", "international", "cathedral", "church", "university", "college", "school", "academy",
    "hospital", "park", "stadium", "stade", "centre", "center", "street", "road", "avenue", "bridge", "tower",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "middle",
    "upper", "lower", "greater", "nord", "sud", "est", "ouest", "world", "bank", "house", "city", "state",
    "national", "federal", "royal", "saint", "st", "new", "old", "grand", "great", "little", "mount", "of"})
_COUNTY_ABBR = re.compile(r"\s+co\.?$", re.IGNORECASE)


def span_entries(name: str, gaz: Gazetteer) -> list[GazEntry]:
    """The places a span known to be a toponym may be: its name; else a demonym's country ("Turkish");
    else ("Bank of Japan", "Colorado State University") the longest run of its words that names a
    place or a demonym."""
    return _span_entries(name, gaz)[0]


def _span_entries(name: str, gaz: Gazetteer) -> tuple[list[GazEntry], bool]:
    """`span_entries`, and whether they come from a part of the span only ("Bank of Japan")."""
    entries = gaz.lookup(_COUNTY_ABBR.sub(" County", name))
    place = gaz.demonym_place(name)
    if entries:  # "Canadian", "Spanish": also small towns; the country competes with them
        return (entries + [place] if place is not None and place not in entries else entries), False
    if place is not None:
        return [place], False
    words = _words(name)
    generic = _GENERIC | place_cues("en").not_places | place_cues("fr").not_places
    for n in range(len(words) - 1, 0, -1):
        hits: list[list[GazEntry]] = []
        for i in range(len(words) - n + 1):
            part = name[words[i].start():words[i + n - 1].end()]
            key = fold(part)
            if not _capitalised(part) or len(part) < 3 or all(w in generic for w in key.split()):
                continue
            around = fold(name[:words[i].start()] + " " + name[words[i + n - 1].end():]).split()
            if entries := [e for e in gaz.lookup(part) if e.kind == "F" or _part_place(e, key) and (
                    e.kind not in "RW" or all(w in _any_language("direction_words") for w in around))]:
                hits.append(entries)  # a sea or macro-region inside a name: "South Pacific", not "Atlantic Avenue"
            elif n == 1 and (place := gaz.demonym_place(part)):
                hits.append([place])
        if hits:  # the likeliest of the places named inside ("Stade de France": France)
            return max(hits, key=lambda es: max(_prior(e, fold(e.name), es, False) for e in es)), True
    return [], False


def _part_place(entry: GazEntry, key: str) -> bool:
    """Whether a place named inside a longer name ("Heathrow Airport", "Cavan Town Hall"), or
    found in text with no cue, may be what it refers to: not a small town, nor a mid-sized one
    known by an alias only ("Hall")."""
    if entry.kind == "F":  # an airport when called so ("Heathrow Airport"), not "Heathrow" alone
        return bool(_any_language("airport_words").intersection(key.split()))
    return entry.kind in "CABLRW" or entry.population >= _SMALL_ALIAS or (
        entry.population >= _SMALL_TOWN and fold(entry.name) == key)


# -- finding ---------------------------------------------------------------------------------
@dataclass
class _Candidate:
    start: int
    end: int
    text: str
    entries: list[GazEntry]
    locative: bool
    region: bool
    role: str
    qualified: bool = False  # "Churchill, Manitoba": followed by the region or country it lies in


class _Tok:
    """A word of the text (the part after a French elision: "l'Algérie" -> "Algérie")."""

    __slots__ = ("_start", "_end", "_text", "article")

    def __init__(self, start: int, end: int, text: str, article: bool = False) -> None:
        self._start, self._end, self._text = start, end, text
        self.article = article  # after the French article l' ("l'Algérie")

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text


_ELISION = re.compile(r"(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’](?=[^\W\d_])", re.IGNORECASE)


def _words(text: str) -> list[_Tok]:
    out = []
    for m in _WORD.finditer(text):
        word, start, article = m.group(), m.start(), False
        if (el := _ELISION.match(word)) and len(word) > el.end():
            article = word[0] in "lL" and el.end() == 2
            word, start = word[el.end():], start + el.end()
        out.append(_Tok(start, m.end(), word, article))
    return out


def _before(text: str, start: int, width: int = 40) -> str:
    return " " + text[max(0, start - width):start].lower().replace("’", "'")


def _is_locative(text: str, start: int, cues: PlaceCues) -> bool:
    return cues.locative_re.search(_before(text, start)) is not None


def _region_cue(text: str, start: int, end: int, cues: PlaceCues) -> bool:
    """A region word just before ("région de Kidal", "Kidal region") or after the name."""
    before = re.findall(r"[^\W\d_]+", _before(text, start, 30))[-3:]
    after = re.findall(r"[^\W\d_]+", text[end:end + 20].lower())[:1]
    while before and before[-1] in _CONNECTORS | {"d", "l"}:
        before.pop()
    return bool(before and before[-1] in cues.region_words) or bool(cues.region_words.intersection(after))


def _feature_cue(text: str, start: int, end: int, cues: PlaceCues) -> bool:
    before = re.findall(r"[^\W\d_]+", _before(text, start, 20))[-1:]
    after = re.findall(r"[^\W\d_]+", text[end:end + 15].lower())[:1]
    return bool(cues.feature_words.intersection(before) or cues.feature_words.intersection(after))


def _metonymic(text: str, end: int, cues: PlaceCues) -> bool:
    return cues.metonymy_re.match(text[end:end + 60].lower().replace("’", "'").lstrip()) is not None


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _extent(words: list[_Tok], i: int, text: str, limit: int) -> int:
    """How many words from i can form one name: capitalised words and connectors separated by
    spaces, hyphens or apostrophes only."""
    n = 1
    while n < limit and i + n < len(words):
        word = words[i + n].group()
        if not (_capitalised(word) or word.lower() in _CONNECTORS):
            break
        if not _GAP.fullmatch(text[words[i + n - 1].end():words[i + n].start()]):
            break
        n += 1
    return n


def _match_at(words: list[_Tok], i: int, text: str, gaz: Gazetteer) -> tuple[int, list[GazEntry], bool] | None:
    """The longest place name starting at word i: (index after its last word, places, whether
    qualified). A name followed by the region or country it lies in ("Churchill, Manitoba",
    "Edmonton, Ky.") is qualified: only the places there are kept. Otherwise, in running text,
    villages (under `_SMALL_TOWN` people) are left out: too many of them are called like a word
    ("Congress", "Republic"); given spans and datelines may name them."""
    for n in range(_extent(words, i, text, min(gaz.max_words, 6)), 0, -1):
        last = words[i + n - 1]
        if not _capitalised(last.group()):
            continue
        every = gaz.lookup(text[words[i].start():last.end()].rstrip("."))
        if every and (qualified := _qualified(every, words, i + n, text, gaz)):
            return i + n, qualified, True  # "Edmonton, Ky.": the Kentucky one
        entries = [e for e in every if e.kind != "P" or e.population >= _SMALL_TOWN]
        if entries:
            return i + n, entries, False
    return None


def _water_at(words: list[_Tok], i: int, text: str, gaz: Gazetteer) -> tuple[int, list[GazEntry]] | None:
    """A sea, ocean or lake named with its feature word first ("mer Rouge", "golfe de Guinée"):
    (index after its last word, the places), else None."""
    match = _match_at(words, i, text, gaz) if i + 1 < len(words) else None
    if match is None:
        return None
    entries = [e for e in match[1] if e.kind == "W"]
    return (match[0], entries) if entries else None


_COMMA = re.compile(r"\s*,\s*")


def _qualified(entries: list[GazEntry], words: list[_Tok], j: int, text: str, gaz: Gazetteer) -> list[GazEntry]:
    """The places among `entries` that lie in the region or country named after a comma at word j."""
    if j >= len(words) or not _COMMA.fullmatch(text[words[j - 1].end():words[j].start()]):
        return []
    for n in range(min(4, len(words) - j), 0, -1):
        last = words[j + n - 1]
        if not _capitalised(last.group()):
            continue
        areas = [a for a in gaz.lookup(text[words[j].start():last.end()]) if a.kind in "CA"]
        kept = [e for e in entries if any(a.country == e.country and (a.kind == "C" or a.admin1 == e.admin1)
                                          for a in areas)]
        if kept:
            return kept
    return []


def _accept(cand: _Candidate, key: str, gaz: Gazetteer, cues: PlaceCues) -> bool:
    if key in cues.not_places or gaz.demonym_place(cand.text):
        return False
    if len(key) < 3 and (not cand.text.isupper() or any(fold(e.name) == key for e in cand.entries)):
        return False  # a two-letter capitalised word is an abbreviation ("US"), not a place called so
    if cand.locative or cand.region or cand.qualified:
        return True
    return any(_part_place(e, key) for e in cand.entries)


def _candidates(text: str, cues: PlaceCues, gaz: Gazetteer) -> list[_Candidate]:
    words = _words(text)
    found: list[_Candidate] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w.group().lower() in cues.feature_words and (water := _water_at(words, i, text, gaz)):
            j, entries = water  # "la mer Rouge", "le golfe de Guinée", "le lac Tchad": one name
            span = text[w.start():words[j - 1].end()].rstrip(".")
            found.append(_Candidate(w.start(), w.start() + len(span), span, entries,
                                    _is_locative(text, w.start(), cues), False, "location", False))
            i = j
            continue
        if not _capitalised(w.group()) or w.group().lower() in _CONNECTORS:
            i += 1
            continue
        match = _match_at(words, i, text, gaz)
        if match is None:
            i += 1
            continue
        j, entries, qualified = match
        if w.article:  # a town takes no article in French: "l'Algérie", "l'Ohio", not "l'Alliance"
            entries = [e for e in entries if e.kind != "P"]
            if not entries:
                i = j
                continue
        start, end = w.start(), words[j - 1].end()
        span = text[start:end].rstrip(".")
        end = start + len(span)
        cand = _Candidate(start, end, span, entries, _is_locative(text, start, cues),
                          _region_cue(text, start, end, cues), "location", qualified)
        if _accept(cand, fold(span), gaz, cues) and not _feature_cue(text, start, end, cues):
            if not cand.locative and _metonymic(text, end, cues):
                cand.role = "actor"
            found.append(cand)
        i = j
    return found


def find_toponyms(text: str, lang: str = "en", gaz: Gazetteer | None = None,
                  skip: Iterable[tuple[int, int]] = ()) -> list[Toponym]:
    """Place names in `text`, left to right, each resolved in the context of the others.
    Character spans in `skip` (people, organisations found by a parser) are left out."""
    gaz = gaz or load_gazetteer()
    cues = place_cues(lang)
    skips = list(skip)
    cands = [c for c in _candidates(text, cues, gaz)
             if not any(s < c.end and c.start < e for s, e in skips)]
    entries = resolve_names_for(cands, gaz)
    return [Toponym(c.start, c.end, c.text, e, c.role, c.locative, c.region)
            for c, e in zip(cands, entries, strict=True) if e is not None]


def resolve_names_for(cands: Sequence[_Candidate], gaz: Gazetteer) -> list[GazEntry | None]:
    return _two_passes([c.text for c in cands], [c.entries for c in cands], [c.region for c in cands])


# -- document-level places -------------------------------------------------------------------
_DATELINE = re.compile(r"^\s*(?P<city>[A-ZÀ-Ý][A-ZÀ-Ý'’ -]{2,40}?)\s*(?:\([^)]{1,30}\))?\s*,")


def dateline_place(text: str, gaz: Gazetteer | None = None) -> Toponym | None:
    """The city of a dateline ("BAMAKO, 11 mai (APA) -", "KYIV, Ukraine (AP) —", "EDMONTON, Ky. —")."""
    m = _DATELINE.match(text)
    if not m:
        return None
    gaz = gaz or load_gazetteer()
    name = m["city"].strip()
    entries = [e for e in gaz.lookup(name) if e.kind in "PA"]
    words = _words(text[:m.end() + 40])
    after = next((j for j, w in enumerate(words) if w.start() >= m.start("city") + len(name)), len(words))
    entries = _qualified(entries, words, after, text, gaz) or entries  # "EDMONTON, Ky." is in Kentucky
    rest = text[m.end():m.end() + 40]
    country = next((gaz.lookup(w.group())[0].country for w in _words(rest)[:3]
                    if any(e.kind == "C" for e in gaz.lookup(w.group()))), None)
    entry = rank_places(entries, name, Counter({country: 1}) if country else None)
    if entry is None:
        return None
    return Toponym(m.start("city"), m.start("city") + len(name), name, entry, "location", True)


def main_place(toponyms: Sequence[Toponym]) -> Toponym | None:
    """The place an article is about: the most frequent location introduced by a locative
    preposition, cities and regions before countries; None when no place reads as a location."""
    locative = [t for t in toponyms if t.role == "location" and t.locative]
    if not locative:
        return None
    counts = Counter(t.entry for t in locative)
    best = max(counts, key=lambda e: (counts[e], e.kind in "PA", -_first(locative, e)))
    return next(t for t in locative if t.entry == best)


def _first(toponyms: Sequence[Toponym], entry: GazEntry) -> int:
    return next(i for i, t in enumerate(toponyms) if t.entry == entry)
