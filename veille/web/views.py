"""What each page shows, as plain data: the HTML page renders it, its JSON twin and the API
return it as is. Views read through the app's `ReadStore` (read-only, time-bounded)."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from sqlalchemy import and_, func, intersect, or_, select, text, union

from veille.store import schema as s
from veille.store.query import FilterError, Filters, conditions, event_query, with_sources
from veille.web.highlight import sentence_segments, text_segments
from veille.web.params import period_range

__all__ = ["event_list", "event_detail", "article_list", "article_detail", "actor_list", "actor_detail",
           "dyad_detail", "map_points", "alignment_view", "overview", "present", "NotFound", "safe_url"]

e = s.events.c
a = s.articles.c
CONTEXT_CHARS = 700  # article text shown on each side of an event's sentence
MAP_PLACES = 5000


class NotFound(LookupError):
    """No such event, article, actor: a 404."""


_BLANK_LINES = re.compile(r"[ \t\r\f\v]*\n\s*\n\s*")


def tidy(text: str) -> str:
    """Article text for display: runs of blank lines become one (offsets are not used after)."""
    return _BLANK_LINES.sub("\n\n", text)


def _tidy_segments(segments: list[Any]) -> list[dict[str, str]]:
    return [{**seg.as_dict(), "text": tidy(seg.text)} for seg in segments]


def safe_url(url: Any) -> str | None:
    """The URL if it is an http(s) URL (a link may be followed), else None (shown as text)."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")) and len(url) < 4000:
        return url
    return None


def present(record: dict[str, Any], correction: Any = None) -> dict[str, Any]:
    """A record as shown: with its highlighted sentence, linkable sources and correction."""
    out = dict(record)
    out["highlight"] = [seg.as_dict() for seg in sentence_segments(record)]
    out["sources"] = [{**src, "link": safe_url(src.get("url"))} for src in record.get("sources") or []]
    out["correction"] = correction.as_dict() if correction is not None else None
    return out


