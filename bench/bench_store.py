"""Store benchmark: bulk load and analysis queries over a large synthetic corpus (`make bench-store`).

Generates --events synthetic PLOVER records (default 1,000,000): about 200 actor codes with a
Zipf-like popularity, the 16 PLOVER event types (cooperation more frequent than conflict), dates
over 3 years, about 2 actors per event (one actor, one recipient; some events have none or two
recipients), five events per article, and 25% of events reported again by another outlet within
two days (so event clusters are realistic), in memory first. Loads them into a fresh SQLite file
with `Store.bulk_load` (the whole call timed), then times each query --runs times (after one
warm-up run) and prints p50/p95:

  dyad series (frequent pair, rare pair), counts by month, the events list (first page and a
  filtered page), the network of one quarter.

Targets: load >= 50,000 events/s; dyad series < 200 ms; events list p95 < 150 ms.
`--extra-indexes` then adds the indexes proposed for the queries that miss their target (a
covering index of the analysis columns, `ANALYZE`) and times the queries again.
`--floor` also copies the loaded rows into a new store with SQLite alone (`INSERT ... SELECT`)
and builds its indexes, full text and statistics: the ceiling of any loader of this schema into
one SQLite file on the machine.
`--postgres URL` also loads the events into that PostgreSQL database (it must hold no events:
a new database) and times the same queries there.
Writes the table to stdout and JSON to bench/results/store.json (with --json).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: The most reported codes first (the Zipf ranks); the rest of the 200 come from the KB's states.
HEAD = ["RUS", "MLI", "FRA", "USA", "NER", "BFA", "CHN", "IGO", "UKR", "DZA", "TUR", "SEN", "CIV",
        "NGA", "TCD", "MRT", "GBR", "DEU", "ISR", "IRN"]
SECTORS = [("GOV", 60), ("MIL", 15), ("REB", 8), ("CVL", 7), ("BUS", 4), ("MED", 3), ("JUD", 3)]
#: event type, relative frequency (cooperation is reported more often than conflict)
TYPES = [("CONSULT", 18), ("SUPPORT", 10), ("AGREE", 9), ("COOPERATE", 6), ("AID", 4), ("CONCEDE", 2),
         ("RETREAT", 2), ("REQUEST", 7), ("ACCUSE", 9), ("REJECT", 5), ("THREATEN", 4), ("PROTEST", 4),
         ("SANCTION", 3), ("MOBILIZE", 3), ("COERCE", 5), ("ASSAULT", 9)]
EVENTS_PER_ARTICLE = 5
FIRST_DAY = date(2023, 1, 1)
DAYS = 3 * 365
TARGETS = {"load": 50_000, "dyad": 200.0, "page": 150.0}


def codes(n: int = 200) -> list[str]:
    out = list(HEAD)
    with open(ROOT / "veille" / "actors" / "data" / "states.jsonl", encoding="utf-8") as fh:
        for line in fh:
            code = json.loads(line)["code"]
            if code not in out and len(out) < n:
                out.append(code)
    return out


def corpus(n_events: int, seed: int = 7) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """(Article, records) items, `EVENTS_PER_ARTICLE` records per article, deterministic."""
    from veille.events.ontology import DEFAULT_CAMEO, quad_class
    from veille.models import Article

    rng = random.Random(seed)
    names = codes()
    zipf = [1 / (k ** 1.1) for k in range(1, len(names) + 1)]
    type_names, type_weights = zip(*TYPES, strict=True)
    sector_names, sector_weights = zip(*SECTORS, strict=True)
    recent: list[tuple[str, list[str], list[str], int, str]] = []
    made = 0
    article_no = 0
    while made < n_events:
        article_no += 1
        day0 = rng.randrange(DAYS)
        site = f"site{article_no % 40}.example"
        text = f"Synthetic article {article_no} from {site}. " + "Lorem ipsum dolor sit amet. " * 8
        article = Article(text=text, title=f"Article {article_no}", url=f"https://{site}/{article_no}",
                          source=site, published=FIRST_DAY + timedelta(days=day0), language="fr")
        recs = []
        for i in range(min(EVENTS_PER_ARTICLE, n_events - made)):
            if recent and rng.random() < 0.25:  # the same event, reported by another outlet
                event, actors, recipients, day, country = rng.choice(recent)
                day = min(DAYS - 1, day + rng.randrange(3))
            else:
                event = rng.choices(type_names, type_weights)[0]
                actors = rng.choices(names, zipf, k=1)
                k = rng.choices((0, 1, 2), (0.1, 0.8, 0.1))[0]
                recipients = [c for c in rng.choices(names, zipf, k=k) if c not in actors]
                day = max(0, day0 - rng.randrange(3))
                country = rng.choice(actors + recipients)
                recent.append((event, actors, recipients, day, country))
                if len(recent) > 500:
                    recent.pop(0)
            cameo = DEFAULT_CAMEO[event]
            start = 100 + 60 * i
            sector = rng.choices(sector_names, sector_weights)[0]
            recs.append({
                "id": f"{article.id[:10]}{i:06d}", "doc_id": article.id, "event": event, "mode": "",
                "context": [],
                "actor": [_actor(c, sector) for c in actors],
                "recipient": [_actor(c, "GOV") for c in recipients],
                "date": (FIRST_DAY + timedelta(days=day)).isoformat(), "date_precision": "day",
                "location": {"text": country, "name": f"Capital of {country}", "country": country, "admin1": "",
                             "lat": round(rng.uniform(-40, 60), 4), "lon": round(rng.uniform(-20, 60), 4),
                             "geonames_id": None, "precision": "city"},
                "cameo": cameo, "quad_class": quad_class(cameo),
                "modality": rng.choices(("actual", "intent", "hypothetical"), (0.85, 0.12, 0.03))[0],
                "negated": rng.random() < 0.03, "confidence": round(rng.uniform(0.5, 0.95), 3),
                "text": f"Sentence {i} of article {article_no}: {' '.join(actors)} {event.lower()} "
                        f"{' '.join(recipients)}.",
                "text_info": {"sentence": i, "start": start, "end": start + 50,
                              "trigger": {"text": event.lower(), "start": start + 5, "end": start + 12}},
                "cite_info": {"title": article.title, "source": site, "published": article.published.isoformat(),
                              "language": "fr", "url": article.url},
                "explain": "synthetic", "coder": "bench/0",
            })
        made += len(recs)
        yield article, recs


def _actor(code: str, sector: str) -> dict[str, Any]:
    return {"code": code, "sector": sector, "id": code, "name": code, "text": code, "start": 0, "end": 3}


def timeit(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    fn()  # warm-up: page cache and statement cache
    times = []
    result = None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, result


#: Indexes proposed for the queries that miss their target (created by --extra-indexes): the
#: analysis columns of `events`, so that a dyad series (events looked up by id) and a count
#: (events grouped by cluster) read a narrow index instead of the wide rows (record JSON,
#: sentence...); ANALYZE lets SQLite's planner prefer them.
EXTRA_INDEXES = [
    "CREATE INDEX IF NOT EXISTS bench_events_facts ON events "
    "(id, cluster_id, day, week, month, quarter, quad_class, goldstein)",
    "CREATE INDEX IF NOT EXISTS bench_cluster_facts ON events "
    "(cluster_id, day, week, month, quarter, quad_class, goldstein, event, country)",
]


class Phases:
    """Times the phases of `Store.bulk_load` by wrapping the store's helpers on the instance."""

    def __init__(self, store: Any) -> None:
        self.seconds: dict[str, float] = {}
        for name in ("_drop_indexes", "_clusters_of", "_assign_clusters", "_repair", "recluster", "_analyze"):
            if hasattr(store, name):
                setattr(store, name, self._wrap(name, getattr(store, name)))

    def _wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*a: Any, **k: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t

        return timed


