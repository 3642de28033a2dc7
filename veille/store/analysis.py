"""Aggregates over stored events: time series, dyads, networks, partners, alignment.

Every function takes the store, optional `Filters` (the same as `veille events`, the exports and
the web API) and runs portable SQL (SQLAlchemy Core: SQLite and PostgreSQL), so nothing is
aggregated row by row in Python.

What is counted (`unit`):
  "clusters" (default)  distinct event clusters: the same real-world event reported by several
                        outlets (or syndicated copies, already merged into one event) counts once,
                        in the period of its first report (among the events the filters keep),
                        with the smallest quad class and the mean Goldstein value of its reports.
  "events"              event rows (one per story that reported it).

Which events: by default every stored event, whatever its modality (actual, intent,
hypothetical) and negation. `actual_only(filters)` adds `modality=actual` and `negated=false`
(unless the filters set them already): the CLI's analysis commands use it by default
(`--actual-only`; `--no-actual-only` takes every event).

Actor specs (`dyad_series`, `top_partners`, `alignment`) are written as in `Filters`: a PLOVER
code (MLI, IGO), a knowledge-base id (AES, sadio_camara), optionally with a sector (MLI:MIL). A
spec that is the code of some stored actor is matched on codes (states' KB ids are their codes);
any other spec is matched on knowledge-base ids. Goldstein values are the Goldstein-like weights of
the CAMEO codes (`veille.events.ontology.goldstein`, -10 .. +10); with unit "clusters", a
cluster's weight is the mean of its reports'.

Periods: "day" (YYYY-MM-DD), "week" (ISO, YYYY-Www), "month" (YYYY-MM), "quarter" (YYYY-Qn),
"year" (YYYY), from the event's date (its first day when the date is a month or a year); events
without a date are left out of time series.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    case,
    distinct,
    exists,
    func,
    intersect,
    literal,
    or_,
    select,
    union,
    union_all,
)

from veille.store import schema as s
from veille.store.query import FilterError, Filters, conditions

if TYPE_CHECKING:
    import networkx

    from veille.store import Store

__all__ = [
    "PERIODS", "SPLITS", "UNITS", "actual_only", "summary", "counts", "dyad_series", "network",
    "to_networkx", "top_actors", "top_dyads", "top_partners", "alignment", "periods_between",
]

PERIODS = ("day", "week", "month", "quarter", "year")
SPLITS = ("quad_class", "event", "country")
UNITS = ("clusters", "events")
QUADS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}

e = s.events.c


# -- helpers ----------------------------------------------------------------------------------
def actual_only(filters: Filters | None = None) -> Filters:
    """`filters` restricted to events that happened: modality actual, not negated (a modality or
    negation the filters already set is kept)."""
    f = filters or Filters()
    return dataclasses.replace(f, modality=f.modality or ("actual",),
                               negated=False if f.negated is None else f.negated)


def _check(by: str | None = None, unit: str = "clusters", split: str | None = None) -> None:
    if by is not None and by not in PERIODS:
        raise FilterError(f"by: expected one of {', '.join(PERIODS)}, got {by!r}")
    if unit not in UNITS:
        raise FilterError(f"unit: expected clusters or events, got {unit!r}")
    if split is not None and split not in SPLITS:
        raise FilterError(f"split: expected one of {', '.join(SPLITS)}, got {split!r}")


def _period(by: str) -> ColumnElement[Any]:
    if by == "year":
        return func.substr(e.day, 1, 4)
    return getattr(e, by)


def _unit(unit: str) -> ColumnElement[Any]:
    return e.cluster_id if unit == "clusters" else e.id


def _where(store: Store, filters: Filters | None) -> list[ColumnElement[bool]]:
    return conditions(filters, store.dialect) if filters else []


class _Specs:
    """Actor specs -> SQL conditions on an `event_actors` alias (code, else KB id; :SECTOR)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._is_code: dict[str, bool] = {}

    def is_code(self, code: str) -> bool:
        if code not in self._is_code:
            ea = s.event_actors.c
            self._is_code[code] = bool(self.conn.scalar(select(exists().where(ea.code == code))))
        return self._is_code[code]

    def match(self, table: Any, spec: str, role: str | None = None) -> ColumnElement[bool]:
        code, _, sector = spec.strip().partition(":")
        if not code:
            raise FilterError(f"actor: empty actor spec {spec!r}")
        cond = [table.c.code == code] if self.is_code(code) else [table.c.kb_id == code]
        if role:
            cond.append(table.c.role == role)
        if sector:
            cond.append(table.c.sector == sector)
        return and_(*cond)

    @staticmethod
    def code(spec: str) -> str:
        return spec.strip().partition(":")[0]


