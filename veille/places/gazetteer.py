"""The offline gazetteer: GeoNames countries, first-level regions (with their GeoNames ids),
second-level divisions (counties, departments), populated places (GeoNames' places of 500
people or more, about 220,000), continents and airports (about 7,400, from airportsdata: kind F,
precision "site", no GeoNames id), with French, English and alternate names, read from the
compact extract `places/data/gazetteer.tsv.gz` (built by `tools/build_gazetteer.py`; GeoNames
data, CC BY 4.0; airports: airportsdata, MIT); and the macro-regions and seas of
`places/data/regions.yaml` (kinds R and W, precision "region" and "sea", no country: "Sahel",
"Moyen-Orient", "mer Rouge"), which users may edit.

Names are looked up by a folded key (case, accents, apostrophes and hyphens ignored): "Tillabéri",
"TILLABERI" and "tillaberi" are one key. Loading takes one to two seconds and is done once."""

from __future__ import annotations

import gzip
import sys
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import chain

from veille.errors import DataFileError

__all__ = ["GazEntry", "Gazetteer", "fold", "load_gazetteer", "KIND_PRECISION"]

#: gazetteer kind -> `Place.precision`
KIND_PRECISION = {"C": "country", "A": "admin1", "B": "admin2", "P": "city", "L": "continent", "F": "site",
                  "R": "region", "W": "sea"}
_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "-": " ", "‐": " ", "–": " ", ".": ""})


def fold(name: str) -> str:
    """The lookup key of a name: accents stripped, case folded, hyphens as spaces."""
    name = name.translate(_FOLD)
    if name.isascii():
        return " ".join(name.casefold().split())
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


@dataclass(frozen=True, slots=True)
class GazEntry:
    geonames_id: int | None
    kind: str  # C country | A admin1 region | B admin2 (county, department) | P populated place | L continent
    #            | F facility (an airport) | R macro-region ("Sahel") | W sea, ocean, lake ("mer Rouge")
    name: str
    country: str  # ISO 3166-1 alpha-3 ("" for continents)
    admin1: str
    lat: float
    lon: float
    population: int
    capital: bool

    @property
    def precision(self) -> str:
        return KIND_PRECISION[self.kind]


class _Columns:
    """The places, column by column (compact: about a third of the memory of one object per
    place); a place's `GazEntry` is made when first asked for, then kept, so that a place is
    always the same object."""

    __slots__ = ("ids", "kinds", "names", "countries", "admin1", "lat", "lon", "population", "capital", "_made")

    def __init__(self) -> None:
        self.ids, self.kinds, self.names = array("q"), bytearray(), []
        self.countries: list[str] = []
        self.admin1: list[str] = []
        self.lat, self.lon, self.population, self.capital = array("d"), array("d"), array("q"), bytearray()
        self._made: dict[int, GazEntry] = {}

    def append(self, gid: int | None, kind: str, name: str, country: str, admin1: str, lat: float, lon: float,
               population: int, capital: bool) -> None:
        self.ids.append(gid or 0)
        self.kinds.append(ord(kind))
        self.names.append(name)
        self.countries.append(sys.intern(country))
        self.admin1.append(sys.intern(admin1))
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(population)
        self.capital.append(capital)

    def __len__(self) -> int:
        return len(self.names)

    def __getitem__(self, i: int) -> GazEntry:
        entry = self._made.get(i)
        if entry is None:
            if not -len(self.names) <= i < len(self.names):
                raise IndexError(i)
            i %= len(self.names)
            entry = self._made.get(i)
            if entry is None:
                entry = GazEntry(self.ids[i] or None, _KINDS[self.kinds[i]], self.names[i], self.countries[i],
                                 self.admin1[i], self.lat[i], self.lon[i], self.population[i], bool(self.capital[i]))
                self._made[i] = entry
        return entry

    def __iter__(self) -> Iterator[GazEntry]:
        return (self[i] for i in range(len(self.names)))