def load(db: Path | str, n: int, rows: list[tuple[str, str, str, str]], out: dict[str, Any],
         label: str = "") -> None:
    """Load `n` synthetic events into a new SQLite file `db`, or into the PostgreSQL database at
    URL `db` (which must hold no events), timing the whole `bulk_load` call."""
    from veille.store import Store

    if isinstance(db, Path):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    else:
        with Store(db) as store:
            if store.count("events"):
                raise SystemExit(f"{db}: the benchmark loads into a database with no events; this one has some")
    # the corpus is generated first, in memory (about 2.5 GB for 1,000,000 events): the load
    # builds rows in one thread while another writes, so generating on the fly would overlap it
    t = time.perf_counter()
    items = list(corpus(n))
    generating = time.perf_counter() - t
    with Store(db) as store:
        phases = Phases(store)
        t, cpu = time.perf_counter(), time.process_time()
        n_articles, n_events = store.bulk_load(items)
        load_s = total = time.perf_counter() - t
        cpu = time.process_time() - cpu  # all threads of this process (the machine may be shared)
    del items
    rate = n_events / load_s
    names = {"_drop_indexes": "drop indexes", "_clusters_of": "clusters", "_assign_clusters": "clusters written",
             "_repair": "rebuild indexes and full text",
             "recluster": "recluster", "_analyze": "ANALYZE"}
    detail = ", ".join(f"{names[k]} {v:.1f} s" for k, v in phases.seconds.items())
    inserts = load_s - sum(phases.seconds.values())
    key = "load_postgresql" if label else "load"
    out[key] = {"articles": n_articles, "events": n_events, "seconds_total": total,
                "seconds_generating": generating, "seconds_inserting": inserts,
                "seconds_cpu": cpu, "phases": phases.seconds, "events_per_s": rate}
    rows.append(("bulk load" + label, f"{n_events:,} events, {n_articles:,} articles",
                 f"{rate:,.0f} events/s ({load_s:.1f} s, CPU {cpu:.1f} s: inserts {inserts:.1f} s, {detail}; "
                 f"+ {generating:.1f} s generating)",
                 "" if label else _ok(rate >= TARGETS["load"], f">= {TARGETS['load']:,}/s")))  # SQLite's target