def _per_unit(base: Any, unit: str, by: Sequence[str] = ()) -> Any:
    """One row per counted unit (and per `by` column: a pair, a partner): `base` itself for
    events, else one row per cluster with the period and key of its first report, its smallest
    quad class and its mean Goldstein value."""
    if unit == "events":
        return base
    cols = [base.c[k] for k in by]
    firsts = [func.min(base.c[k]).label(k) for k in ("period", "key") if k in base.c and k not in by]
    extra = [agg(base.c[k]).label(k) for k, agg in (("quad", func.min), ("g", func.avg)) if k in base.c]
    return select(*cols, base.c.unit, *firsts, *extra).group_by(*cols, base.c.unit).subquery()


def _quad_sums(sub: Any) -> list[Any]:
    return [func.sum(case((sub.c.quad == q, 1), else_=0)).label(name) for q, name in QUADS.items()]


def _round(value: Any, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def periods_between(first: str, last: str, by: str) -> list[str]:
    """Every period label from `first` to `last` (inclusive), for gap-free series."""
    _check(by)
    if by == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    if by == "quarter":
        (y0, q0), (y1, q1) = ((int(p[:4]), int(p[-1])) for p in (first, last))
        return [f"{i // 4}-Q{i % 4 + 1}" for i in range(y0 * 4 + q0 - 1, y1 * 4 + q1)]
    if by == "month":
        (y0, m0), (y1, m1) = ((int(p[:4]), int(p[5:7])) for p in (first, last))
        return [f"{i // 12}-{i % 12 + 1:02d}" for i in range(y0 * 12 + m0 - 1, y1 * 12 + m1)]
    if by == "week":
        day = date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
        end = date.fromisocalendar(int(last[:4]), int(last[6:]), 1)
        out = []
        while day <= end:
            iso = day.isocalendar()
            out.append(f"{iso[0]}-W{iso[1]:02d}")
            day += timedelta(days=7)
        return out
    day, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(day + timedelta(days=i)).isoformat() for i in range((end - day).days + 1)]


# -- summary and time series ------------------------------------------------------------------
def summary(store: Store) -> dict[str, Any]:
    """What the store holds: articles, stories, sources, events, clusters, failures, the first and
    last event day, and the number of articles per language."""
    with store.connect() as conn:
        out: dict[str, Any] = {
            name: int(conn.scalar(select(func.count()).select_from(s.TABLES[name])))
            for name in ("articles", "stories", "sources", "events")
        }
        out["clusters"] = int(conn.scalar(select(func.count(distinct(e.cluster_id)))))
        out["failures"] = int(conn.scalar(select(func.count()).select_from(s.failures)))
        first, last = conn.execute(select(func.min(e.day), func.max(e.day))).one()
        out["first_day"], out["last_day"] = first, last
        a = s.articles.c
        rows = conn.execute(select(a.language, func.count()).group_by(a.language)
                            .order_by(func.count().desc(), a.language))
        out["languages"] = {lang or "unknown": int(n) for lang, n in rows}
    return out


