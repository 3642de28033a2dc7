"""Event filters, shared by the library, the CLI, exports and the web API.

`Filters` is one typed object; `event_query(filters)` turns it into a SQLAlchemy select over
`events` (portable between SQLite and PostgreSQL); `records(...)` and `page(...)` return PLOVER
records with their story, cluster and every source. Pagination is by key (`seq` = "day|id"),
newest first, so page N costs the same as page 1.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select, text

from veille.events.ontology import EVENT_TYPES
from veille.store import schema as s

if TYPE_CHECKING:
    from veille.store import Store

__all__ = ["Filters", "FilterError", "event_query", "records", "page", "Page", "with_sources"]

e = s.events.c
ea = s.event_actors.c


class FilterError(ValueError):
    """A filter value that cannot be used (unknown event type, bad date...): a 4xx, not a 500."""


def _split(value: str | Sequence[str] | None) -> list[str]:
    if value is None or value == "":
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [v.strip() for v in items if v and v.strip()]


def _date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    value = value.strip()
    parts = value.split("-")
    ok = (len(parts[0]) == 4 and all(p.isdigit() for p in parts) and len(parts) <= 3
          and all(len(p) == 2 for p in parts[1:]))
    if ok:
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        try:
            date(*numbers)
        except ValueError:
            ok = False
    if not ok:
        raise FilterError(f"{name}: expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return value


@dataclass(frozen=True)
class Filters:
    """Every filter is optional; list-valued filters take a list or a comma-separated string.

    actor / recipient / involving: PLOVER code (MLI), KB id, or CODE:SECTOR (MLI:MIL) as actor,
    as recipient, or either; dyad: two of those, in either direction; sector: a sector on either
    side; event, mode, context, modality: PLOVER values; quad_class: 1-4; country: ISO alpha-3 of
    the event's place; place: place name; since / until: dates (inclusive; YYYY, YYYY-MM or
    YYYY-MM-DD); language; source: site or article source; q: words in the event sentence
    (full text); negated: true/false; min_confidence; story, cluster, doc: ids.
    """

    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    involving: tuple[str, ...] = ()
    dyad: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    event: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    quad_class: tuple[int, ...] = ()
    country: tuple[str, ...] = ()
    place: str | None = None
    since: str | None = None
    until: str | None = None
    language: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    q: str | None = None
    modality: tuple[str, ...] = ()
    negated: bool | None = None
    min_confidence: float | None = None
    story: str | None = None
    cluster: str | None = None
    doc: str | None = None

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Filters:
        """From loose values (CLI options, URL query parameters), validated: FilterError on
        unknown names or bad values."""
        known = {f.name for f in fields(cls)}
        unknown = {k for k, v in values.items() if v not in (None, "", ()) and k not in known}
        if unknown:
            raise FilterError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        out: dict[str, Any] = {}
        for name in ("actor", "recipient", "involving", "dyad", "sector", "mode", "context",
                     "country", "language", "source", "modality"):
            out[name] = tuple(_split(values.get(name)))
        out["event"] = tuple(v.upper() for v in _split(values.get("event")))
        bad = [v for v in out["event"] if v not in EVENT_TYPES]
        if bad:
            raise FilterError(f"event: unknown PLOVER type(s) {', '.join(bad)}")
        if out["dyad"] and len(out["dyad"]) != 2:
            raise FilterError("dyad: give two actors, e.g. MLI,RUS")
        try:
            out["quad_class"] = tuple(int(v) for v in _split(
                [str(x) for x in values["quad_class"]] if isinstance(values.get("quad_class"), (list, tuple))
                else (str(values["quad_class"]) if values.get("quad_class") not in (None, "") else None)))
        except ValueError as exc:
            raise FilterError("quad_class: expected 1, 2, 3 or 4") from exc
        if any(q not in (1, 2, 3, 4) for q in out["quad_class"]):
            raise FilterError("quad_class: expected 1, 2, 3 or 4")
        bad = [m for m in out["modality"] if m not in ("actual", "intent", "hypothetical")]
        if bad:
            raise FilterError(f"modality: expected actual, intent or hypothetical, got {', '.join(bad)}")
        out["since"] = _date(values.get("since"), "since")
        out["until"] = _date(values.get("until"), "until")
        for name in ("place", "q", "story", "cluster", "doc"):
            value = values.get(name)
            out[name] = str(value).strip() if value not in (None, "") else None
        negated = values.get("negated")
        if isinstance(negated, str):
            if negated.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise FilterError("negated: expected true or false")
            negated = negated.lower() in ("true", "1", "yes")
        out["negated"] = negated
        conf = values.get("min_confidence")
        try:
            out["min_confidence"] = float(conf) if conf not in (None, "") else None
        except ValueError as exc:
            raise FilterError("min_confidence: expected a number between 0 and 1") from exc
        return cls(**out)

    def to_dict(self) -> dict[str, Any]:
        """The filters that are set, as URL/CLI values (lists joined by commas)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, (), ""):
                continue
            out[f.name] = ",".join(map(str, value)) if isinstance(value, tuple) else value
        return out


def _actor_match(spec: str, role: str | None) -> ColumnElement[bool]:
    code, _, sector = spec.partition(":")
    cond = [ea.event_id == e.id, or_(ea.code == code, ea.kb_id == code)]
    if sector:
        cond.append(ea.sector == sector)
    if role:
        cond.append(ea.role == role)
    return exists(select(ea.event_id).where(*cond))