_KINDS = {ord(k): k for k in KIND_PRECISION}


class Gazetteer:
    """Places by folded name; countries by ISO3 code; demonyms -> country."""

    def __init__(self, entries: _Columns, by_key: dict[str, int | list[int]], demonyms: dict[str, int]) -> None:
        self.entries: Sequence[GazEntry] = entries  # type: ignore[assignment]
        self._by_key = by_key
        self.countries = {entries[i].country: entries[i] for i in range(len(entries)) if entries.kinds[i] == ord("C")}
        self.demonyms = demonyms
        self.max_words = max((k.count(" ") + 1 for k in self._by_key), default=1)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, name: str) -> list[GazEntry]:
        """Every place called `name` (any spelling the gazetteer knows)."""
        found = self._by_key.get(fold(name))
        if found is None:
            return []
        if isinstance(found, int):
            return [self.entries[found]]
        return [self.entries[i] for i in found]

    def has(self, key: str) -> bool:
        """Whether a folded key names a place."""
        return key in self._by_key

    def demonym_place(self, word: str) -> GazEntry | None:
        """The country or continent a demonym ("Turkish", "maliens", "European") refers to."""
        index = self.demonyms.get(fold(word))
        return None if index is None else self.entries[index]


def _parse(lines: Iterable[str]) -> Gazetteer:
    """Rows of the extract; `names` and `demonyms` hold keys already folded by the build. A key
    names one place (an int) or several (a list): most names are unique, and ints are smaller."""
    entries = _Columns()
    by_key: dict[str, int | list[int]] = {}
    demonyms: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) != 11:
            raise DataFileError(f"places/data/gazetteer.tsv.gz line {n}: expected 11 columns, got {len(cols)}")
        gid, kind, name, country, admin1, lat, lon, pop, capital, keys, dems = cols
        if kind not in KIND_PRECISION:
            raise DataFileError(f"places/data/gazetteer.tsv.gz line {n}: unknown kind {kind!r}")
        index = len(entries)
        entries.append(int(gid) if gid else None, kind, name, country, admin1, float(lat), float(lon), int(pop or 0),
                       capital == "1")
        for key in keys.split("|"):
            known = by_key.get(key)
            if known is None:
                by_key[key] = index
            elif isinstance(known, int):
                if known != index:
                    by_key[key] = [known, index]
            elif index not in known:
                known.append(index)
        for dem in dems.split("|"):
            if dem:
                demonyms.setdefault(dem, index)
    return Gazetteer(entries, by_key, demonyms)


def region_rows() -> list[str]:
    """The macro-regions and seas of `places/data/regions.yaml`, as rows of the extract (kind R
    or W, no country, no GeoNames id)."""
    import yaml

    path = resources.files("veille.places").joinpath("data", "regions.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows = []
        for group, kind in (("regions", "R"), ("seas", "W")):
            for item in data.get(group) or []:
                keys = "|".join(dict.fromkeys(fold(n) for n in [item["name"], *item.get("names", [])]))
                rows.append("\t".join(["", kind, item["name"], "", "", str(float(item["lat"])),
                                       str(float(item["lon"])), "0", "0", keys, ""]))
        return rows
    except (OSError, yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError) as exc:
        raise DataFileError(f"places/data/regions.yaml: {exc}") from exc


@cache
def load_gazetteer() -> Gazetteer:
    """The shipped gazetteer with the macro-regions and seas of `regions.yaml` (loaded once per
    process)."""
    path = resources.files("veille.places").joinpath("data", "gazetteer.tsv.gz")
    extra = region_rows()
    try:
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            return _parse(chain(fh, extra))
    except (FileNotFoundError, OSError, EOFError) as exc:
        raise DataFileError(f"cannot read the gazetteer: {exc}") from exc
    except ValueError as exc:
        raise DataFileError(f"places/data/gazetteer.tsv.gz: {exc}") from exc