def counts(store: Store, filters: Filters | None = None, by: str = "month", split: str | None = None,
           unit: str = "clusters") -> list[dict[str, Any]]:
    """Events per period (and per quad class, event type or country of the event's place with
    `split`): rows {period, key, count, goldstein}, `key` None without `split`, `goldstein` the
    mean Goldstein-like value. Ordered by period, then key."""
    _check(by, unit, split)
    keys = ["period", "key"] if split else ["period"]
    base = (select(_period(by).label("period"), *([getattr(e, split).label("key")] if split else []),
                   _unit(unit).label("unit"), e.quad_class.label("quad"), e.goldstein.label("g"))
            .where(*_where(store, filters)).subquery())
    sub = _per_unit(base, unit)
    cols = [sub.c[k] for k in keys]
    query = (select(*cols, func.count().label("n"), func.avg(sub.c.g).label("g"))
             .group_by(*cols).order_by(*cols))
    with store.connect() as conn:
        # undated events form a NULL period, dropped here (a WHERE day IS NOT NULL would make
        # SQLite read the whole table through the day index)
        return [{"period": r.period, "key": r.key if split else None, "count": int(r.n), "goldstein": _round(r.g)}
                for r in conn.execute(query) if r.period is not None]


def dyad_series(store: Store, a: str, b: str, by: str = "month", filters: Filters | None = None,
                directed: bool = False, unit: str = "clusters", fill: bool = True) -> list[dict[str, Any]]:
    """Events between two actors per period: rows {period, verbal_coop, material_coop,
    verbal_conflict, material_conflict (counts of quad classes 1-4), goldstein_total,
    goldstein_mean, events}. `a` acting on `b` and `b` on `a` (only a -> b with `directed`).
    `fill` adds zero rows for the periods without events between the first and the last."""
    _check(by, unit)
    with store.connect() as conn:
        specs = _Specs(conn)

        def pair(src: str, dst: str) -> Select[Any]:
            # the events where src acts on dst: two ranges of the (code, role, event_id) index, both
            # sorted by event_id, intersected by a merge (no temporary table, no per-row lookup)
            ea1, ea2 = s.event_actors.alias(), s.event_actors.alias()
            both = intersect(select(ea1.c.event_id).where(specs.match(ea1, src, "actor")),
                             select(ea2.c.event_id).where(specs.match(ea2, dst, "recipient")))
            both = both.order_by(both.selected_columns.event_id).subquery()
            return select(both.c.event_id)

        if _dyads_answer(specs, a, b, filters):
            # the dyads table: one range of its clustered primary key per direction, nothing else
            d = s.dyads.c

            def facts(src: str, dst: str) -> Select[Any]:
                where = [d.a == specs.code(src), d.b == specs.code(dst)]
                if filters is not None and filters.modality:
                    where.append(d.modality.in_(filters.modality))
                if filters is not None and filters.negated is not None:
                    where.append(d.negated == int(filters.negated))
                period = func.substr(d.day, 1, 4) if by == "year" else d[by]
                return select(d.event_id, period.label("period"),
                              (d.cluster_id if unit == "clusters" else d.event_id).label("unit"),
                              d.quad_class.label("quad"), d.goldstein.label("g")).where(*where)

            # UNION (not ALL): an event where each acts on the other is counted once
            base = (facts(a, b) if directed else union(facts(a, b), facts(b, a))).subquery()
        else:
            # both directions: UNION ALL (an event where each acts on the other comes twice;
            # `IN` takes it once)
            ids = pair(a, b) if directed else union_all(pair(a, b), pair(b, a))
            base = (select(_period(by).label("period"), _unit(unit).label("unit"), e.quad_class.label("quad"),
                           e.goldstein.label("g"))
                    .where(e.id.in_(ids), *_where(store, filters)).subquery())
        sub = _per_unit(base, unit)
        query = (select(sub.c.period, *_quad_sums(sub), func.sum(sub.c.g).label("g_total"),
                        func.avg(sub.c.g).label("g_mean"), func.count().label("n"))
                 .group_by(sub.c.period).order_by(sub.c.period))
        rows = [{"period": r.period, **{name: int(getattr(r, name)) for name in QUADS.values()},
                 "goldstein_total": _round(r.g_total), "goldstein_mean": _round(r.g_mean), "events": int(r.n)}
                for r in conn.execute(query) if r.period is not None]
    if fill and rows:
        have = {r["period"]: r for r in rows}
        empty = {**dict.fromkeys(QUADS.values(), 0), "goldstein_total": 0.0, "goldstein_mean": None, "events": 0}
        rows = [have.get(p) or {"period": p, **empty} for p in periods_between(rows[0]["period"],
                                                                              rows[-1]["period"], by)]
    return rows