def floor(db: Path, rows: list[tuple[str, str, str, str]], out: dict[str, Any]) -> None:
    """The ceiling of a load into one SQLite file with this schema, on this machine: the loaded
    tables copied into a new store by SQLite alone (`INSERT ... SELECT` from the attached file,
    in key order, no Python per row), then its indexes, full-text indexes and ANALYZE built as
    `bulk_load` builds them. What a loader cannot beat however fast it builds its rows."""
    from veille.store import Store

    copy = db.with_name(db.stem + "-floor.db")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    try:
        with Store(copy) as store:
            n = Store(db).count("events")
            seconds: dict[str, float] = {}
            with store._bulk_connection(True) as conn:
                store._drop_indexes(conn)
                with conn.begin():
                    conn.exec_driver_sql("ATTACH DATABASE ? AS loaded", (str(db),))
                t = time.perf_counter()
                with conn.begin():
                    for table in ("stories", "articles", "sources", "events", "event_actors", "event_sources", "dyads"):
                        order = "" if table == "dyads" else " ORDER BY rowid"  # dyads: WITHOUT ROWID, in key order
                        conn.exec_driver_sql(f"INSERT INTO main.{table} SELECT * FROM loaded.{table}{order}")
                seconds["copy"] = time.perf_counter() - t
                conn.exec_driver_sql("DETACH DATABASE loaded")
                conn.commit()
                t = time.perf_counter()
                store._repair(conn)
                seconds["indexes and full text"] = time.perf_counter() - t
                t = time.perf_counter()
                store._analyze(conn)
                seconds["ANALYZE"] = time.perf_counter() - t
                copied = conn.exec_driver_sql("SELECT count(*) FROM events").scalar()
                searchable = conn.exec_driver_sql(  # every synthetic event's text says "Sentence"
                    "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'sentence'").scalar()
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    total = sum(seconds.values())
    out["floor"] = {"events": n, "copied": copied, "searchable": searchable, "seconds": seconds,
                    "events_per_s": n / total}
    detail = ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())
    rows.append(("SQLite alone (the same rows copied by SQLite, then indexed)", f"{n:,} events",
                 f"{n / total:,.0f} events/s ({total:.1f} s: {detail})",
                 "ceiling of a one-file load of this schema here"))


