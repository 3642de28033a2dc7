"""ACLED-style CSV: political violence, demonstrations and strategic developments.

Which events: ASSAULT, COERCE, MOBILIZE and PROTEST, actual and not negated (ACLED records
events that took place). THREATEN, SANCTION and the verbal types are left out: ACLED codes no
threats, statements or sanctions; so is a PROTEST whose actors are all governments or
international organisations (a diplomatic protest, not a demonstration). One row per event
cluster (the same event reported by several outlets is one ACLED event): the row describes the
cluster's earliest report and `source` lists every outlet of every report.

Type mapping (PLOVER event/mode -> ACLED disorder_type / event_type / sub_event_type), `ACLED_TYPES`:
  ASSAULT aerial, drone      Political violence / Explosions/Remote violence / Air/drone strike
  ASSAULT heavy              ... / Explosions/Remote violence / Shelling/artillery/missile attack
  ASSAULT explosives         ... / Explosions/Remote violence / Remote explosive/landmine/IED
  ASSAULT suicide            ... / Explosions/Remote violence / Suicide bomb
  ASSAULT unconventional     ... / Explosions/Remote violence / Chemical weapon
  ASSAULT abduct             ... / Violence against civilians / Abduction/forced disappearance
  ASSAULT sexual             ... / Violence against civilians / Sexual violence
  ASSAULT massacre, execute, assassinate, beat, torture, cleansing
                             ... / Violence against civilians / Attack
  ASSAULT crowd              Political violence / Riots / Mob violence
  ASSAULT destroy            Strategic developments / Strategic developments / Looting/property destruction
  ASSAULT other modes        Political violence / Battles / Armed clash; Violence against civilians /
                             Attack when a recipient is civilian (ACLED actor type 7, below)
  PROTEST riot               Demonstrations / Riots / Violent demonstration
  PROTEST other modes        Demonstrations / Protests / Peaceful protest
  COERCE arrest              Strategic developments / Strategic developments / Arrests
  COERCE seize               Strategic developments / Strategic developments / Looting/property destruction
  COERCE other modes         Strategic developments / Strategic developments / Other
  MOBILIZE                   Strategic developments / Strategic developments / Change to group/activity

Actors: `actor1`/`actor2` are the first actor and recipient ("Mali (MLI MIL)"), the others go to
`assoc_actor_1`/`assoc_actor_2`. `inter1`/`inter2` are ACLED's actor types, from the PLOVER
sector: 1 state forces (GOV, MIL, COP, SPY...; 8 when the state is not the country of the event),
2 rebel groups (REB), 3 political militias (UAF, PRM, CRM, PTY, OPP), 5 rioters and 6 protesters
(the actor of a PROTEST), 7 civilians (other sectors), 8 external/other forces (IGO, UNO, EUR...).
`interaction` is ACLED's two-digit code (the smaller type first; "10" = one side only).
`country` is ISO 3166-1 alpha-3; `geo_precision` 1 (a town or an airport), 3 (a region or a country);
`fatalities` is empty: veille does not extract it (unknown, not zero); `source_scale` is empty;
`notes` is the source sentence; `timestamp` the time of the export (Unix seconds).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

from veille.store.query import Filters

__all__ = ["ACLED_EVENTS", "ACLED_COLUMNS", "ACLED_TYPES", "acled_type", "acled_filters", "acled_rows",
           "write_acled"]

ACLED_EVENTS = ("ASSAULT", "COERCE", "MOBILIZE", "PROTEST")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "country", "admin1",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
    "timestamp",
)

_PV, _DEM, _SD = "Political violence", "Demonstrations", "Strategic developments"
_ERV, _VAC = "Explosions/Remote violence", "Violence against civilians"

#: (event, mode) -> (disorder_type, event_type, sub_event_type); (event, None) is the default.
ACLED_TYPES: dict[tuple[str, str | None], tuple[str, str, str]] = {
    ("ASSAULT", "aerial"): (_PV, _ERV, "Air/drone strike"),
    ("ASSAULT", "drone"): (_PV, _ERV, "Air/drone strike"),
    ("ASSAULT", "heavy"): (_PV, _ERV, "Shelling/artillery/missile attack"),
    ("ASSAULT", "explosives"): (_PV, _ERV, "Remote explosive/landmine/IED"),
    ("ASSAULT", "suicide"): (_PV, _ERV, "Suicide bomb"),
    ("ASSAULT", "unconventional"): (_PV, _ERV, "Chemical weapon"),
    ("ASSAULT", "abduct"): (_PV, _VAC, "Abduction/forced disappearance"),
    ("ASSAULT", "sexual"): (_PV, _VAC, "Sexual violence"),
    **{("ASSAULT", m): (_PV, _VAC, "Attack")
       for m in ("massacre", "execute", "assassinate", "beat", "torture", "cleansing")},
    ("ASSAULT", "crowd"): (_PV, "Riots", "Mob violence"),
    ("ASSAULT", "destroy"): (_SD, _SD, "Looting/property destruction"),
    ("ASSAULT", None): (_PV, "Battles", "Armed clash"),
    ("PROTEST", "riot"): (_DEM, "Riots", "Violent demonstration"),
    ("PROTEST", None): (_DEM, "Protests", "Peaceful protest"),
    ("COERCE", "arrest"): (_SD, _SD, "Arrests"),
    ("COERCE", "seize"): (_SD, _SD, "Looting/property destruction"),
    ("COERCE", None): (_SD, _SD, "Other"),
    ("MOBILIZE", None): (_SD, _SD, "Change to group/activity"),
}

_STATE = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "PRE"}
_MILITIA = {"UAF", "PRM", "CRM", "PTY", "OPP"}
_OTHER_CODES = {"IGO", "UNO", "EUR", "NGO", "IMG", "MNC"}


def acled_filters(f: Filters) -> Filters:
    """`f` restricted to what ACLED records: the four event types, actual, not negated."""
    events = tuple(t for t in (f.event or ACLED_EVENTS) if t in ACLED_EVENTS)
    if not events:
        from veille.export import ExportError

        raise ExportError(f"the acled format takes {', '.join(ACLED_EVENTS)} events only")
    return dataclasses.replace(f, event=events, modality=("actual",), negated=False)


def acled_type(rec: dict[str, Any]) -> tuple[str, str, str]:
    event, mode = rec["event"], rec.get("mode") or None
    found = ACLED_TYPES.get((event, mode)) or ACLED_TYPES[(event, None)]
    if found == ACLED_TYPES[("ASSAULT", None)] and any(_civilian(r) for r in rec["recipient"]):
        return (_PV, _VAC, "Attack")
    return found


def _civilian(actor: dict[str, Any]) -> bool:
    sector = actor.get("sector") or ""
    return not (actor.get("code") in _OTHER_CODES or sector in _STATE or sector in _MILITIA or sector == "REB")


def _inter(actor: dict[str, Any] | None, rec: dict[str, Any], country: str | None) -> int | None:
    if actor is None:
        return None
    if rec["event"] == "PROTEST" and actor in rec["actor"]:
        return 5 if rec.get("mode") == "riot" else 6
    code, sector = actor.get("code") or "", actor.get("sector") or ""
    if code in _OTHER_CODES:
        return 8
    if sector in _STATE:
        return 8 if country and code != country else 1
    if sector == "REB":
        return 2
    if sector in _MILITIA:
        return 3
    return 7


def _name(actor: dict[str, Any]) -> str:
    label = f"{actor['code']} {actor.get('sector') or ''}".strip()
    name = actor.get("name") or ""
    return f"{name} ({label})" if name and name != actor["code"] else label


def _row(rec: dict[str, Any], sites: list[str], stamp: int) -> dict[str, Any]:
    loc = rec.get("location") or {}
    country = loc.get("country")
    disorder, event_type, sub_event = acled_type(rec)
    a1 = rec["actor"][0] if rec["actor"] else None
    a2 = rec["recipient"][0] if rec["recipient"] else None
    i1, i2 = _inter(a1, rec, country), _inter(a2, rec, country)
    if a1 is None and rec["event"] == "PROTEST":
        actor1, i1 = f"{'Rioters' if rec.get('mode') == 'riot' else 'Protesters'} ({country or 'unknown'})", \
            (5 if rec.get("mode") == "riot" else 6)
    else:
        actor1 = _name(a1) if a1 else ""
    codes = sorted(x for x in (i1, i2) if x is not None)
    interaction = "".join(map(str, codes)) if len(codes) == 2 else (f"{codes[0]}0" if codes else "")
    day = rec.get("date") or ""
    return {
        "event_id_cnty": f"{country or 'XXX'}-{rec.get('cluster_id') or rec['id']}",
        "event_date": day[:10], "year": day[:4],
        "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub_event,
        "actor1": actor1, "assoc_actor_1": "; ".join(_name(a) for a in rec["actor"][1:]), "inter1": i1,
        "actor2": _name(a2) if a2 else "", "assoc_actor_2": "; ".join(_name(a) for a in rec["recipient"][1:]),
        "inter2": i2, "interaction": interaction, "country": country or "", "admin1": loc.get("admin1") or "",
        "location": loc.get("name") or "", "latitude": loc.get("lat"), "longitude": loc.get("lon"),
        "geo_precision": 1 if loc.get("precision") in ("city", "site") else (3 if loc else None),
        "source": "; ".join(sites), "source_scale": "", "notes": " ".join((rec.get("text") or "").split()),
        "fatalities": "", "timestamp": stamp,
    }


def _diplomatic(rec: dict[str, Any]) -> bool:
    return rec["event"] == "PROTEST" and all(
        a.get("sector") in _STATE or a.get("code") in _OTHER_CODES for a in rec["actor"])


def _day(rec: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat((rec.get("date") or "")[:10])
    except ValueError:
        return None


def acled_rows(recs: Iterable[dict[str, Any]], window_days: int = 3,
               stamp: int | None = None) -> Iterator[dict[str, Any]]:
    """ACLED rows of records sorted by date (as `records` streams them), one per cluster. A
    cluster is written once no later report can join it: `window_days` after its last report,
    so memory holds only the clusters of the last few days."""
    stamp = int(time.time()) if stamp is None else stamp
    open_: dict[str, tuple[dict[str, Any], list[str], date | None]] = {}

    def emit(cid: str) -> dict[str, Any]:
        first, sites, _ = open_.pop(cid)
        return _row(first, sites, stamp)

    swept: date | None = None
    for rec in recs:
        if _diplomatic(rec):
            continue
        day = _day(rec)
        if day is not None and day != swept:  # records come by date: sweep once per new day
            swept = day
            for cid in [c for c, (_, _, last) in open_.items() if last is not None and (day - last).days > window_days]:
                yield emit(cid)
        cid = rec.get("cluster_id") or rec["id"]
        sites = [s.get("source") or s.get("url") or s.get("path") or "" for s in rec.get("sources") or []]
        if cid in open_:
            first, known, _ = open_[cid]
            open_[cid] = (first, list(dict.fromkeys(known + sites)), day)
        else:
            open_[cid] = (rec, list(dict.fromkeys(sites)), day)
    for cid in list(open_):
        yield emit(cid)


def write_acled(recs: Iterable[dict[str, Any]], fh: IO[str], window_days: int = 3) -> int:
    from veille.export.table import write_rows

    return write_rows(fh, ACLED_COLUMNS, acled_rows(recs, window_days))