def _dyads_answer(specs: _Specs, a: str, b: str, filters: Filters | None) -> bool:
    """Whether the dyads table answers this series: plain actor codes (no sector, no KB id) and
    no filter but modality and negation."""
    plain = all(":" not in x and specs.is_code(x.strip()) for x in (a, b))
    rest = dataclasses.replace(filters, modality=(), negated=None) if filters is not None else Filters()
    return plain and rest == Filters()


# -- networks ---------------------------------------------------------------------------------
def _edge_query(store: Store, filters: Filters | None, directed: bool, unit: str,
                self_loops: bool) -> Any:
    """Aggregated actor -> recipient code pairs (undirected: both directions summed)."""
    act, rec = s.event_actors.alias("act"), s.event_actors.alias("rec")
    if directed:
        src, dst = act.c.code, rec.c.code
    else:
        src = case((act.c.code <= rec.c.code, act.c.code), else_=rec.c.code)
        dst = case((act.c.code <= rec.c.code, rec.c.code), else_=act.c.code)
    where = [act.c.role == "actor", rec.c.role == "recipient"]
    if not self_loops:
        where.append(act.c.code != rec.c.code)
    base = (select(src.label("source"), dst.label("target"), _unit(unit).label("unit"),
                   e.quad_class.label("quad"), e.goldstein.label("g"))
            .select_from(s.events.join(act, act.c.event_id == e.id).join(rec, rec.c.event_id == e.id))
            .where(*where, *_where(store, filters)).subquery())
    # a pair can occur twice in one event ("MLI GOV, MLI MIL"): count each unit once per pair
    sub = (select(base.c.source, base.c.target, base.c.unit, func.min(base.c.quad).label("quad"),
                  func.avg(base.c.g).label("g"))
           .group_by(base.c.source, base.c.target, base.c.unit).subquery())
    n = func.count().label("n")
    return (select(sub.c.source, sub.c.target, n,
                   func.sum(case((sub.c.quad <= 2, 1), else_=0)).label("coop"),
                   func.sum(case((sub.c.quad >= 3, 1), else_=0)).label("conflict"),
                   func.avg(sub.c.g).label("g"))
            .group_by(sub.c.source, sub.c.target))


def _edge(r: Any) -> dict[str, Any]:
    return {"source": r.source, "target": r.target, "cooperation": int(r.coop), "conflict": int(r.conflict),
            "events": int(r.n), "goldstein": _round(r.g)}


def _labels(conn: Connection, codes: Iterable[str]) -> dict[str, str]:
    """A readable name per code: the name stored for the KB entry whose id is the code (states),
    else the code itself."""
    ea = s.event_actors.c
    out = {}
    for code in codes:
        name = conn.scalar(select(ea.name).where(ea.kb_id == code, ea.code == code).limit(1))
        out[code] = name or code
    return out


