"""The event store: SQLite by default (one file, WAL, one writer), PostgreSQL for teams.

`Store(db)` takes a file path or a database URL (`sqlite:///veille.db`,
`postgresql://user@host/db`; PostgreSQL needs the `postgres` extra). The schema and its named
migrations are in `veille.store.schema`; queries and aggregates in `veille.store.query` and
`veille.store.analysis`.

What a write does (`add`, `add_many`), in one transaction per call:
- an article already stored (same content hash) only gains a source row (an exact copy seen at
  another URL or path): nothing is coded or counted twice;
- a new article whose MinHash is close to a stored article's (a syndicated copy with other
  boilerplate) joins that article's story; its events are merged into the story's events (same
  type, mode, actors and recipients): the merged event lists both articles as sources;
- every other article starts a story;
- a new event whose type, actors and recipients match an event of another story on a nearby date
  and in the same country joins that event's cluster, with the reason in `cluster_why`.
"""

from __future__ import annotations

import gc
import json
import operator
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Integer, create_engine, event, func, insert, select, text, update
from sqlalchemy.pool import StaticPool

from veille.events.ontology import goldstein
from veille.models import Article, Event, Failure
from veille.store import schema as s
from veille.store.schema import MIGRATIONS

__all__ = ["Store", "AddResult", "MIGRATIONS", "database_url", "FeedRow"]


#: Near-duplicate search: the stored articles a new one is compared with, at most (those sharing
#: the most LSH keys with it).
MAX_CANDIDATES = 32
#: A story's first copies are indexed for the near-duplicate search; beyond this many articles, a
#: copy at least `COPY_SIMILARITY` similar to its match is stored without LSH keys (its story is
#: found through the others).
STORY_INDEXED_COPIES = 16
COPY_SIMILARITY = 0.9


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def database_url(db: str | Path) -> str:
    """A SQLAlchemy URL from a path or URL (`postgres://` is accepted for `postgresql://`)."""
    db = str(db)
    if db in ("", ":memory:"):
        return "sqlite://"
    if "://" not in db:
        return f"sqlite:///{db}"
    if db.startswith("postgres://"):
        db = "postgresql://" + db[len("postgres://"):]
    if db.startswith("postgresql://"):
        db = "postgresql+psycopg://" + db[len("postgresql://"):]
    return db


@dataclass(frozen=True, slots=True)
class AddResult:
    """What storing one article did. `status` is new (a new story), near_duplicate (joined a
    story), copy (same text already stored, new source), or seen (nothing new)."""

    status: str
    story_id: str
    events_added: int = 0
    events_merged: int = 0

    @property
    def article_added(self) -> bool:
        return self.status in ("new", "near_duplicate")

    def __iter__(self) -> Iterator[Any]:  # (article added, events added), as before
        return iter((self.article_added, self.events_added))


@dataclass(frozen=True, slots=True)
class FeedRow:
    url: str
    name: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    checked_at: str | None = None
    error: str | None = None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        if len(value) >= 10:
            return date.fromisoformat(value[:10])
        if len(value) == 7:
            return date.fromisoformat(value + "-01")
        if len(value) == 4:
            return date(int(value), 1, 1)
    except ValueError:
        return None
    return None


def _plain(text: str | None) -> str:
    """Text compared without case, accents, punctuation or typography."""
    from veille.ingest.dedup import normalise

    return " ".join(normalise(text or ""))


