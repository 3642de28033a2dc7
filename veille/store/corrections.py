"""Analysts' corrections of coded events, and the gold data they make.

A correction says that an event is `wrong` (no such event in the sentence), `confirmed` (coded
right), or `fixed` (the true type, mode, actors or recipients). Corrections live in their own
table, never in `events`: a recode replaces events, and an event re-coded from the same evidence
(same article, sentence and trigger offsets) finds its correction again even under a new id.
The latest correction of an event wins; earlier ones stay as its history.

`gold_documents(store)` turns the corrected articles into veille's gold format (one document
per article, see veille.evaluate) and `export_gold(store, folder)` writes them, with each
article as a one-line JSONL file beside its gold file, ready for `veille eval FOLDER/*.gold.json`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, insert, or_, select

from veille.events.ontology import EVENT_TYPES
from veille.store import schema as s

if TYPE_CHECKING:
    from veille.store import Store

__all__ = ["Correction", "CorrectionError", "UnknownEvent", "VERDICTS", "add_correction", "corrections_for",
           "correction_history", "list_corrections", "gold_documents", "export_gold"]

VERDICTS = ("wrong", "fixed", "confirmed")
_MAX_ACTORS = 20
_MAX_NOTE = 2000
c = s.corrections.c
e = s.events.c


class CorrectionError(ValueError):
    """A correction that cannot be recorded (unknown event, bad verdict or code): a 4xx."""


class UnknownEvent(CorrectionError):
    """No stored event has this id."""


@dataclass(frozen=True)
class Correction:
    id: int
    event_id: str
    doc_id: str
    sent_start: int | None
    trigger_start: int | None
    trigger_end: int | None
    verdict: str
    event: str | None
    mode: str | None
    actor: list[dict[str, str]]
    recipient: list[dict[str, str]]
    original: dict[str, Any]
    note: str
    author: str
    created_at: str

    @property
    def anchor(self) -> tuple[str, int | None, int | None, int | None]:
        return (self.doc_id, self.sent_start, self.trigger_start, self.trigger_end)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _row_correction(row: Any) -> Correction:
    return Correction(
        id=row.id, event_id=row.event_id, doc_id=row.doc_id, sent_start=row.sent_start,
        trigger_start=row.trigger_start, trigger_end=row.trigger_end, verdict=row.verdict, event=row.event,
        mode=row.mode, actor=json.loads(row.actor or "[]"), recipient=json.loads(row.recipient or "[]"),
        original=json.loads(row.original or "{}"), note=row.note or "", author=row.author or "",
        created_at=row.created_at)


def _side(value: Any, name: str) -> list[dict[str, str]]:
    """Actors as given by a client: "MLI", "MLI:MIL", {"code", "sector"}, or a list or a
    comma-separated string of those."""
    items = [v for v in value.split(",")] if isinstance(value, str) else value
    if not isinstance(items, list) or len(items) > _MAX_ACTORS:
        raise CorrectionError(f"{name}: expected a list of at most {_MAX_ACTORS} actors (CODE or CODE:SECTOR)")
    out = []
    for item in items:
        if isinstance(item, str):
            code, _, sector = item.strip().partition(":")
        elif isinstance(item, dict):
            code, sector = str(item.get("code") or ""), str(item.get("sector") or "")
        else:
            raise CorrectionError(f"{name}: expected CODE or CODE:SECTOR, got {item!r}")
        code, sector = code.strip().upper(), sector.strip().upper()
        if not code:
            continue
        if not (code.isalnum() and len(code) <= 12) or (sector and not (sector.isalnum() and len(sector) <= 12)):
            raise CorrectionError(f"{name}: not an actor code: {item!r}")
        out.append({"code": code, "sector": sector})
    return out


def _as_coded(record: dict[str, Any]) -> dict[str, Any]:
    def side(actors: list[dict[str, Any]]) -> list[dict[str, str]]:
        return [{"code": a.get("code") or "", "sector": a.get("sector") or ""} for a in actors]

    return {"event": record["event"], "mode": record.get("mode") or "", "actor": side(record["actor"]),
            "recipient": side(record["recipient"])}


def add_correction(store: Store, event_id: str, verdict: str, *, event: str | None = None,
                   mode: str | None = None, actor: Any = None, recipient: Any = None,
                   note: str = "", author: str = "") -> Correction:
    """Record an analyst's correction of a stored event; CorrectionError when it cannot be.

    `fixed` needs at least one of `event`, `mode`, `actor`, `recipient`; what is not given keeps
    its coded value. `wrong` and `confirmed` take no fix."""
    if verdict not in VERDICTS:
        raise CorrectionError(f"verdict: expected one of {', '.join(VERDICTS)}, got {verdict!r}")
    fixes = {"event": event, "mode": mode, "actor": actor, "recipient": recipient}
    given = {k: v for k, v in fixes.items() if v is not None}
    if verdict == "fixed" and not given:
        raise CorrectionError("a fix gives at least one of event, mode, actor, recipient")
    if verdict != "fixed" and given:
        raise CorrectionError(f"a {verdict!r} verdict takes no {', '.join(sorted(given))}: use verdict 'fixed'")
    if len(note or "") > _MAX_NOTE or len(author or "") > 200:
        raise CorrectionError(f"note: at most {_MAX_NOTE} characters; author: at most 200")
    with store.connect() as conn:
        row = conn.execute(select(e.record).where(e.id == event_id)).first()
    if row is None:
        raise UnknownEvent(f"no event {event_id!r}")
    record = json.loads(row.record)
    coded = _as_coded(record)
    final = dict(coded)
    if event is not None:
        final["event"] = str(event).strip().upper()
        if final["event"] not in EVENT_TYPES:
            raise CorrectionError(f"event: unknown PLOVER type {event!r}")
    if mode is not None:
        final["mode"] = str(mode).strip()[:40]
    if actor is not None:
        final["actor"] = _side(actor, "actor")
    if recipient is not None:
        final["recipient"] = _side(recipient, "recipient")
    info = record["text_info"]
    values = {
        "event_id": event_id, "doc_id": record["doc_id"], "sent_start": info.get("start"),
        "trigger_start": info["trigger"].get("start"), "trigger_end": info["trigger"].get("end"),
        "verdict": verdict, "event": final["event"], "mode": final["mode"],
        "actor": json.dumps(final["actor"]), "recipient": json.dumps(final["recipient"]),
        "original": json.dumps({**coded, "text": record.get("text") or ""}), "note": note or "", "author": author or "",
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with store.engine.begin() as conn:
        new_id = conn.execute(insert(s.corrections).values(**values)).inserted_primary_key[0]
        saved = conn.execute(select(s.corrections).where(c.id == new_id)).one()
    return _row_correction(saved)


def _anchor(record: dict[str, Any]) -> tuple[str, int | None, int | None, int | None]:
    info = record.get("text_info") or {}
    trigger = info.get("trigger") or {}
    return (record.get("doc_id", ""), info.get("start"), trigger.get("start"), trigger.get("end"))


def corrections_for(store: Store, records: list[dict[str, Any]], conn: Any = None) -> dict[str, Correction]:
    """The latest correction of each record that has one, by record id: matched by event id, or
    by evidence anchor (article, sentence start, trigger offsets) for re-coded events."""
    if not records:
        return {}
    ids = [r["id"] for r in records]
    anchors = {_anchor(r) for r in records}
    docs = sorted({a[0] for a in anchors})
    query = (select(s.corrections)
             .where(or_(c.event_id.in_(ids), c.doc_id.in_(docs)))
             .order_by(c.id))
    if conn is None:
        with store.connect() as own:
            rows = own.execute(query).all()
    else:
        rows = conn.execute(query).all()
    by_id: dict[str, Correction] = {}
    by_anchor: dict[tuple, Correction] = {}
    for row in rows:  # ascending ids: later corrections overwrite earlier ones
        corr = _row_correction(row)
        by_id[corr.event_id] = corr
        by_anchor[corr.anchor] = corr
    out: dict[str, Correction] = {}
    for r in records:
        found = [x for x in (by_id.get(r["id"]), by_anchor.get(_anchor(r))) if x is not None]
        if found:
            out[r["id"]] = max(found, key=lambda x: x.id)
    return out


def correction_history(store: Store, record: dict[str, Any]) -> list[Correction]:
    """Every correction of one record (by id or evidence anchor), oldest first."""
    doc, sent, start, end = _anchor(record)
    query = (select(s.corrections)
             .where(or_(c.event_id == record["id"],
                        and_(c.doc_id == doc, c.sent_start == sent, c.trigger_start == start,
                             c.trigger_end == end)))
             .order_by(c.id))
    with store.connect() as conn:
        return [_row_correction(r) for r in conn.execute(query)]


def list_corrections(store: Store, limit: int = 50, before: int | None = None) -> tuple[list[Correction], int | None]:
    """Corrections, newest first, `limit` at a time; returns (corrections, `before` of the next page)."""
    query = select(s.corrections).order_by(c.id.desc()).limit(limit + 1)
    if before is not None:
        query = query.where(c.id < before)
    with store.connect() as conn:
        rows = [_row_correction(r) for r in conn.execute(query)]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


def _latest_by_anchor(rows: list[Correction]) -> dict[tuple, Correction]:
    latest: dict[tuple, Correction] = {}
    for corr in sorted(rows, key=lambda x: x.id):
        latest[corr.anchor] = corr
    return latest


def _gold_event(corr: Correction | None, record: dict[str, Any] | None, sentence: str | None) -> dict[str, Any]:
    if corr is not None:
        out: dict[str, Any] = {"event": corr.event, "mode": corr.mode or "", "actor": corr.actor,
                               "recipient": corr.recipient, "required": True, "verdict": corr.verdict,
                               "event_id": corr.event_id}
        if corr.note:
            out["note"] = corr.note
    else:
        assert record is not None
        out = {**_as_coded(record), "required": False, "verdict": "unreviewed", "event_id": record["id"]}
    if sentence:
        out["evidence"] = sentence
    return out


def gold_documents(store: Store) -> list[dict[str, Any]]:
    """One veille gold document per corrected article: its corrected events (`wrong` ones left
    out) are required; its other, unreviewed events are listed with `"required": false`, so that
    predicting them is neither rewarded nor counted as an error. Each document carries its
    article under "article" (text, title, url, published, source, language)."""
    with store.connect() as conn:
        corrections = [_row_correction(r) for r in conn.execute(select(s.corrections).order_by(c.id))]
        by_doc: dict[str, list[Correction]] = {}
        for corr in corrections:
            by_doc.setdefault(corr.doc_id, []).append(corr)
        docs = []
        for doc_id in sorted(by_doc):
            art = conn.execute(select(s.articles).where(s.articles.c.id == doc_id)).mappings().first()
            if art is None:
                continue
            records = [json.loads(r) for r in conn.scalars(
                select(e.record).where(e.doc_id == doc_id).order_by(e.sent_start, e.id))]
            docs.append(_gold_document(art, records, by_doc[doc_id], corrections_for(store, records, conn)))
    return docs


def _gold_document(art: Any, records: list[dict[str, Any]], corrections: list[Correction],
                   current: dict[str, Correction]) -> dict[str, Any]:
    text = art["text"]
    latest = _latest_by_anchor(corrections)
    used: set[int] = set()
    events: list[dict[str, Any]] = []
    for rec in records:
        corr = current.get(rec["id"])
        if corr is not None:
            used.add(corr.id)
            latest.pop(corr.anchor, None)
            if corr.verdict != "wrong":
                events.append(_gold_event(corr, rec, rec.get("text")))
        else:
            events.append(_gold_event(None, rec, rec.get("text")))
    for corr in latest.values():  # corrections of events that a recode no longer finds
        if corr.id in used or corr.verdict == "wrong":
            continue
        events.append(_gold_event(corr, None, corr.original.get("text")))
    published = (art["published"] or "")[:10] or None
    return {
        "doc": f"{art['id']}.jsonl", "title": art["title"] or "", "published": published,
        "language": art["language"], "events": events,
        "article": {"text": text, "title": art["title"] or "", "url": art["url"], "published": published,
                    "source": art["source"] or "", "language": art["language"]},
    }


def export_gold(store: Store, folder: str | Path) -> list[Path]:
    """Write `<article id>.gold.json` and `<article id>.jsonl` per corrected article into
    `folder` (created); returns the gold files, for `veille eval FOLDER/*.gold.json`."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in gold_documents(store):
        article = {k: v for k, v in doc.pop("article").items() if v not in (None, "")}
        stem = doc["doc"].removesuffix(".jsonl")
        (out / doc["doc"]).write_text(json.dumps(article, ensure_ascii=False) + "\n", "utf-8")
        gold = out / f"{stem}.gold.json"
        gold.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")
        written.append(gold)
    return written