def network(store: Store, filters: Filters | None = None, min_events: int = 1, directed: bool = False,
            unit: str = "clusters", self_loops: bool = False) -> dict[str, Any]:
    """The actor network: {"nodes": [{id, label, events}], "edges": [{source, target,
    cooperation, conflict, events, goldstein}], "directed": bool}. An edge links an actor code to
    a recipient code of the same event; undirected (default), both directions are summed into one
    edge (source <= target). `events` counts units; `cooperation` those of quad classes 1-2,
    `conflict` 3-4; `goldstein` is the mean. Edges under `min_events` are dropped, then nodes
    without edges. A node's `events` counts the units it takes part in (as actor or recipient,
    with or without a partner). Actors of the same code ("MLI GOV -> MLI MIL") are not linked
    unless `self_loops`."""
    _check(unit=unit)
    query = _edge_query(store, filters, directed, unit, self_loops)
    query = query.having(func.count() >= max(1, min_events)).order_by(query.selected_columns.n.desc(),
                                                                       "source", "target")
    with store.connect() as conn:
        edges = [_edge(r) for r in conn.execute(query)]
        codes = sorted({x for edge in edges for x in (edge["source"], edge["target"])})
        nodes: list[dict[str, Any]] = []
        if codes:
            # driven by the filtered events (an IN list of codes would drive it by event_actors)
            ea = s.event_actors.alias("node")
            per_code = dict(conn.execute(
                select(ea.c.code, func.count(distinct(_unit(unit))))
                .select_from(s.events.join(ea, ea.c.event_id == e.id))
                .where(*_where(store, filters)).group_by(ea.c.code)).all())
            labels = _labels(conn, codes)
            nodes = [{"id": c, "label": labels[c], "events": int(per_code.get(c, 0))} for c in codes]
    return {"nodes": nodes, "edges": edges, "directed": directed}


def to_networkx(net: dict[str, Any]) -> networkx.Graph:
    """The network as a networkx Graph (DiGraph when directed); `weight` = events."""
    import networkx as nx

    graph: nx.Graph = nx.DiGraph() if net.get("directed") else nx.Graph()
    for node in net["nodes"]:
        graph.add_node(node["id"], label=node["label"], events=node["events"])
    for edge in net["edges"]:
        attrs = {k: v for k, v in edge.items() if k not in ("source", "target") and v is not None}
        graph.add_edge(edge["source"], edge["target"], weight=edge["events"], **attrs)
    return graph


def top_actors(store: Store, filters: Filters | None = None, n: int = 10,
               unit: str = "clusters") -> list[dict[str, Any]]:
    """The `n` most active actor codes: rows {code, label, events, as_actor, as_recipient,
    goldstein (mean)}, most events first."""
    _check(unit=unit)
    ea = s.event_actors.alias("ea")
    u = _unit(unit)
    query = (select(ea.c.code, func.count(distinct(u)).label("n"),
                    func.count(distinct(case((ea.c.role == "actor", u)))).label("as_actor"),
                    func.count(distinct(case((ea.c.role == "recipient", u)))).label("as_recipient"),
                    func.avg(e.goldstein).label("g"))
             .select_from(s.events.join(ea, ea.c.event_id == e.id))
             .where(*_where(store, filters))
             .group_by(ea.c.code))
    query = query.order_by(query.selected_columns.n.desc(), ea.c.code).limit(n)
    with store.connect() as conn:
        rows = [r for r in conn.execute(query) if r.code]
        labels = _labels(conn, [r.code for r in rows])
    return [{"code": r.code, "label": labels[r.code], "events": int(r.n), "as_actor": int(r.as_actor),
             "as_recipient": int(r.as_recipient), "goldstein": _round(r.g)} for r in rows]


def top_dyads(store: Store, filters: Filters | None = None, n: int = 10, directed: bool = False,
              unit: str = "clusters") -> list[dict[str, Any]]:
    """The `n` busiest actor pairs: rows {source, target, cooperation, conflict, events,
    goldstein} as network edges (source = the actor when `directed`), most events first."""
    _check(unit=unit)
    query = _edge_query(store, filters, directed, unit, self_loops=False)
    query = query.order_by(query.selected_columns.n.desc(), "source", "target").limit(n)
    with store.connect() as conn:
        return [_edge(r) for r in conn.execute(query)]