@lru_cache(maxsize=8192)
def _periods(value: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """(day, ISO week, month, quarter) of an event date, for time series."""
    day = _day(value)
    if day is None:
        return None, None, None, None
    iso = day.isocalendar()
    return (day.isoformat(), f"{iso[0]}-W{iso[1]:02d}", day.strftime("%Y-%m"),
            f"{day.year}-Q{(day.month - 1) // 3 + 1}")


_goldstein = lru_cache(maxsize=1024)(goldstein)


try:  # compact, fast JSON for the `record` column (bulk loads write a million of them)
    import orjson
except ImportError:  # pragma: no cover - a core dependency
    orjson = None  # type: ignore[assignment]


def _json(value: Any) -> str:
    """JSON text, compact, with non-ASCII characters as they are (as `json.dumps(value,
    ensure_ascii=False)`, without the spaces); what orjson refuses (integer keys, integers
    beyond 64 bits) goes through `json.dumps`."""
    if orjson is not None:
        try:
            return orjson.dumps(value).decode()
        except TypeError:
            pass
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


#: The column orders of the tuples below (checked against the schema at import).
EVENT_COLUMNS = ("id", "doc_id", "story_id", "cluster_id", "cluster_why", "event", "mode", "context", "date",
                 "date_precision", "day", "week", "month", "quarter", "place", "country", "admin1", "lat", "lon",
                 "geonames_id", "cameo", "quad_class", "goldstein", "modality", "negated", "confidence",
                 "language", "text", "sentence", "sent_start", "sent_end", "trigger", "actors", "recipients",
                 "dyad_key", "seq", "explain", "coder", "record")
ACTOR_COLUMNS = ("event_id", "role", "position", "code", "sector", "kb_id", "name", "text")
assert EVENT_COLUMNS == tuple(c.name for c in s.events.columns)
assert ACTOR_COLUMNS == tuple(c.name for c in s.event_actors.columns)
assert ("a", "b", "event_id", *s.DYAD_COLUMNS) == tuple(c.name for c in s.dyads.columns)
_COL = {name: i for i, name in enumerate(EVENT_COLUMNS)}
_DAY, _COUNTRY, _MODALITY, _NEGATED, _DYAD_KEY = (_COL[c] for c in ("day", "country", "modality", "negated",
                                                                   "dyad_key"))
_DYAD_FACTS = tuple(_COL[c] for c in s.DYAD_COLUMNS)
_dyad_facts = operator.itemgetter(*_DYAD_FACTS)  # a row's dyad facts, as a tuple


_key1 = operator.itemgetter(0)
_key2 = operator.itemgetter(0, 1)
_key3 = operator.itemgetter(0, 1, 2)
_key_event = operator.itemgetter(2)
_ordinal = lru_cache(maxsize=8192)(lambda day: date.fromisoformat(day).toordinal())


def _event_row(rec: dict[str, Any], story_id: str, language: str | None, actor_label: str,
               recipient_label: str, dyad_key: str) -> tuple:
    get = rec.get
    loc = get("location") or {}
    info = rec["text_info"]
    eid, doc = rec["id"], rec["doc_id"]
    day, week, month, quarter = _periods(get("date"))
    cameo = get("cameo")
    sentence = info["sentence"]
    context = get("context")
    return (
        eid, doc, story_id, eid, None, rec["event"], get("mode") or "", _json(context) if context else "[]",
        get("date"), get("date_precision"), day, week, month, quarter,
        loc.get("name"), loc.get("country"), loc.get("admin1"), loc.get("lat"), loc.get("lon"),
        loc.get("geonames_id"), cameo, get("quad_class"), _goldstein(cameo or ""), get("modality"),
        int(bool(get("negated"))), get("confidence"), language or rec["cite_info"].get("language"),
        get("text"), sentence, info["start"], info["end"], info["trigger"]["text"],
        actor_label, recipient_label, dyad_key,
        f"{day or '0000-00-00'}|{doc}|{sentence:05d}|{eid}", get("explain"), get("coder"), _json(rec),
    )


def _people(eid: str, role: str, people: list[dict[str, Any]], rows: list[tuple]) -> tuple[str, list[str]]:
    """Append the `event_actors` rows of one role to `rows`; return its display label ("RUS GOV;
    MLI MIL") and its codes, in order."""
    labels, codes = [], []
    for i, a in enumerate(people):
        code, sector = a["code"], a["sector"]
        rows.append((eid, role, i, code, sector, a["id"], a["name"], a["text"]))
        if code:
            codes.append(code)
            labels.append(f"{code} {sector}" if sector else code)
        else:
            labels.append(sector or "")
    return "; ".join(labels), codes


def _joined(codes: list[str]) -> str:
    """A role's codes for the dyad key: distinct, sorted, comma-separated."""
    if len(codes) < 2:
        return codes[0] if codes else ""
    return ",".join(sorted(set(codes)))


def _record_rows(rec: dict[str, Any], story_id: str, language: str | None,
                 actor_rows_: list[tuple]) -> tuple[tuple, list[tuple[str, str]]]:
    """The `events` row of a PLOVER record (`EVENT_COLUMNS` order; its own cluster: the store
    sets the cluster fields) and its distinct (actor code, recipient code) pairs, sorted, in one
    pass; its `event_actors` rows (`ACTOR_COLUMNS`: its actors, then its recipients, in order)
    are appended to `actor_rows_`."""
    eid = rec["id"]
    actor_label, actor_codes = _people(eid, "actor", rec["actor"], actor_rows_)
    recipient_label, recipient_codes = _people(eid, "recipient", rec["recipient"], actor_rows_)
    if not (actor_codes and recipient_codes):
        pairs: list[tuple[str, str]] = []
    elif len(actor_codes) == 1 and len(recipient_codes) == 1:
        pairs = [(actor_codes[0], recipient_codes[0])]
    else:
        pairs = sorted({(a, r) for a in actor_codes for r in recipient_codes})
    key = f"{rec['event']}|{_joined(actor_codes)}|{_joined(recipient_codes)}"
    return _event_row(rec, story_id, language, actor_label, recipient_label, key), pairs


class Store:
    """All writes go through this one object; reads are plain SQL (see veille.store.query)."""

    def __init__(self, db: str | Path = ":memory:", near_duplicates: bool | None = None) -> None:
        from veille.settings import get_settings

        settings = get_settings()
        self.url = database_url(db)
        self.engine = _engine(self.url)
        self.dialect = self.engine.dialect.name
        self.near_duplicates = settings.near_duplicates if near_duplicates is None else near_duplicates
        self.similarity = settings.near_duplicate_similarity
        self.cluster_days = settings.cluster_days
        self._migrate()
        self._repair()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> Connection:
        """A connection for reads (use as a context manager)."""
        return self.engine.connect()

    # -- schema ----------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.engine.begin() as conn:
            s.migrations.create(conn, checkfirst=True)
            done = set(conn.scalars(select(s.migrations.c.name)))
        if "0001_initial" in done and "0001_schema" not in done:
            raise RuntimeError(
                f"{self.url}: made by a pre-release of veille with another schema; "
                "code into a new database file"
            )
        for name, migration in MIGRATIONS:
            if name in done:
                continue
            with self.engine.begin() as conn:
                migration(conn)
                conn.execute(insert(s.migrations).values(name=name, applied_at=_now()))

    def applied_migrations(self) -> list[str]:
        with self.connect() as conn:
            return list(conn.scalars(select(s.migrations.c.name).order_by(s.migrations.c.name)))

    # -- runs ------------------------------------------------------------------------------
    def start_run(self, command: str, coder: str | None = None) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(insert(s.runs).values(
                command=command, coder=coder, started_at=_now(), status="running",
                articles=0, new_articles=0, events=0, failures=0))
            return int(result.inserted_primary_key[0])

    def finish_run(self, run_id: int, status: str = "done", **counts: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(s.runs).where(s.runs.c.id == run_id)
                         .values(finished_at=_now(), status=status, **counts))

    # -- writes ----------------------------------------------------------------------------
    def add(self, article: Article, events: Iterable[Event], run_id: int | None = None,
            coder: str | None = None) -> AddResult:
        """Store an article and its events (see the module docstring)."""
        return self.add_records(article, [e.to_record() for e in events], run_id, coder)

    def add_records(self, article: Article, records: Iterable[dict[str, Any]] | None,
                    run_id: int | None = None, coder: str | None = None) -> AddResult:
        """Like `add`, from PLOVER records (as read back from shards). `records=None` stores
        the article uncoded (`veille ingest`; `veille recode` codes it later)."""
        return self.add_many([(article, records)], run_id, coder)[0]

    def add_many(self, items: Iterable[tuple[Article, Iterable[dict[str, Any]] | None]],
                 run_id: int | None = None, coder: str | None = None) -> list[AddResult]:
        """Store several articles in one transaction (faster; all or nothing)."""
        items = list(items)
        with self.engine.begin() as conn:
            stored = dict(conn.execute(select(s.articles.c.id, s.articles.c.story_id).where(
                s.articles.c.id.in_({article.id for article, _ in items}))).all()) if items else {}
            results = []
            for article, recs in items:
                result = self._add(conn, article, None if recs is None else list(recs), run_id, coder,
                                   stored.get(article.id))
                stored.setdefault(article.id, result.story_id)
                results.append(result)
            return results

    def _add(self, conn: Connection, article: Article, records: list[dict[str, Any]] | None,
             run_id: int | None, coder: str | None, story_id: str | None) -> AddResult:
        from veille.ingest.dedup import canonical_url

        now = _now()
        published = article.published.isoformat() if article.published else None
        canon = canonical_url(article.url) if article.url else None
        source_row = {"article_id": article.id, "location": article.location or article.id,
                      "canonical_url": canon, "site": article.source or None,
                      "published": published, "seen_at": now}
        if story_id is not None:  # this text is stored (story_id is its story)
            added = self._insert_ignore(conn, s.sources, [source_row])
            return AddResult("copy" if added else "seen", story_id)
        fp, keys, sim = None, [], None
        if self.near_duplicates:
            from veille.ingest.dedup import fingerprint, lsh_keys

            fp = fingerprint(article.text)
            keys = lsh_keys(fp)
            story_id, sim = self._find_story(conn, fp, keys)
        status = "near_duplicate" if story_id else "new"
        if story_id is None:
            story_id, sim = article.id, 1.0
            conn.execute(insert(s.stories).values(id=story_id, title=article.title, first_seen=now, articles=1))
        else:
            size = conn.execute(update(s.stories).where(s.stories.c.id == story_id)
                                .values(articles=s.stories.c.articles + 1)
                                .returning(s.stories.c.articles)).scalar()
            if size is not None and size > STORY_INDEXED_COPIES and sim is not None and sim >= COPY_SIMILARITY:
                # a story syndicated many times: its first copies stand for this one in the LSH
                # buckets (each bucket would else grow with every copy, and every new copy be
                # compared with all of them); its fingerprint is kept
                keys = []
        conn.execute(insert(s.articles).values(
            id=article.id, story_id=story_id, similarity=sim, url=article.url, path=article.path,
            title=article.title, source=article.source, published=published,
            language=article.language, text=article.text,
            fingerprint=fp.to_bytes() if fp is not None else None,
            coder=coder if records is not None else None,
            coded_at=now if records is not None else None, run_id=run_id, added_at=now))
        conn.execute(insert(s.sources).values(**source_row))
        if keys:
            conn.execute(insert(s.lsh), [{"band": b, "bucket": h, "article_id": article.id} for b, h in keys])
        added = merged = 0
        if records:
            added, merged = self._add_events(conn, article, story_id, records)
        return AddResult(status, story_id, added, merged)

    def _find_story(self, conn: Connection, fp: Any,
                    keys: list[tuple[int, int]]) -> tuple[str | None, float | None]:
        from veille.ingest.dedup import Fingerprint, is_near_duplicate, similarity

        if not keys:
            return None, None
        # one indexed lookup of all (band, bucket) keys; plain SQL, valid on SQLite and PostgreSQL
        values = ", ".join(f"(:b{i}, :k{i})" for i in range(len(keys)))
        params = {name: value for i, (band, bucket) in enumerate(keys)
                  for name, value in ((f"b{i}", band), (f"k{i}", bucket))}
        # the articles sharing the most keys first (the most similar, as MinHash bands go), at most
        # MAX_CANDIDATES of them
        candidates = list(conn.scalars(
            text(f"SELECT article_id FROM lsh WHERE (band, bucket) IN (VALUES {values}) "
                 f"GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT {MAX_CANDIDATES}"), params))
        best: tuple[float, str] | None = None
        if candidates:
            rows = conn.execute(select(s.articles.c.id, s.articles.c.story_id, s.articles.c.fingerprint)
                                .where(s.articles.c.id.in_(sorted(candidates))))
            for _, story, blob in rows:
                try:
                    other = Fingerprint.from_bytes(blob) if blob is not None else None
                except ValueError:  # a fingerprint of another version: not comparable
                    other = None
                if other is None or not is_near_duplicate(fp, other, self.similarity):
                    continue
                sim = similarity(fp, other)
                if best is None or (sim, story) > best:
                    best = (sim, story)
        return (best[1], round(best[0], 3)) if best else (None, None)

    def _add_events(self, conn: Connection, article: Article, story_id: str,
                    records: list[dict[str, Any]]) -> tuple[int, int]:
        """Insert an article's events; in a story with other articles, an event that one of
        them already reports is merged (a source row is added) instead: same type, mode,
        actors, recipients and modality, or else same type and trigger in the same sentence
        (compared without typography) — copies can differ in the arguments the coder found."""
        by_key: dict[tuple, list[str]] = defaultdict(list)
        by_sentence: dict[tuple, list[str]] = defaultdict(list)
        taken: set[str] = set()
        if story_id != article.id:
            rows = conn.execute(select(s.events.c.id, s.events.c.dyad_key, s.events.c.mode, s.events.c.modality,
                                       s.events.c.negated, s.events.c.event, s.events.c.trigger, s.events.c.text)
                                .where(s.events.c.story_id == story_id).order_by(s.events.c.seq))
            for r in rows:
                by_key[(r.dyad_key, r.mode, r.modality, r.negated)].append(r.id)
                by_sentence[(r.event, _plain(r.trigger), _plain(r.text))].append(r.id)
        new_rows, actor_rows_, source_rows, dyad_rows_ = [], [], [], []
        merged = 0
        for rec in records:
            actors: list[tuple] = []
            values, pairs = _record_rows(rec, story_id, article.language, actors)
            row = dict(zip(EVENT_COLUMNS, values, strict=True))
            match = None
            for index, key in ((by_key, (row["dyad_key"], row["mode"], row["modality"], row["negated"])),
                               (by_sentence, (row["event"], _plain(row["trigger"]), _plain(row["text"])))):
                match = next((eid for eid in index.get(key, ()) if eid not in taken), None)
                if match:
                    break
            if match:
                taken.add(match)
                source_rows.append({"event_id": match, "article_id": article.id})
                merged += 1
                continue
            self._cluster(conn, row)
            new_rows.append(row)
            facts = {c: row[c] for c in s.DYAD_COLUMNS}
            dyad_rows_ += [{"a": a, "b": b, "event_id": row["id"], **facts} for a, b in pairs]
            source_rows.append({"event_id": row["id"], "article_id": article.id})
            actor_rows_ += [dict(zip(ACTOR_COLUMNS, r, strict=True)) for r in actors]
        added = self._insert_ignore(conn, s.events, new_rows) if new_rows else 0
        if actor_rows_:
            self._insert_ignore(conn, s.event_actors, actor_rows_)
        if dyad_rows_:
            self._insert_ignore(conn, s.dyads, dyad_rows_)
        if source_rows:
            self._insert_ignore(conn, s.event_sources, source_rows)
        return added, merged

    def _cluster(self, conn: Connection, row: dict[str, Any]) -> None:
        """Join the cluster of the same event (type, actor and recipient codes, modality) in
        another story, dated within `cluster_days`, in the same country when both have one."""
        day = _day(row["day"])
        if day is None or row["dyad_key"].split("|")[1] == "":  # no date, or no actor code
            return
        window = timedelta(days=self.cluster_days)
        e = s.events.c
        query = (select(e.cluster_id, e.id, e.day, e.country)
                 .where(e.dyad_key == row["dyad_key"], e.story_id != row["story_id"],
                        e.modality == row["modality"], e.negated == row["negated"],
                        e.day >= (day - window).isoformat(), e.day <= (day + window).isoformat())
                 .order_by(e.day, e.id).limit(20))
        for cluster_id, other_id, other_day, country in conn.execute(query):
            if row["country"] and country and row["country"] != country:
                continue
            row["cluster_id"] = cluster_id
            gap = abs((_day(other_day) - day).days) if other_day else 0
            row["cluster_why"] = self._cluster_why(other_id, row["dyad_key"], gap, row["country"] or country)
            return

    def _cluster_why(self, other_id: str, dyad_key: str, gap: int, country: str | None) -> str:
        place = f"in {country}" if country else "no place"
        return (f"same event as {other_id} from another story: {dyad_key}, "
                f"{gap} day(s) apart (window {self.cluster_days}), {place}")

    def _upsert(self, table: Any) -> Any:
        """An INSERT with ON CONFLICT clauses, in this database's dialect."""
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        return dialect_insert(table)

    def _insert_ignore(self, conn: Connection, table: Any, rows: list[dict[str, Any]]) -> int:
        stmt = self._upsert(table).on_conflict_do_nothing()
        if self.dialect == "postgresql":
            # psycopg's executemany rowcount is unreliable: count the rows actually inserted
            key = list(table.primary_key.columns)[0]
            return len(conn.execute(stmt.returning(key), rows).all())
        return max(conn.execute(stmt, rows).rowcount, 0)

    def _put(self, conn: Connection, table: Any, rows: Iterable[tuple]) -> int:
        """Insert rows (tuples in the table's column order) in the connection's transaction,
        skipping those whose key is stored, by the fastest path of the database. Returns the rows
        inserted."""
        if self.dialect != "sqlite":
            return self._copy_ignore(conn, table, rows)
        # plain DB-API executemany (of a list or an iterator): the fastest path
        cols = [c.name for c in table.columns]
        sql = f"INSERT OR IGNORE INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        cursor = conn.connection.dbapi_connection.cursor()  # in the connection's transaction
        try:
            cursor.executemany(sql, rows)
            return max(cursor.rowcount, 0)
        finally:
            cursor.close()

    def _copy_ignore(self, conn: Connection, table: Any, rows: Iterable[tuple]) -> int:
        """PostgreSQL: insert rows (tuples in the table's column order) with COPY into a
        temporary table, then into `table` skipping those whose key is stored (the first of two
        rows with one key is kept), in the connection's transaction. Returns the rows inserted."""
        cols = ", ".join(c.name for c in table.columns)
        stage = f"veille_load_{table.name}"
        with _staged(conn, stage, f"SELECT {cols} FROM {table.name}", cols, rows) as (cursor, n):
            if not n:
                return 0
            cursor.execute(f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {stage} ON CONFLICT DO NOTHING")
            return max(cursor.rowcount, 0)

    def bulk_load(self, items: Iterable[tuple[Article, Iterable[dict[str, Any]]]],
                  chunk: int = 5000, fast: bool | None = None) -> tuple[int, int]:
        """Load articles with records already coded (shards, other stores, benchmarks), fast:
        `chunk` articles per transaction, no near-duplicate search (each article is its own
        story), exact copies skipped. Returns (articles added, events added).

        Event clusters are those `recluster` assigns: into an empty store, computed in memory
        while the rows are built; into a store with events, by `recluster` over the loaded days
        at the end. Into an empty store the whole load is one transaction (a load that fails
        leaves nothing) and the events and dyads (on PostgreSQL also the events' actors and
        sources, which reference them) are held in memory (about 1.3 KB per event) and written
        last, with their clusters and in primary-key order, so that no row is written twice;
        elsewhere the clusters are written after the rows. PostgreSQL receives the rows by COPY
        (into a temporary table, then inserted skipping stored keys).

        `fast` (SQLite; default: when the store holds fewer than 100,000 events) drops the
        secondary indexes and full-text triggers during the load and rebuilds them at the end,
        several times faster than maintaining them row by row; the load's connection also skips
        the disk syncs and keeps a rollback journal instead of the WAL until the end (pages
        added at the end of the file are written once; a killed load rolls back what it did not
        commit; a power cut during the load may damage the file: load again into a new one), and
        checks itself that each event's article is stored. If the load is killed, the next
        `Store(...)` on the file rebuilds what is missing."""
        collecting = gc.isenabled()
        gc.disable()  # millions of new tuples and no cycles: no full collections over them all
        try:
            return self._bulk_load(items, chunk, fast)
        finally:
            if collecting:
                gc.enable()

    def _bulk_load(self, items: Iterable[tuple[Article, Iterable[dict[str, Any]]]],
                   chunk: int, fast: bool | None) -> tuple[int, int]:
        stored_events = self.count("events")
        stored_articles = self.count("articles")
        sqlite = self.dialect == "sqlite"
        if fast is None:
            fast = sqlite and stored_events < 100_000
        fast = fast and sqlite
        # into an empty store, clusters are computed from the rows as they are built:
        # (dyad_key, modality, negated) -> [(day, id, story, country)], and each group's dyad pairs
        groups: dict[tuple, list[tuple]] | None = defaultdict(list) if stored_events == 0 else None
        pairs_of: dict[tuple, list[tuple[str, str]]] = {}
        # into an empty store, the whole load is one transaction and the events and dyads (and on
        # PostgreSQL the rows that reference events) are held in memory (about 1.3 KB per event)
        # and written last, with their clusters and in primary-key order: no row is written twice,
        # each B-tree is filled in one sweep
        hold = groups is not None and stored_articles == 0
        # the tables of events and of the rows that reference them (written in this order), and
        # whether the load holds their rows; SQLite writes the actors and sources with their batch
        linked = (s.events, s.event_actors, s.event_sources, s.dyads)
        holds = (hold, hold and not sqlite, hold and not sqlite, hold)
        held: tuple[list[tuple], ...] = tuple([] for _ in linked)
        seen: set[str] = set()  # articles loaded by this call
        counts = {"articles": 0, "events": 0, "built": 0}
        first_day: str | None = None
        pipelined = sqlite and not isinstance(self.engine.pool, StaticPool) and not hold

        def rows_of(conn: Connection | None, buffer: list[tuple[Article, list[dict[str, Any]]]]) -> tuple[list, ...]:
            nonlocal first_day
            known: set[str] = set()
            if conn is not None and stored_articles:  # articles stored before this load
                fresh = [a.id for a, _ in buffer if a.id not in seen]
                for part in _chunks(fresh, 500):
                    known.update(conn.scalars(select(s.articles.c.id).where(s.articles.c.id.in_(part))))
            now = _now()
            # held: rows of the whole load, written last (the events and dyads with their clusters)
            linked_rows = (part if kept else [] for part, kept in zip(held, holds, strict=True))
            out: tuple[list, ...] = ([], [], [], *linked_rows)
            stories_, articles_, sources_, events_, actors_, event_sources_, dyads_ = out
            todo: list[tuple[str, dict[str, Any], str, str | None]] = []  # event id, record, article, language
            for article, recs in buffer:
                aid = article.id
                if aid in seen or aid in known:
                    continue
                seen.add(aid)
                published = article.published.isoformat() if article.published else None
                stories_.append((aid, article.title, now, 1))
                articles_.append((aid, aid, 1.0, article.url, article.path, article.title,
                                  article.source, published, article.language, article.text, None,
                                  recs[0]["coder"] if recs else None, now, None, now))
                sources_.append((aid, article.location or aid, None, article.source or None, published, now))
                language = article.language
                for rec in recs:
                    if rec["doc_id"] != aid:
                        check_article(conn, rec)
                    todo.append((rec["id"], rec, aid, language))
                counts["built"] += len(recs)
            # in id order (stable: of two events with one id, the first loaded comes first): the
            # rows of events, their actors and their sources come out in primary-key order
            todo.sort(key=_key1)
            for eid, rec, aid, language in todo:
                row, pairs = _record_rows(rec, aid, language, actors_)
                day = row[_DAY]
                events_.append(row)
                event_sources_.append((eid, aid))
                if pairs:
                    facts = _dyad_facts(row)
                    dyads_ += [(a, b, eid, *facts) for a, b in pairs]
                if day is not None:
                    if first_day is None or day < first_day:
                        first_day = day
                    if groups is not None and "||" not in row[_DYAD_KEY]:
                        key = (row[_DYAD_KEY], row[_MODALITY], row[_NEGATED])
                        members = groups[key]
                        if not members:
                            pairs_of[key] = pairs
                        members.append((day, eid, aid, row[_COUNTRY]))
            return out

        def check_article(conn: Connection | None, rec: dict[str, Any]) -> None:
            """An event's article must be stored (the foreign key, checked here: the load's
            connection does not)."""
            doc = rec["doc_id"]
            if doc not in seen and (conn is None or conn.scalar(
                    select(s.articles.c.id).where(s.articles.c.id == doc)) is None):
                raise ValueError(f"event {rec['id']}: its article {doc} is not stored")

        put = self._put

        def write(conn: Connection, rows: tuple[list, ...]) -> None:
            stories_, articles_, sources_, events_, actors_, event_sources_, dyads_ = rows
            if sqlite:  # in primary key order (events, actors, sources are): each B-tree in one sweep
                stories_.sort(key=_key1)
                articles_.sort(key=_key1)
                sources_.sort(key=_key2)
                if not hold:
                    dyads_.sort(key=_key3)
            put(conn, s.stories, stories_)
            put(conn, s.articles, articles_)
            put(conn, s.sources, sources_)
            for table, part, kept in zip(linked, rows[3:], holds, strict=True):  # else written by write_held
                if not kept:
                    written = put(conn, table, part)
                    counts["events"] += written if table is s.events else 0
            counts["articles"] += len(stories_)

        def write_held(conn: Connection) -> bool:
            """Write the held events, then their actors and sources (PostgreSQL: its foreign keys
            are checked row by row) and dyads, in primary-key order (each B-tree in one sweep),
            with the clusters computed from `groups` when no event id came twice (else with their
            own: the caller then runs `recluster`). Returns whether the clusters are final."""
            events_, actors_, event_sources_, dyads_ = held
            events_.sort(key=_key1)  # sorted runs, merged; stable: of two rows with one id, the first loaded is kept
            ids = list(map(_key1, events_))
            unique = not any(map(operator.eq, ids, ids[1:]))
            del ids
            joined = {eid: (cluster, why) for _, eid, cluster, why in self._joins(groups)} if unique and groups else {}
            get = joined.get

            def with_cluster(rows: list[tuple], at: int, cluster_only: bool) -> Iterator[tuple]:
                for row in rows:
                    found = get(row[at])
                    if found is None:
                        yield row
                    elif cluster_only:  # a dyad: its cluster
                        yield (*row[:3], found[0], *row[4:])
                    else:  # an event: its cluster and why
                        yield (*row[:3], *found, *row[5:])

            counts["events"] += put(conn, s.events, with_cluster(events_, 0, False))
            events_.clear()
            for table, rows in ((s.event_actors, actors_), (s.event_sources, event_sources_)):  # when held
                rows.sort(key=_key1)  # sorted runs (a batch each), merged; stable as above
                put(conn, table, rows)
                rows.clear()
            # dyads by (actor code, recipient code), then event id: grouped, not sorted as tuples
            by_pair: dict[tuple[str, str], list[tuple]] = defaultdict(list)
            for row in dyads_:
                by_pair[row[0], row[1]].append(row)
            dyads_.clear()
            for pair in sorted(by_pair):
                part = by_pair.pop(pair)
                part.sort(key=_key_event)  # stable, as above
                dyads_ += part
            put(conn, s.dyads, with_cluster(dyads_, 2, True))
            dyads_.clear()
            return unique

        def batches() -> Iterator[list[tuple[Article, list[dict[str, Any]]]]]:
            buffer: list[tuple[Article, list[dict[str, Any]]]] = []
            for article, recs in items:
                buffer.append((article, list(recs)))
                if len(buffer) >= chunk:
                    yield buffer
                    buffer = []
            if buffer:
                yield buffer

        def load(conn: Connection) -> None:
            if not pipelined:
                for batch in batches():
                    with nullcontext() if hold else conn.begin():
                        write(conn, rows_of(conn, batch))
                return
            # SQLite file: this thread builds the rows of a batch while another writes the last
            # one (SQLite runs without the GIL); reads go through a connection of their own
            with ExitStack() as stack:
                reader = stack.enter_context(self.engine.connect()) if stored_articles else None
                pool = stack.enter_context(ThreadPoolExecutor(1, thread_name_prefix="veille-bulk-load"))
                pending: Future | None = None
                # the writer takes the GIL for each row it binds: it gets it back within 0.2 ms
                # instead of 5 (else it waits on the builder most of the time)
                switch = sys.getswitchinterval()
                sys.setswitchinterval(min(switch, 0.0002))
                stack.callback(sys.setswitchinterval, switch)

                def write_batch(rows: tuple[list, ...]) -> None:
                    with conn.begin():  # not `hold`: that load is never pipelined
                        write(conn, rows)

                try:
                    for batch in batches():
                        rows = rows_of(reader, batch)
                        if reader is not None:
                            reader.rollback()  # no read snapshot held: checkpoints go on
                        if pending is not None:
                            pending.result()
                        pending = pool.submit(write_batch, rows)
                    if pending is not None:
                        pending.result()
                finally:
                    if pending is not None:
                        wait([pending])

        # the tuples above follow these column orders
        assert [c.name for c in s.articles.columns] == [
            "id", "story_id", "similarity", "url", "path", "title", "source", "published", "language", "text",
            "fingerprint", "coder", "coded_at", "run_id", "added_at"]
        assert [c.name for c in s.stories.columns] == ["id", "title", "first_seen", "articles"]
        assert [c.name for c in s.sources.columns] == [
            "article_id", "location", "canonical_url", "site", "published", "seen_at"]
        clustered = False
        with self._bulk_connection(fast) as conn:
            try:
                with self._indexes_off(conn) if fast else nullcontext():
                    if hold:  # one transaction: a failed or killed load leaves nothing
                        with conn.begin(), nullcontext() if sqlite else self._set_aside(conn):
                            load(conn)
                            clustered = write_held(conn)
                    else:
                        load(conn)
                        # every event built was inserted (no id twice): the clusters computed are the store's
                        if groups is not None and counts["events"] == counts["built"]:
                            self._assign_clusters(conn, groups, pairs_of)
                            clustered = True
            finally:
                groups = None
                for rows in held:
                    rows.clear()
            if first_day is not None and not clustered:
                self.recluster(since=first_day, conn=conn)
            self._analyze(conn)
        return counts["articles"], counts["events"]

    @contextmanager
    def _set_aside(self, conn: Connection, tables: Iterable[str] = ()) -> Iterator[None]:
        """PostgreSQL, in the transaction of a load into an empty store: drop the foreign keys
        and the secondary (not unique) indexes of the loaded tables (default: those `bulk_load`
        fills), then, when the load is done, make them again from their own definitions (each
        index built in one sort, each reference checked in one join, as the PostgreSQL manual
        advises for populating a database). A load that fails leaves them to the rollback. Other
        sessions wait for the load to commit instead of seeing it part-done."""
        params = {"tables": list(tables) or ["stories", *self._BULK_TABLES]}
        schema = "t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(:tables)"
        keys = conn.execute(text(
            "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            f"JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND {schema} ORDER BY 1, 2"), params).all()
        indexes = conn.execute(text(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            f"JOIN pg_class t ON t.oid = x.indrelid WHERE NOT x.indisunique AND {schema} ORDER BY 1"), params).all()
        quote = conn.dialect.identifier_preparer.quote
        for table, name, _ in keys:
            conn.exec_driver_sql(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            conn.exec_driver_sql(f"DROP INDEX {quote(name)}")
        yield
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
        for _, sql in indexes:
            conn.exec_driver_sql(sql)
        for table, name, sql in keys:
            conn.exec_driver_sql(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {sql}")

    @contextmanager
    def _indexes_off(self, conn: Connection) -> Iterator[None]:
        """SQLite: the secondary indexes and full-text triggers dropped for a load, and made
        again (the full-text indexes rebuilt) when it ends, whether it failed or not."""
        self._drop_indexes(conn)
        try:
            yield
        finally:
            self._repair(conn)

    def copy_from(self, source: Store, on_rows: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Copy the whole of `source` (a store on either database) into this store, which must
        be empty: stories, articles and their sources and near-duplicate keys, events with their
        clusters, actors, sources and dyads, analysts' corrections, runs, failures and feeds, as
        they are (ids, stories and clusters unchanged, nothing coded again). One transaction: a
        copy that fails leaves this store empty. Indexes, foreign keys and full-text indexes are
        made once at the end, as in `bulk_load`. Returns the rows copied per table.

        For a team: move a laptop's SQLite store to the PostgreSQL server; or take a PostgreSQL
        store away as one SQLite file (it opens in Datasette). `on_rows(table, n)` is told of
        the rows read, every 5,000 and at the end of each table."""
        if self._same_database(source):
            raise ValueError(f"{self.url}: a store cannot be copied into itself")
        tables = [t for t in s.metadata.sorted_tables if t.name != "migrations"]  # references first
        held = {t.name: n for t in tables if (n := self.count(t.name))}
        if held:
            raise ValueError(f"{self.url} is not empty ({', '.join(f'{n} {t}' for t, n in held.items())}): "
                             "copy into a new database")
        sqlite = self.dialect == "sqlite"
        copied: dict[str, int] = {}
        with source.connect() as reader, self._bulk_connection(sqlite) as conn:
            with (self._indexes_off(conn) if sqlite else nullcontext(), conn.begin(),
                  nullcontext() if sqlite else self._set_aside(conn, [t.name for t in tables])):
                for table in tables:
                    key = list(table.primary_key.columns)
                    rows = reader.execute(select(table).order_by(*key).execution_options(yield_per=5000))
                    copied[table.name] = self._put(conn, table, _counted(table.name, rows, on_rows))
                    if not sqlite and len(key) == 1 and isinstance(key[0].type, Integer):
                        # the next id of an autoincrement key follows the copied ones
                        conn.exec_driver_sql(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key[0].name}'), "
                            f"max({key[0].name})) FROM {table.name} HAVING max({key[0].name}) IS NOT NULL")
            self._analyze(conn)
        return copied

    def _same_database(self, other: Store) -> bool:
        """Whether two stores are one database (SQLite: one file, however its path is written)."""
        if self.dialect == other.dialect == "sqlite":
            mine, theirs = self.engine.url.database, other.engine.url.database
            if not mine or not theirs or mine == ":memory:" or theirs == ":memory:":
                return self is other  # in memory: each store its own database
            return Path(mine).resolve() == Path(theirs).resolve()
        return self.engine.url == other.engine.url

    @contextmanager
    def _bulk_connection(self, fast: bool) -> Iterator[Connection]:
        """One connection for a bulk load; on SQLite with `fast`, set for loading (no syncs,
        in-memory sorts, memory-mapped reads, references checked by the load), as it was
        afterwards."""
        with self.engine.connect() as conn:
            if not fast:
                yield conn
                return
            # the load checks the references itself (an event's article), the rest it makes together
            settings = {"synchronous": "OFF", "temp_store": "MEMORY", "foreign_keys": "OFF",
                        "mmap_size": str(1 << 31),  # index builds read the tables in place (max 2 GB)
                        "cache_size": "-262144"}  # 256 MB: B-tree pages and sorts stay in memory
            saved = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in settings}
            if conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal":
                # a rollback journal while loading: pages the load adds at the end of the file are
                # written once (WAL writes each twice, to the log then the file), and a killed load
                # still rolls back its last transaction; WAL again afterwards
                settings["journal_mode"] = "TRUNCATE"
                saved["journal_mode"] = "WAL"
            conn.commit()
            try:
                for name, value in settings.items():
                    conn.exec_driver_sql(f"PRAGMA {name}={value}")
                conn.commit()
                yield conn
            finally:
                if conn.in_transaction():
                    conn.rollback()
                for name, value in saved.items():
                    conn.exec_driver_sql(f"PRAGMA {name}={value}")
                conn.commit()

    def _joins(self, groups: dict[tuple, list[tuple]]) -> Iterator[tuple[tuple, str, str, str | None]]:
        """`recluster`'s pass over events held in memory (group -> [(day, id, story, country)],
        emptied): (group, id, cluster, why) of each event that joins another's cluster."""
        for key in list(groups):
            members = groups.pop(key)
            members.sort(key=_key2)  # by day, then id
            for eid, cluster, why in self._cluster_pass((key, day, eid, story, country)
                                                        for day, eid, story, country in members):
                if cluster != eid:
                    yield key, eid, cluster, why

    def _assign_clusters(self, conn: Connection, groups: dict[tuple, list[tuple]],
                         pairs_of: dict[tuple, list[tuple[str, str]]]) -> int:
        """Write the clusters of loaded events (`recluster`'s pass over events held in memory:
        group -> [(day, id, story, country)]); events keep their own cluster unless they join
        another. Returns the number of events that joined another's cluster."""
        sqlite = self.dialect == "sqlite"
        changes: list[tuple[str, str | None, str]] = []  # cluster, why, id
        dyad_changes: list[tuple[str, str, str, str]] = []  # cluster, a, b, event id (SQLite)
        for key, eid, cluster, why in self._joins(groups):
            changes.append((cluster, why, eid))
            if sqlite:
                dyad_changes += [(cluster, a, b, eid) for a, b in pairs_of.get(key, ())]
        changes.sort(key=operator.itemgetter(2))  # in id order: one sweep of the id index
        dyad_changes.sort(key=operator.itemgetter(1, 2, 3))
        with conn.begin():
            if sqlite:
                if changes:
                    conn.exec_driver_sql("UPDATE events SET cluster_id = ?, cluster_why = ? WHERE id = ?", changes)
                if dyad_changes:
                    conn.exec_driver_sql("UPDATE dyads SET cluster_id = ? WHERE a = ? AND b = ? AND event_id = ?",
                                         dyad_changes)
            else:
                self._write_clusters(conn, [(eid, cluster, why) for cluster, why, eid in changes])
        return len(changes)

    def _cluster_pass(self, rows: Iterable[tuple]) -> Iterator[tuple[str, str, str | None]]:
        """The clusters of events given as (group, day, id, story, country), group = (dyad_key,
        modality, negated), sorted by group, day and id: each event joins the cluster of the
        earliest event of its group from another story, at most `cluster_days` before it, in the
        same country when both have one. Yields (id, cluster, why) for each event."""
        window = self.cluster_days
        group: tuple | None = None
        recent: list[tuple[int, str, str | None, str, str]] = []  # day, story, country, cluster, id
        start = 0  # recent[start:] are within the window
        for key, day_text, eid, story, country in rows:
            if key != group:
                group, recent, start = key, [], 0
            day = _ordinal(day_text)
            while start < len(recent) and day - recent[start][0] > window:
                start += 1
            if start > 256:
                del recent[:start]
                start = 0
            cluster, why = eid, None
            for i in range(start, len(recent)):
                other_day, other_story, other_country, other_cluster, other_id = recent[i]
                if other_story != story and not (country and other_country and country != other_country):
                    cluster = other_cluster
                    why = self._cluster_why(other_id, key[0], day - other_day, country or other_country)
                    break
            recent.append((day, story, country, cluster, eid))
            yield eid, cluster, why

    def _analyze(self, conn: Connection) -> None:
        """Fresh statistics: the planner picks the covering indexes."""
        with conn.begin():
            conn.exec_driver_sql("ANALYZE")

    # SQLite bulk loading: secondary indexes and full-text triggers off, then rebuilt
    _BULK_TABLES = ("events", "event_actors", "event_sources", "articles", "sources", "dyads")

    def _drop_indexes(self, conn: Connection | None = None) -> None:
        with self._begin(conn) as conn:
            for name in self._BULK_TABLES:
                for index in s.TABLES[name].indexes:
                    conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
            for table in s.FTS_COLUMNS:
                for trigger in s.fts_triggers(table):
                    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")

    @contextmanager
    def _begin(self, conn: Connection | None) -> Iterator[Connection]:
        """A transaction on `conn`, else on a connection of the pool."""
        if conn is None:
            with self.engine.begin() as own:
                yield own
        else:
            with conn.begin():
                yield conn

    def _repair(self, conn: Connection | None = None) -> None:
        """Recreate the indexes and full-text triggers a bulk load dropped (SQLite), and rebuild
        the full-text index when its triggers were missing."""
        if self.dialect != "sqlite":
            return
        with self._begin(conn) as conn:
            present = {name for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger', 'table')")}
            for table in s.metadata.sorted_tables:
                if table.name in present:
                    for index in table.indexes:
                        if index.name not in present:
                            index.create(conn)
            for table in s.FTS_COLUMNS:
                if f"{table}_fts" not in present:
                    continue  # before the full-text migration
                missing = {name: sql for name, sql in s.fts_triggers(table).items() if name not in present}
                if missing:
                    for sql in missing.values():
                        conn.exec_driver_sql(sql)
                    conn.exec_driver_sql(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")

    def recluster(self, since: str | None = None, conn: Connection | None = None) -> int:
        """Assign event clusters in one ordered pass (what `add` does event by event): an event
        joins the cluster of the earliest event of another story with the same type, actors,
        recipients, modality and negation, at most `cluster_days` before it, in the same country
        when both have one. Returns the number of events whose cluster changed."""
        window = timedelta(days=self.cluster_days)
        e = s.events.c
        query = (select(e.id, e.dyad_key, e.modality, e.negated, e.day, e.story_id, e.country, e.cluster_id)
                 .where(e.day.is_not(None), e.dyad_key.not_like("%||%"))
                 .order_by(e.dyad_key, e.modality, e.negated, e.day, e.id))
        if since:
            query = query.where(e.day >= (date.fromisoformat(since[:10]) - window).isoformat())
        changes: list[tuple[str, str, str | None]] = []
        with self._begin(conn) as conn:
            stored = {}  # id -> cluster as stored, of the events read so far in this group

            def rows() -> Iterator[tuple]:
                for r in conn.execute(query.execution_options(yield_per=5000)):  # streamed
                    stored[r.id] = r.cluster_id
                    yield (r.dyad_key, r.modality, r.negated), r.day, r.id, r.story_id, r.country

            for eid, cluster, why in self._cluster_pass(rows()):
                if cluster != stored.pop(eid):
                    changes.append((eid, cluster, why))
            self._write_clusters(conn, changes)
        return len(changes)

    def _write_clusters(self, conn: Connection, changes: list[tuple[str, str, str | None]]) -> None:
        """Set the cluster of events: (id, cluster, why) each."""
        if not changes:
            return
        if self.dialect == "postgresql":  # COPY into a temporary table, then one UPDATE per table
            with _staged(conn, "veille_clusters", "SELECT id, cluster_id AS cluster, cluster_why AS why FROM events",
                         "id, cluster, why", changes) as (cursor, _):
                cursor.execute("UPDATE events SET cluster_id = c.cluster, cluster_why = c.why "
                               "FROM veille_clusters c WHERE events.id = c.id")
                cursor.execute("UPDATE dyads SET cluster_id = c.cluster FROM veille_clusters c "
                               "WHERE dyads.event_id = c.id")
            return
        from sqlalchemy import bindparam

        stmt = (update(s.events).where(s.events.c.id == bindparam("b_id"))
                .values(cluster_id=bindparam("b_cluster"), cluster_why=bindparam("b_why")))
        dyad_stmt = (update(s.dyads).where(s.dyads.c.event_id == bindparam("b_id"))
                     .values(cluster_id=bindparam("b_cluster")))
        for part in range(0, len(changes), 5000):
            rows = [{"b_id": eid, "b_cluster": cluster, "b_why": why}
                    for eid, cluster, why in changes[part:part + 5000]]
            conn.execute(stmt, rows)
            conn.execute(dyad_stmt, [{"b_id": r["b_id"], "b_cluster": r["b_cluster"]} for r in rows])

    def replace_events(self, article_id: str, records: list[dict[str, Any]], coder: str,
                       language: str | None = None) -> tuple[int, int]:
        """Re-code an article: drop the events only it reported, keep merged events that other
        articles still report, then add the new events. Returns (removed, added)."""
        with self.engine.begin() as conn:
            art = conn.execute(select(s.articles).where(s.articles.c.id == article_id)).mappings().first()
            if art is None:
                raise KeyError(article_id)
            eids = list(conn.scalars(select(s.event_sources.c.event_id)
                                     .where(s.event_sources.c.article_id == article_id)))
            conn.execute(s.event_sources.delete().where(s.event_sources.c.article_id == article_id))
            still_reported: set[str] = set()
            for chunk in _chunks(eids, 500):  # events another article of the story still reports
                still_reported.update(conn.scalars(select(s.event_sources.c.event_id).distinct()
                                                   .where(s.event_sources.c.event_id.in_(chunk))))
            orphans = [eid for eid in eids if eid not in still_reported]
            for chunk in _chunks(orphans, 500):
                conn.execute(s.dyads.delete().where(s.dyads.c.event_id.in_(chunk)))
                conn.execute(s.event_actors.delete().where(s.event_actors.c.event_id.in_(chunk)))
                conn.execute(s.events.delete().where(s.events.c.id.in_(chunk)))
            language = language or art["language"]
            article = Article(text=art["text"], title=art["title"] or "", url=art["url"], path=art["path"],
                              source=art["source"] or "", language=language, id=art["id"])
            added, _ = self._add_events(conn, article, art["story_id"], records)
            conn.execute(update(s.articles).where(s.articles.c.id == article_id)
                         .values(coder=coder, coded_at=_now(), language=language))
            return len(orphans), added

    def add_failure(self, failure: Failure, run_id: int | None = None) -> None:
        row = {"location": failure.location, "code": failure.code, "reason": failure.reason,
               "seen_at": _now(), "run_id": run_id}
        stmt = self._upsert(s.failures).values(**row)
        stmt = stmt.on_conflict_do_update(index_elements=["location", "reason"],
                                          set_={"seen_at": stmt.excluded.seen_at, "run_id": stmt.excluded.run_id})
        with self.engine.begin() as conn:
            conn.execute(stmt)

    # -- feeds -----------------------------------------------------------------------------
    def feed_state(self, url: str) -> FeedRow | None:
        with self.connect() as conn:
            row = conn.execute(select(s.feeds).where(s.feeds.c.url == url)).mappings().first()
        return FeedRow(**row) if row else None

    def save_feed_state(self, state: FeedRow) -> None:
        values = {"url": state.url, "name": state.name, "etag": state.etag,
                  "last_modified": state.last_modified, "checked_at": state.checked_at or _now(),
                  "error": state.error}
        stmt = self._upsert(s.feeds).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=["url"],
                                          set_={k: stmt.excluded[k] for k in values if k != "url"})
        with self.engine.begin() as conn:
            conn.execute(stmt)

    # -- reads -----------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        with self.connect() as conn:
            return conn.scalar(select(s.articles.c.id).where(s.articles.c.id == article_id)) is not None

    def seen_url(self, url: str) -> bool:
        """Whether a page at this URL (canonicalised) is stored: a feed need not fetch it again."""
        from veille.ingest.dedup import canonical_url

        with self.connect() as conn:
            return conn.scalar(select(s.sources.c.article_id).where(
                s.sources.c.canonical_url == canonical_url(url)).limit(1)) is not None

    def count(self, table: str) -> int:
        if table not in s.TABLES:
            raise ValueError(f"unknown table {table!r}")
        with self.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(s.TABLES[table])))

    def articles(self, coder: str | None = None, uncoded_only: bool = False,
                 chunk: int = 200) -> Iterator[Article]:
        """Stored articles, by id, streamed: all, those not coded yet, or those coded by another
        coder version than `coder`."""
        a = s.articles.c
        after = ""
        while True:
            query = (select(a.id, a.text, a.title, a.url, a.path, a.source, a.published, a.language)
                     .where(a.id > after).order_by(a.id).limit(chunk))
            if uncoded_only:
                query = query.where(a.coder.is_(None))
            elif coder:
                query = query.where((a.coder.is_(None)) | (a.coder != coder))
            with self.connect() as conn:
                rows = conn.execute(query).all()
            for r in rows:
                yield Article(text=r.text, title=r.title or "", url=r.url, path=r.path, source=r.source or "",
                              published=date.fromisoformat(r.published[:10]) if r.published else None,
                              language=r.language, id=r.id)
            if len(rows) < chunk:
                return
            after = rows[-1].id

    def events(self, actor: str | None = None, event_type: str | None = None,
               since: str | None = None, limit: int | None = None, **filters: Any) -> Iterator[dict[str, Any]]:
        """Stored PLOVER records with their story, cluster and sources (see veille.store.query
        for every filter)."""
        from veille.store.query import Filters, records

        f = Filters.from_dict({"actor": actor, "event": event_type, "since": since, **filters})
        yield from records(self, f, limit=limit)

    def failures(self) -> list[Failure]:
        with self.connect() as conn:
            rows = conn.execute(select(s.failures.c.location, s.failures.c.reason, s.failures.c.code)
                                .order_by(s.failures.c.seen_at, s.failures.c.location))
            return [Failure(r[0], r[1], r[2] or "") for r in rows]


@contextmanager
def _staged(conn: Connection, stage: str, query: str, cols: str,
            rows: Iterable[tuple]) -> Iterator[tuple[Any, int]]:
    """PostgreSQL: `rows` COPYed into the temporary table `stage` (with the columns of `query`,
    made if missing, dropped at the end of the transaction); yields the connection's DB-API
    cursor (in its transaction) and the number of rows, then empties the table for the next
    call."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS {query} WITH NO DATA")
        n = 0
        with cursor.copy(f"COPY {stage} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        yield cursor, n
        cursor.execute(f"TRUNCATE {stage}")
    finally:
        cursor.close()


def _counted(name: str, rows: Iterable[Any], on_rows: Callable[[str, int], None] | None) -> Iterator[tuple]:
    """`rows` as tuples, telling `on_rows(name, n)` of them every 5,000 and at the end."""
    if on_rows is None:
        yield from map(tuple, rows)
        return
    n = 0
    for row in rows:
        yield tuple(row)
        n += 1
        if n == 5000:
            on_rows(name, n)
            n = 0
    on_rows(name, n)


def _chunks(items: list[str], n: int) -> Iterator[list[str]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        kwargs: dict[str, Any] = {"poolclass": StaticPool} if memory else {}
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            if not memory:
                # a new file: 16 KiB pages (fewer, fuller pages: faster bulk loads, index builds
                # and range reads; an existing file keeps its own)
                cur.execute("PRAGMA page_size=16384")
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    if url.startswith("postgresql"):
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RuntimeError("PostgreSQL needs the postgres extra: pip install 'veille[postgres]'") from exc
    return create_engine(url, pool_pre_ping=True)
