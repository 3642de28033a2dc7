"""CAMEO/GDELT-style tab-separated export: one row per actor-recipient pair of each event.

GDELT 1.0/2.0 event tables have one actor and one target per row; a veille event with two
actors and three recipients gives six rows (an event without recipients gives one row per actor,
with empty Actor2 fields; an event without actors, one row per recipient with empty Actor1
fields; an event with neither is left out). Differences with GDELT, on purpose:
  - the file starts with a header line (GDELT's files have none);
  - GLOBALEVENTID is the veille event id and the pair number (`9b7ec66fd5bc43f3-2`), not an integer;
  - SQLDATE is the first day of the event date (YYYYMMDD), even when the date is a month or a year;
  - Actor*Code is the PLOVER code (ISO 3166-1 alpha-3 for states, as CAMEO), Actor*Type1Code the
    PLOVER sector (GOV, MIL, REB...), Actor*Name the knowledge-base name;
  - ActionGeo_CountryCode is ISO 3166-1 alpha-3 (GDELT uses FIPS 10-4);
  - NumSources counts the distinct outlets, NumArticles the articles that report the event;
  - GoldsteinScale is the Goldstein-like weight of the CAMEO root (see veille.events.ontology).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

__all__ = ["TSV_COLUMNS", "tsv_rows", "write_tsv"]

TSV_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor1Type1Code", "Actor2Code", "Actor2Name",
    "Actor2Type1Code", "EventCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumSources", "NumArticles",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long", "SOURCEURL",
)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())  # no tab or newline inside a field
    return "" if value is None else value


def _sqldate(value: str | None) -> str:
    if not value:
        return ""
    parts = value[:10].split("-") + ["01", "01"]
    return "".join(parts[:3])


def tsv_rows(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """The GDELT-style rows of one stored PLOVER record."""
    actors: list[dict[str, Any] | None] = list(rec["actor"]) or [None]
    recipients: list[dict[str, Any] | None] = list(rec["recipient"]) or [None]
    loc = rec.get("location") or {}
    sources = rec.get("sources") or []
    urls = [s.get("url") for s in sources if s.get("url")]
    geo_name = ", ".join(x for x in (loc.get("name"), loc.get("admin1"), loc.get("country")) if x)
    common = {
        "SQLDATE": _sqldate(rec.get("date")), "EventCode": rec.get("cameo") or "",
        "EventRootCode": (rec.get("cameo") or "")[:2], "QuadClass": rec.get("quad_class"),
        "GoldsteinScale": rec.get("goldstein"),
        "NumSources": len({s.get("source") or s.get("url") or s.get("path") for s in sources}) or 1,
        "NumArticles": len(sources) or 1, "ActionGeo_FullName": geo_name,
        "ActionGeo_CountryCode": loc.get("country"), "ActionGeo_Lat": loc.get("lat"),
        "ActionGeo_Long": loc.get("lon"), "SOURCEURL": urls[0] if urls else (sources[0].get("path") if sources else ""),
    }
    rows = []
    for a in actors:
        for r in recipients:
            if a is None and r is None:
                continue
            rows.append({
                "GLOBALEVENTID": f"{rec['id']}-{len(rows) + 1}",
                "Actor1Code": a["code"] if a else "", "Actor1Name": a.get("name") if a else "",
                "Actor1Type1Code": a.get("sector") if a else "",
                "Actor2Code": r["code"] if r else "", "Actor2Name": r.get("name") if r else "",
                "Actor2Type1Code": r.get("sector") if r else "",
                **common,
            })
    return rows


def write_tsv(recs: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    from veille.export.table import write_rows

    rows = ({c: _clean(row[c]) for c in TSV_COLUMNS} for rec in recs for row in tsv_rows(rec))
    return write_rows(fh, TSV_COLUMNS, rows, delimiter="\t")