def _fts(dialect: str, q: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return text("events.tsv @@ plainto_tsquery('simple', :q)").bindparams(q=q)
    terms = " ".join('"' + t.replace('"', '""') + '"' for t in q.split())
    return text("events.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :q)").bindparams(q=terms)


def conditions(f: Filters, dialect: str = "sqlite") -> list[ColumnElement[bool]]:
    """The WHERE conditions of `f` over `events` (and `event_actors` through EXISTS)."""
    where: list[ColumnElement[bool]] = []
    for spec in f.actor:
        where.append(_actor_match(spec, "actor"))
    for spec in f.recipient:
        where.append(_actor_match(spec, "recipient"))
    for spec in f.involving:
        where.append(_actor_match(spec, None))
    if f.dyad:
        a, b = f.dyad
        where.append(or_(
            and_(_actor_match(a, "actor"), _actor_match(b, "recipient")),
            and_(_actor_match(b, "actor"), _actor_match(a, "recipient")),
        ))
    if f.sector:
        where.append(exists(select(ea.event_id).where(ea.event_id == e.id, ea.sector.in_(f.sector))))
    if f.event:
        where.append(e.event.in_(f.event))
    if f.mode:
        where.append(e.mode.in_(f.mode))
    for ctx in f.context:
        where.append(e.context.like(f'%"{ctx}"%'))
    if f.quad_class:
        where.append(e.quad_class.in_(f.quad_class))
    if f.country:
        where.append(e.country.in_(f.country))
    if f.place:
        where.append(e.place == f.place)
    # dates through `seq` ("day|doc|sentence|id"), which the events list is sorted by: one
    # index range; "2025-05" includes every day of May (compared with the next prefix)
    if f.since:
        where.append(e.seq >= f.since)
    if f.until:
        where.append(and_(e.seq < _after(f.until), e.seq >= "0001"))  # "0000-00-00": no date
    if f.language:
        where.append(e.language.in_(f.language))
    if f.source:
        src = s.sources.c
        where.append(exists(select(s.event_sources.c.event_id).join(
            s.sources, src.article_id == s.event_sources.c.article_id).where(
            s.event_sources.c.event_id == e.id, src.site.in_(f.source))))
    if f.q:
        where.append(_fts(dialect, f.q))
    if f.modality:
        where.append(e.modality.in_(f.modality))
    if f.negated is not None:
        where.append(e.negated == int(f.negated))
    if f.min_confidence is not None:
        where.append(e.confidence >= f.min_confidence)
    if f.story:
        where.append(e.story_id == f.story)
    if f.cluster:
        where.append(e.cluster_id == f.cluster)
    if f.doc:
        where.append(e.doc_id == f.doc)
    return where


def _after(prefix: str) -> str:
    """The smallest ISO day after every day that starts with `prefix` (YYYY, YYYY-MM, YYYY-MM-DD)."""
    from datetime import timedelta

    parts = [int(p) for p in prefix.split("-")]
    if len(parts) == 1:
        return f"{parts[0] + 1:04d}"
    if len(parts) == 2:
        y, m = parts
        return f"{y + (m == 12):04d}-{(m % 12) + 1:02d}"
    return (date(*parts) + timedelta(days=1)).isoformat()


def event_query(f: Filters, dialect: str = "sqlite", columns: Sequence[Any] | None = None) -> Select[Any]:
    return select(*(columns or [s.events])).where(*conditions(f, dialect))


@dataclass(frozen=True)
class Page:
    records: list[dict[str, Any]]
    next: str | None  # the `after` key of the next page, None on the last page


def with_sources(conn: Any, rows: list[Any]) -> list[dict[str, Any]]:
    """PLOVER records of `events` rows, with story, cluster, Goldstein-like score and sources."""
    ids = [r.id for r in rows]
    sources: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if ids:
        es, src, art = s.event_sources.c, s.sources.c, s.articles.c
        q = (select(es.event_id, src.article_id, src.location, src.canonical_url, src.site, src.published,
                    art.url, art.path, art.source)
             .join(s.sources, src.article_id == es.article_id)
             .join(s.articles, art.id == es.article_id)
             .where(es.event_id.in_(ids)).order_by(es.event_id, src.seen_at, src.location))
        for r in conn.execute(q):
            is_url = "://" in r.location
            sources[r.event_id].append({
                "article_id": r.article_id, "url": r.location if is_url else None,
                "path": None if is_url else r.location, "source": r.site or r.source or None,
                "published": r.published,
            })
    out = []
    for r in rows:
        rec = json.loads(r.record)
        rec.update(story_id=r.story_id, cluster_id=r.cluster_id, cluster_why=r.cluster_why,
                   goldstein=r.goldstein, sources=sources.get(r.id, []))
        out.append(rec)
    return out


def page(store: Store, f: Filters, limit: int = 50, after: str | None = None, newest_first: bool = True) -> Page:
    """One page of records, newest first (by event day, then id)."""
    query = event_query(f, store.dialect)
    if after:
        query = query.where(e.seq < after if newest_first else e.seq > after)
    query = query.order_by(e.seq.desc() if newest_first else e.seq).limit(limit + 1)
    with store.connect() as conn:
        rows = conn.execute(query).all()
        more = len(rows) > limit
        rows = rows[:limit]
        recs = with_sources(conn, rows)
    return Page(recs, rows[-1].seq if more and rows else None)


def records(store: Store, f: Filters, limit: int | None = None, chunk: int = 500) -> Iterator[dict[str, Any]]:
    """Every matching record, oldest first, streamed in chunks (for exports)."""
    after: str | None = None
    remaining = limit
    while remaining is None or remaining > 0:
        n = chunk if remaining is None else min(chunk, remaining)
        p = page(store, f, limit=n, after=after, newest_first=False)
        yield from p.records
        if remaining is not None:
            remaining -= len(p.records)
        if not p.next:
            return
        after = p.next