def _with_corrections(reader: Any, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from veille.store.corrections import corrections_for

    found = corrections_for(reader, records)
    return [present(r, found.get(r["id"])) for r in records]


def event_list(reader: Any, f: Filters, limit: int = 50, after: str | None = None) -> dict[str, Any]:
    from veille.web.plans import event_page

    p = event_page(reader, f, limit=limit, after=after)
    return {"events": _with_corrections(reader, p.records), "next": p.next, "filters": f.to_dict(),
            "limit": limit}


def _event_rows(conn: Any, where: Any, limit: int = 50) -> list[dict[str, Any]]:
    rows = conn.execute(select(s.events).where(where).order_by(e.seq.desc()).limit(limit)).all()
    return with_sources(conn, rows)


def event_detail(reader: Any, event_id: str) -> dict[str, Any]:
    """One event with its full evidence: the record, the article text around the sentence, every
    source, the other events of its sentence and cluster, its corrections."""
    from veille.store.corrections import correction_history

    with reader.connect() as conn:
        found = _event_rows(conn, e.id == event_id, 1)
        if not found:
            raise NotFound(f"no event {event_id!r}")
        record = found[0]
        art = conn.execute(select(a.id, a.title, a.url, a.path, a.source, a.published, a.language, a.text)
                           .where(a.id == record["doc_id"])).mappings().first()
        cluster = _event_rows(conn, and_(e.cluster_id == record.get("cluster_id"), e.id != event_id), 20)
        same_sentence = _event_rows(conn, and_(e.doc_id == record["doc_id"], e.id != event_id,
                                               e.sent_start == record["text_info"]["start"]), 20)
    history = correction_history(reader, record)
    out = present(record, history[-1] if history else None)
    out["corrections"] = [c.as_dict() for c in history]
    out["evidence"] = _evidence(art, record) if art else None
    out["article"] = ({"id": art["id"], "title": art["title"], "url": art["url"], "link": safe_url(art["url"]),
                       "path": art["path"], "source": art["source"], "published": art["published"],
                       "language": art["language"]} if art else None)
    out["cluster_events"] = [present(r) for r in cluster]
    out["sentence_events"] = [present(r) for r in same_sentence]
    return out


def _evidence(art: Any, record: dict[str, Any]) -> dict[str, Any]:
    body = art["text"]
    info = record["text_info"]
    lo = max(0, info["start"] - CONTEXT_CHARS)
    hi = min(len(body), info["end"] + CONTEXT_CHARS)
    if lo > 0:  # start and end at a word boundary
        cut = body.find(" ", lo)
        lo = cut + 1 if 0 <= cut < info["start"] else lo
    if hi < len(body):
        cut = body.rfind(" ", info["end"], hi)
        hi = cut if cut > info["end"] else hi
    before = body[lo:info["start"]]
    sentence = body[info["start"]:info["end"]]
    after = body[info["end"]:hi]
    return {"start": lo, "end": hi, "truncated_before": lo > 0, "truncated_after": hi < len(body),
            "before": tidy(before), "after": tidy(after),
            "sentence": [seg.as_dict() for seg in text_segments(sentence, info["start"], [record])]}


# -- articles ---------------------------------------------------------------------------------
def _article_key(row: Any) -> str:
    return f"{row.published or ''}|{row.id}"


def article_list(reader: Any, q: str | None = None, source: str | None = None, language: str | None = None,
                 limit: int = 50, after: str | None = None) -> dict[str, Any]:
    pub = func.coalesce(a.published, "")
    n_events = (select(func.count()).select_from(s.event_sources)
                .where(s.event_sources.c.article_id == a.id).scalar_subquery())
    query = select(a.id, a.title, a.url, a.path, a.source, a.published, a.language, a.story_id,
                   n_events.label("events"))
    if q:
        if reader.dialect == "sqlite":
            terms = " ".join('"' + t.replace('"', '""') + '"' for t in q.split())
            query = query.where(text("articles.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts "
                                     "MATCH :q)").bindparams(q=terms))
        else:
            query = query.where(text("articles.tsv @@ plainto_tsquery('simple', :q)").bindparams(q=q))
    if source:
        query = query.where(a.source == source)
    if language:
        query = query.where(a.language == language)
    if after:
        published, _, last_id = after.partition("|")
        query = query.where(or_(pub < published, and_(pub == published, a.id < last_id)))
    query = query.order_by(pub.desc(), a.id.desc()).limit(limit + 1)
    with reader.connect() as conn:
        rows = conn.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [{"id": r.id, "title": r.title, "url": r.url, "link": safe_url(r.url), "path": r.path,
              "source": r.source, "published": r.published, "language": r.language, "story_id": r.story_id,
              "events": int(r.events)} for r in rows]
    filters = {k: v for k, v in (("q", q), ("source", source), ("language", language)) if v}
    return {"articles": items, "next": _article_key(rows[-1]) if more and rows else None, "filters": filters,
            "limit": limit}


def article_detail(reader: Any, article_id: str) -> dict[str, Any]:
    """An article, its text with the triggers and actors of its events marked, its sources and
    the events it reports."""
    src = s.sources.c
    with reader.connect() as conn:
        art = conn.execute(select(s.articles).where(a.id == article_id)).mappings().first()
        if art is None:
            raise NotFound(f"no article {article_id!r}")
        sources = [dict(r) for r in conn.execute(
            select(src.location, src.site, src.published, src.seen_at).where(src.article_id == article_id)
            .order_by(src.seen_at, src.location)).mappings()]
        ids = select(s.event_sources.c.event_id).where(s.event_sources.c.article_id == article_id)
        rows = conn.execute(select(s.events).where(e.id.in_(ids)).order_by(e.sent_start, e.id).limit(500)).all()
        records = with_sources(conn, rows)
    own = [r for r in records if r["doc_id"] == article_id]
    return {
        "article": {k: art[k] for k in ("id", "story_id", "similarity", "url", "path", "title", "source",
                                        "published", "language", "coder", "coded_at", "added_at")}
        | {"link": safe_url(art["url"])},
        "sources": [{**x, "link": safe_url(x["location"])} for x in sources],
        "text": _tidy_segments(text_segments(art["text"], 0, own)),
        "events": _with_corrections(reader, records),
    }


# -- actors -----------------------------------------------------------------------------------
def _kb() -> Any:
    from veille.actors.kb import load_kb

    return load_kb()


def _entry(entry: Any) -> dict[str, Any]:
    from veille.actors.cli import entry_record

    out = entry_record(entry)
    out["label"] = entry.name("en")
    out["label_fr"] = entry.name("fr")
    return out


def actor_list(reader: Any, f: Filters, q: str | None = None, n: int = 50) -> dict[str, Any]:
    """Knowledge-base entries whose names contain `q`, else the most active actors."""
    from veille.store.analysis import top_actors

    kb = _kb()
    found = [_entry(x) for x in kb.search(q, n)] if q else []
    top = [] if q else top_actors(reader, f, n=n)
    for row in top:
        entry = kb.entries.get(row["code"])
        row["kind"] = entry.kind if entry else ""
    return {"q": q or "", "entries": found, "top": top, "filters": f.to_dict()}


def actor_detail(reader: Any, actor_id: str, f: Filters, by: str = "quarter", n: int = 5) -> dict[str, Any]:
    """A knowledge-base entry (or a code seen in events), its partners over time and its
    latest events."""
    from veille.store.analysis import top_partners

    kb = _kb()
    entry = kb.entries.get(actor_id)
    mine = dataclasses.replace(f, involving=(*f.involving, actor_id))
    events = event_list(reader, mine, limit=20)
    if entry is None and not events["events"]:
        raise NotFound(f"no knowledge-base entry and no event for {actor_id!r}")
    partners = top_partners(reader, actor_id, f, by=by, n=n)
    for row in partners:
        row["since"], row["until"] = period_range(row["period"])
    members = []
    if entry is not None:
        for m in entry.members:
            other = kb.entries.get(m.code)
            members.append({"code": m.code, "label": other.name("en") if other else m.code,
                            "start": m.start.isoformat() if m.start else None,
                            "end": m.end.isoformat() if m.end else None})
    return {"id": actor_id, "entry": _entry(entry) if entry else None, "members": members, "by": by,
            "partners": partners, "events": events["events"], "more": events["next"] is not None,
            "filters": f.to_dict()}


# -- dyads, map, alignment, overview ----------------------------------------------------------
def dyad_detail(reader: Any, first: str, second: str, f: Filters, by: str = "month", directed: bool = False,
                unit: str = "clusters") -> dict[str, Any]:
    from veille.store.analysis import dyad_series

    rows = dyad_series(reader, first, second, by=by, filters=f, directed=directed, unit=unit)
    for row in rows:
        row["since"], row["until"] = period_range(row["period"])
        row["cooperation"] = row["verbal_coop"] + row["material_coop"]
        row["conflict"] = row["verbal_conflict"] + row["material_conflict"]
    pair = dataclasses.replace(f, dyad=(first, second))
    total = sum(r["events"] for r in rows)
    events = _few_dyad_events(reader, first, second, f) if total <= 5000 else event_list(reader, pair, limit=20)
    totals = {k: sum(r[k] for r in rows) for k in ("cooperation", "conflict", "events")}
    return {"a": first, "b": second, "by": by, "directed": directed, "unit": unit, "series": rows,
            "totals": totals, "events": events["events"], "more": events["next"] is not None,
            "filters": f.to_dict()}


def _side(table: Any, spec: str, role: str) -> Any:
    code, _, sector = spec.partition(":")
    cond = [or_(table.c.code == code, table.c.kb_id == code), table.c.role == role]
    if sector:
        cond.append(table.c.sector == sector)
    return and_(*cond)


def _few_dyad_events(reader: Any, first: str, second: str, f: Filters, limit: int = 20) -> dict[str, Any]:
    """The latest events of a dyad with few events, found from its actors (the generic events
    query walks the events newest first and tests each one: fast for frequent pairs only)."""
    def pair(a: str, b: str) -> Any:
        act, rec = s.event_actors.alias(), s.event_actors.alias()
        both = intersect(select(act.c.event_id).where(_side(act, a, "actor")),
                         select(rec.c.event_id).where(_side(rec, b, "recipient"))).subquery()
        return select(both.c.event_id)

    ids = union(pair(first, second), pair(second, first)).subquery()
    # SQLite: "+seq" keeps the planner from walking the seq index (it would test every event)
    order = text("+events.seq DESC") if reader.dialect == "sqlite" else e.seq.desc()
    query = (select(s.events).where(e.id.in_(select(ids.c.event_id)), *conditions(f, reader.dialect))
             .order_by(order).limit(limit + 1))
    with reader.connect() as conn:
        rows = conn.execute(query).all()
        records = with_sources(conn, rows[:limit])
    return {"events": _with_corrections(reader, records), "next": "more" if len(rows) > limit else None}


def map_points(reader: Any, f: Filters, limit: int = MAP_PLACES) -> dict[str, Any]:
    """Events per place (mean coordinates of the place's events), most events first."""
    n = func.count().label("events")
    query = (event_query(f, reader.dialect, columns=[e.country, e.place, func.avg(e.lat).label("lat"),
                                                     func.avg(e.lon).label("lon"), n])
             .where(e.lat.is_not(None), e.lon.is_not(None))
             .group_by(e.country, e.place).order_by(n.desc(), e.country, e.place).limit(limit + 1))
    with reader.connect() as conn:
        rows = conn.execute(query).all()
    points = [{"country": r.country, "place": r.place, "lat": round(float(r.lat), 4),
               "lon": round(float(r.lon), 4), "events": int(r.events)} for r in rows[:limit]]
    return {"points": points, "truncated": len(rows) > limit, "total": sum(p["events"] for p in points),
            "filters": f.to_dict()}


def alignment_view(reader: Any, actors: list[str], partners: list[str], f: Filters,
                   by: str = "quarter", unit: str = "clusters") -> dict[str, Any]:
    from veille.store.analysis import alignment

    if not actors or not partners:
        raise FilterError("alignment: give actors and partners, e.g. actors=MLI,NER,BFA&partners=RUS,FRA")
    rows = alignment(reader, actors, partners, by=by, filters=f, unit=unit)
    for row in rows:
        row["since"], row["until"] = period_range(row["period"])
    return {"actors": actors, "partners": partners, "by": by, "unit": unit, "rows": rows, "filters": f.to_dict()}


def overview(reader: Any, f: Filters, cache: Any = None) -> dict[str, Any]:
    from veille.store.analysis import summary, top_actors, top_dyads

    def cached(name: str, fn: Any) -> Any:
        return cache.get((name, json.dumps(f.to_dict(), sort_keys=True)), fn) if cache else fn()

    return {
        "summary": cached("summary", lambda: summary(reader)),
        "top_actors": cached("top_actors", lambda: top_actors(reader, f, n=10)),
        "top_dyads": cached("top_dyads", lambda: top_dyads(reader, f, n=10)),
        "latest": event_list(reader, f, limit=10)["events"],
        "filters": f.to_dict(),
    }
