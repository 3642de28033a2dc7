"""The events list of the web app on SQLite, fast for frequent and for rare filters alike.

`veille.store.query.page` leaves the plan to SQLite's planner, which picks the index of the
most selective-looking condition: for `event=ASSAULT&since=2024&involving=MLI` it reads every
ASSAULT event since 2024 (60,000 rows of a million) to sort them, about 0.5 s, where walking the
events newest first (the `seq` index) and testing each finds the 50 newest in 10 ms. Walking is
slow when few events match (a rare actor). So `event_page` tries the walk under a short time
budget, then falls back: to the events of the filter's actors when they are few, else to the
planner's choice. The records are the same whichever plan ran (same order, same `next` key).
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from sqlalchemy import func, intersect, literal_column, or_, select, text, union
from sqlalchemy.exc import OperationalError

from veille.store import schema as s
from veille.store.query import Filters, Page, _after, conditions, page, with_sources

__all__ = ["event_page", "WALK_BUDGET_S", "FEW_EVENTS"]

WALK_BUDGET_S = 0.05  # how long the newest-first walk may take before another plan is tried
FEW_EVENTS = 20_000  # an actor filter matching at most this many events drives the query
e = s.events.c
ea = s.event_actors


def event_page(reader: Any, f: Filters, limit: int = 50, after: str | None = None) -> Page:
    """One page of records, newest first, as `veille.store.query.page` returns it."""
    own_pool = getattr(reader, "engine", None) is not getattr(getattr(reader, "store", None), "engine", None)
    if reader.dialect != "sqlite" or not own_pool or f.story or f.cluster or f.doc or f.q:
        return page(reader, f, limit=limit, after=after)  # selective filters: the planner is right
    try:
        return _walk(reader, f, limit, after)
    except OperationalError as exc:
        if "interrupted" not in str(exc.orig):
            raise
    ids = _actor_ids(f)
    if ids is not None:
        with reader.connect() as conn:
            capped = select(ids.subquery().c.event_id).limit(FEW_EVENTS + 1).subquery()
            few = conn.scalar(select(func.count()).select_from(capped)) <= FEW_EVENTS
        if few:
            return _run(reader, f, limit, after, [e.id.in_(ids)], text("+events.seq DESC"))
    return page(reader, f, limit=limit, after=after)


def _walk(reader: Any, f: Filters, limit: int, after: str | None) -> Page:
    """Newest first along the seq index: the conditions that another index could serve are
    written so that it cannot ("+column" in SQLite)."""
    rest = dataclasses.replace(f, event=(), since=None, until=None, country=())
    where = conditions(rest, "sqlite")
    if f.event:
        where.append(literal_column("+events.event").in_(f.event))
    if f.country:
        where.append(literal_column("+events.country").in_(f.country))
    # seq starts with the event's day ("2025-05-11|..."): a period is a range of the walk itself
    if f.since:
        where += [literal_column("+events.day") >= f.since, e.seq >= f.since]
    if f.until:
        where += [literal_column("+events.day") < _after(f.until), e.seq < _after(f.until)]
    return _run(reader, None, limit, after, where, e.seq.desc(), budget_s=WALK_BUDGET_S)


def _run(reader: Any, f: Filters | None, limit: int, after: str | None, where: list[Any], order: Any,
         budget_s: float | None = None) -> Page:
    query = select(s.events).where(*where, *(conditions(f, "sqlite") if f else []))
    if after:
        query = query.where(e.seq < after)
    query = query.order_by(order).limit(limit + 1)
    with reader.connect() as conn:
        raw = conn.connection.dbapi_connection
        if budget_s is not None:
            end = time.monotonic() + budget_s
            raw.set_progress_handler(lambda: time.monotonic() > end, 1000)
        try:
            rows = conn.execute(query).all()
        finally:
            if budget_s is not None:
                end_all = time.monotonic() + reader.budget_s
                raw.set_progress_handler(lambda: time.monotonic() > end_all, 1000)
        more = len(rows) > limit
        rows = rows[:limit]
        records = with_sources(conn, rows)
    return Page(records, rows[-1].seq if more and rows else None)


def _spec_ids(spec: str, role: str | None) -> Any:
    code, _, sector = spec.partition(":")
    cond = [or_(ea.c.code == code, ea.c.kb_id == code)]
    if role:
        cond.append(ea.c.role == role)
    if sector:
        cond.append(ea.c.sector == sector)
    return select(ea.c.event_id).where(*cond)


def _actor_ids(f: Filters) -> Any:
    """The ids of the events that the actor filters of `f` allow (None without such filters)."""
    sets = [_spec_ids(x, "actor") for x in f.actor] + [_spec_ids(x, "recipient") for x in f.recipient]
    sets += [_spec_ids(x, None) for x in f.involving]
    if f.dyad:
        a, b = f.dyad
        one = intersect(_spec_ids(a, "actor"), _spec_ids(b, "recipient")).subquery()
        two = intersect(_spec_ids(b, "actor"), _spec_ids(a, "recipient")).subquery()
        sets.append(union(select(one.c.event_id), select(two.c.event_id)))
    if not sets:
        return None
    if len(sets) == 1:
        return sets[0]
    parts = [x.subquery() for x in sets]
    return intersect(*(select(p.c.event_id) for p in parts))
