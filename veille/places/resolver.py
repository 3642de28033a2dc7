"""Toponyms in text, resolved in context against the gazetteer.

Finding (no model needed): capitalised word sequences (up to the gazetteer's longest name) that
name a place; an alias-only match of a small place needs a locative or region cue. Demonyms are
not places; a name after a natural-feature word ("le fleuve Niger") is not a state; a name
followed by a verb of saying or deciding ("Moscou a déclaré") is a government (metonymy) and gets
the role `actor`.

Resolving: every place with that name is scored: countries and continents first, then regions
when a region word is near ("la région de Kidal"), then population, capitals, and above all the
countries the document is about (a first pass gives them; a second pass decides)."""

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
           "main_place", "dateline_place", "to_place"]

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_CONNECTORS = frozenset({"de", "du", "des", "la", "le", "of", "the", "el", "al", "d'", "l'", "sur", "upon", "on"})
_GAP = re.compile(r"[ '’-]?")
_SMALL_ALIAS = 100_000  # an alias-only match of a smaller place needs a cue


@dataclass(frozen=True)
class PlaceCues:
    language: str
    locative_preps: tuple[str, ...]
    region_words: frozenset[str]
    feature_words: frozenset[str]
    metonymy_verbs: tuple[str, ...]
    not_places: frozenset[str]

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
        )
    except FileNotFoundError:
        return place_cues("en") if lang != "en" else _missing(lang)
    except (KeyError, TypeError, yaml.YAMLError) as exc:
        raise DataFileError(f"places/data/{lang}.yaml: {exc}") from exc


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
def _score(entry: GazEntry, key: str, context: Counter[str], region: bool) -> float:
    score = math.log10(entry.population + 10)
    if entry.kind == "C":
        score += 3.0
    elif entry.kind == "L":
        score += 2.0
    elif entry.kind == "A":
        score += 4.0 if region else -1.5
    elif entry.capital:
        score += 1.5
    if fold(entry.name) == key:
        score += 1.0
    total = sum(context.values())
    if total and entry.country in context:
        score += 1.0 + 2.5 * context[entry.country] / total
    return score


def rank_places(entries: Sequence[GazEntry], name: str, context: Counter[str] | None = None,
                region: bool = False) -> GazEntry | None:
    """The most likely place among those called `name`, given the document's countries."""
    if not entries:
        return None
    key = fold(name)
    ctx = context or Counter()
    return max(entries, key=lambda e: _score(e, key, ctx, region))


def _context(choices: Iterable[tuple[str, list[GazEntry], GazEntry | None]]) -> dict[str, Counter[str]]:
    """Countries a document is about, as seen from each name: countries named, unambiguous
    places and first-pass choices of the *other* names (a name does not vote for itself)."""
    by_name: dict[str, Counter[str]] = {}
    for name, entries, chosen in choices:
        if chosen is None or not chosen.country:
            continue
        sure = chosen.kind == "C" or len({e.country for e in entries}) == 1
        by_name.setdefault(fold(name), Counter())[chosen.country] += 2 if sure else 1
    total: Counter[str] = sum(by_name.values(), Counter())
    return {key: total - own for key, own in by_name.items()} | {"": total}


def _context_for(context: dict[str, Counter[str]], name: str) -> Counter[str]:
    return context.get(fold(name), context[""])


def resolve_names(names: Sequence[str], gaz: Gazetteer | None = None,
                  regions: Sequence[bool] | None = None) -> list[GazEntry | None]:
    """Resolve the toponyms of one document given their spans (two passes, in context).
    A demonym ("Turkish") resolves to its country."""
    gaz = gaz or load_gazetteer()
    regions = regions or [False] * len(names)
    found: list[list[GazEntry]] = []
    for name in names:
        entries = gaz.lookup(name)
        if not entries and (place := gaz.demonym_place(name)):
            entries = [place]
        found.append(entries)
    first = [rank_places(e, n, None, r) for e, n, r in zip(found, names, regions, strict=True)]
    context = _context(zip(names, found, first, strict=True))
    return [rank_places(e, n, _context_for(context, n), r) for e, n, r in zip(found, names, regions, strict=True)]


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


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


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


def _extent(words: list[re.Match[str]], i: int, text: str, limit: int) -> int:
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


def _match_at(words: list[re.Match[str]], i: int, text: str, gaz: Gazetteer) -> tuple[int, list[GazEntry]] | None:
    """The longest place name starting at word i: (index after its last word, places)."""
    for n in range(_extent(words, i, text, min(gaz.max_words, 6)), 0, -1):
        last = words[i + n - 1]
        if not _capitalised(last.group()):
            continue
        entries = gaz.lookup(text[words[i].start():last.end()].rstrip("."))
        if entries:
            return i + n, entries
    return None


def _accept(cand: _Candidate, key: str, gaz: Gazetteer, cues: PlaceCues) -> bool:
    if key in cues.not_places or gaz.demonym_place(cand.text):
        return False
    if len(key) < 3 and not cand.text.isupper():
        return False
    if cand.locative or cand.region:
        return True
    return any(e.kind in "CAL" or fold(e.name) == key or e.population >= _SMALL_ALIAS for e in cand.entries)


def _candidates(text: str, cues: PlaceCues, gaz: Gazetteer) -> list[_Candidate]:
    words = _words(text)
    found: list[_Candidate] = []
    i = 0
    while i < len(words):
        w = words[i]
        if not _capitalised(w.group()) or w.group().lower() in _CONNECTORS:
            i += 1
            continue
        match = _match_at(words, i, text, gaz)
        if match is None:
            i += 1
            continue
        j, entries = match
        start, end = w.start(), words[j - 1].end()
        span = text[start:end].rstrip(".")
        end = start + len(span)
        cand = _Candidate(start, end, span, entries, _is_locative(text, start, cues),
                          _region_cue(text, start, end, cues), "location")
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
    first = [rank_places(c.entries, c.text, None, c.region) for c in cands]
    context = _context((c.text, c.entries, e) for c, e in zip(cands, first, strict=True))
    return [rank_places(c.entries, c.text, _context_for(context, c.text), c.region) for c in cands]


# -- document-level places -------------------------------------------------------------------
_DATELINE = re.compile(r"^\s*(?P<city>[A-ZÀ-Ý][A-ZÀ-Ý'’ -]{2,40}?)\s*(?:\([^)]{1,30}\))?\s*,")


def dateline_place(text: str, gaz: Gazetteer | None = None) -> Toponym | None:
    """The city of a dateline ("BAMAKO, 11 mai (APA) -", "KYIV, Ukraine (AP) —")."""
    m = _DATELINE.match(text)
    if not m:
        return None
    gaz = gaz or load_gazetteer()
    name = m["city"].strip()
    entries = [e for e in gaz.lookup(name) if e.kind in "PA"]
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