def top_partners(store: Store, actor: str, filters: Filters | None = None, by: str = "quarter", n: int = 5,
                 unit: str = "clusters") -> list[dict[str, Any]]:
    """The `n` main partners of `actor` per period (either direction: the recipients of its
    acts and the actors acting on it): rows {period, partner, cooperation (quad 1+2), conflict
    (3+4), events}, per period most events first."""
    _check(by, unit)
    me, other = s.event_actors.alias("me"), s.event_actors.alias("other")
    with store.connect() as conn:
        specs = _Specs(conn)
        base = (select(_period(by).label("period"), other.c.code.label("partner"), _unit(unit).label("unit"),
                       e.quad_class.label("quad"), e.goldstein.label("g"))
                .select_from(s.events.join(me, me.c.event_id == e.id).join(other, other.c.event_id == e.id))
                .where(specs.match(me, actor), other.c.role != me.c.role, other.c.code != specs.code(actor),
                       *_where(store, filters))
                .subquery())
        # one row per (partner, unit): an event can name the partner twice ("RUS GOV, RUS MIL")
        sub = (select(base.c.partner, base.c.unit, func.min(base.c.period).label("period"),
                      func.min(base.c.quad).label("quad"))
               .group_by(base.c.partner, base.c.unit).subquery())
        query = (select(sub.c.period, sub.c.partner, func.count().label("n"),
                        func.sum(case((sub.c.quad <= 2, 1), else_=0)).label("coop"),
                        func.sum(case((sub.c.quad >= 3, 1), else_=0)).label("conflict"))
                 .group_by(sub.c.period, sub.c.partner))
        by_period: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in conn.execute(query):
            if r.period is None:
                continue
            by_period[r.period].append({"period": r.period, "partner": r.partner, "cooperation": int(r.coop),
                                        "conflict": int(r.conflict), "events": int(r.n)})
    out = []
    for period in sorted(by_period):
        out += sorted(by_period[period], key=lambda row: (-row["events"], row["partner"]))[:n]
    return out


def alignment(store: Store, actors: Sequence[str], partners: Sequence[str], by: str = "quarter",
              filters: Filters | None = None, unit: str = "clusters") -> list[dict[str, Any]]:
    """Whom a group of actors cooperates with: per period and partner, the cooperation events
    (quad classes 1-2, either direction) between any of `actors` (e.g. MLI, NER, BFA) and the
    partner (e.g. RUS, FRA), and the partner's share of the cooperation with all the listed
    partners in that period (an event with two listed partners counts for both). Rows {period,
    partner, cooperation, share}, one per listed partner for every period with any such
    cooperation (share 0.0 when none), in the order `partners` are given."""
    _check(by, unit)
    actors, partners = [a for a in actors if a.strip()], [p for p in partners if p.strip()]
    if not actors or not partners:
        raise FilterError("alignment: give at least one actor and one partner")
    me, other = s.event_actors.alias("me"), s.event_actors.alias("other")
    with store.connect() as conn:
        specs = _Specs(conn)
        partner = case(*[(specs.match(other, p), literal(p)) for p in partners])
        base = (select(_period(by).label("period"), partner.label("partner"), _unit(unit).label("unit"))
                .select_from(s.events.join(me, me.c.event_id == e.id).join(other, other.c.event_id == e.id))
                .where(or_(*[specs.match(me, a) for a in actors]), other.c.role != me.c.role,
                       or_(*[specs.match(other, p) for p in partners]), e.quad_class.in_((1, 2)),
                       *_where(store, filters))
                .subquery())
        sub = (select(base.c.partner, base.c.unit, func.min(base.c.period).label("period"))
               .group_by(base.c.partner, base.c.unit).subquery())
        query = (select(sub.c.period, sub.c.partner, func.count().label("n"))
                 .group_by(sub.c.period, sub.c.partner))
        found: dict[str, dict[str, int]] = defaultdict(dict)
        for r in conn.execute(query):
            if r.period is not None:
                found[r.period][r.partner] = int(r.n)
    out = []
    for period in sorted(found):
        total = sum(found[period].values())
        for p in partners:
            n = found[period].get(p, 0)
            out.append({"period": period, "partner": p, "cooperation": n,
                        "share": round(n / total, 3) if total else 0.0})
    return out