def queries(db: Path | str, runs: int, rows: list[tuple[str, str, str, str]], label: str = "") -> dict[str, Any]:
    from veille.store import Store
    from veille.store.analysis import counts, dyad_series, network
    from veille.store.query import Filters, page

    results: dict[str, Any] = {}
    with Store(db) as store:
        names = codes()
        frequent, rare = (names[0], names[1]), (names[30], names[60])
        one_quarter = Filters.from_dict({"since": "2024-04-01", "until": "2024-06-30"})
        filtered = Filters.from_dict({"involving": "MLI", "event": "ASSAULT", "since": "2024"})
        cases: list[tuple[str, Callable[[], Any], str]] = [
            (f"dyad series {frequent[0]}-{frequent[1]} by month", lambda: dyad_series(store, *frequent), "dyad"),
            (f"dyad series {rare[0]}-{rare[1]} by month", lambda: dyad_series(store, *rare), "dyad"),
            ("counts by month", lambda: counts(store, by="month"), ""),
            ("counts by month, split by quad class", lambda: counts(store, by="month", split="quad_class"), ""),
            ("events list, first page (50)", lambda: page(store, Filters(), limit=50), "page"),
            ("events list, MLI + ASSAULT since 2024 (50)", lambda: page(store, filtered, limit=50), "page"),
            ("network, one quarter", lambda: network(store, one_quarter), ""),
        ]
        for name, fn, target in cases:
            p50, p95, result = timeit(fn, runs)
            size = _size(result)
            ok = ""
            if target == "dyad":
                ok = _ok(p95 < TARGETS["dyad"], f"< {TARGETS['dyad']:.0f} ms")
            elif target == "page":
                ok = _ok(p95 < TARGETS["page"], f"p95 < {TARGETS['page']:.0f} ms")
            results[name] = {"p50_ms": p50, "p95_ms": p95, "result": size}
            rows.append((name + label, size, f"p50 {p50:.1f} ms, p95 {p95:.1f} ms", ok))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events to load")
    parser.add_argument("--runs", type=int, default=50, help="timed runs per query")
    parser.add_argument("--db", help="SQLite file (default: a temporary file, deleted afterwards)")
    parser.add_argument("--keep", action="store_true", help="with --db: reuse an existing file, do not load")
    parser.add_argument("--extra-indexes", action="store_true",
                        help="then add the proposed indexes (and ANALYZE) and time the queries again")
    parser.add_argument("--floor", action="store_true",
                        help="also time SQLite alone copying the loaded rows into a new store and indexing them")
    parser.add_argument("--postgres", metavar="URL",
                        help="also load the events into this PostgreSQL database (it must hold no events) "
                             "and time the queries there")
    parser.add_argument("--postgres-events", type=int, help="events to load into PostgreSQL (default: --events)")
    parser.add_argument("--json", action="store_true", help="also write bench/results/store.json")
    args = parser.parse_args(argv)

    from veille.store import Store

    tmp = None
    if args.db:
        db = Path(args.db)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="veille-bench-")
        db = Path(tmp.name) / "bench.db"
    rows: list[tuple[str, str, str, str]] = []
    out: dict[str, Any] = {"machine": f"{platform.machine()}, Python {platform.python_version()}"}
    try:
        if not (args.keep and db.exists()):
            load(db, args.events, rows, out)
        with Store(db) as store:
            n_events = out["events"] = store.count("events")
        if args.floor:
            floor(db, rows, out)
        out["queries"] = queries(db, args.runs, rows)
        if args.extra_indexes:
            import sqlite3

            t = time.perf_counter()
            with sqlite3.connect(db) as conn:
                for sql in EXTRA_INDEXES:
                    conn.execute(sql)
                conn.execute("ANALYZE")
            rows.append(("proposed indexes + ANALYZE", "", f"{time.perf_counter() - t:.1f} s to build", ""))
            out["queries_extra_indexes"] = queries(db, args.runs, rows, " (proposed indexes)")
        if args.postgres:
            label = " (PostgreSQL)"
            load(args.postgres, args.postgres_events or args.events, rows, out, label)
            out["queries_postgresql"] = queries(args.postgres, args.runs, rows, label)
    finally:
        if tmp is not None:
            tmp.cleanup()
    _print(rows, n_events, args.runs)
    if args.json:
        path = ROOT / "bench" / "results" / "store.json"
        path.write_text(json.dumps(out, indent=2) + "\n", "utf-8")
    return 0


def _ok(ok: bool, target: str) -> str:
    return f"{'ok' if ok else 'MISSED'} ({target})"


def _size(result: Any) -> str:
    if isinstance(result, list) and result and "goldstein_total" in result[0]:
        return f"{len(result)} periods, {sum(r['events'] for r in result):,} events"
    if isinstance(result, list):
        return f"{len(result)} rows"
    if isinstance(result, dict) and "edges" in result:
        return f"{len(result['nodes'])} nodes, {len(result['edges'])} edges"
    if hasattr(result, "records"):
        return f"{len(result.records)} records"
    return ""


def _print(rows: list[tuple[str, str, str, str]], n_events: int, runs: int) -> None:
    print(f"\nStore benchmark: {n_events:,} events in SQLite, {runs} timed runs per query "
          f"({platform.machine()}, Python {platform.python_version()})\n")
    print("| measure | data | time | target |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    sys.exit(main())
