"""The store's schema (SQLAlchemy Core) and its named migrations.

One schema serves SQLite (the embedded default) and PostgreSQL. Types are deliberately plain
so the SQLite file stays readable by Datasette, sqlite-utils and any SQL tool: dates are ISO
text ("2025-05-11"), booleans are integers, lists and records are JSON text.

Tables
  runs            one row per `veille run|ingest|recode|watch` invocation
  stories         one row per story: an article and its near-duplicate (syndicated) copies
  articles        one row per distinct text (id = content hash), with its story
  sources         every place a text was seen (URL or path, site, date): exact copies add rows here
  lsh             MinHash LSH buckets of each story's first article, to find near-duplicates
  events          one row per event (the full PLOVER record in `record`), with its story and
                  its cross-story event cluster
  event_actors    one row per actor or recipient of an event, for filtering and networks
  event_sources   the articles that report an event (several when copies were merged)
  failures        inputs that could not be processed, and why
  feeds           the state of each polled feed (ETag, Last-Modified, last error)
  corrections     analysts' corrections of events (wrong, fixed, confirmed), kept on recode
  migrations      the migrations applied, by name
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    text,
)

__all__ = ["metadata", "MIGRATIONS", "TABLES", "FTS_COLUMNS", "fts_triggers"]

metadata = MetaData()

migrations = Table(
    "migrations", metadata,
    Column("name", String, primary_key=True),
    Column("applied_at", String, nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", String, nullable=False),
    Column("coder", String),
    Column("started_at", String, nullable=False),
    Column("finished_at", String),
    Column("status", String, nullable=False),  # running | done | interrupted
    Column("articles", Integer, nullable=False, default=0),
    Column("new_articles", Integer, nullable=False, default=0),
    Column("events", Integer, nullable=False, default=0),
    Column("failures", Integer, nullable=False, default=0),
)

stories = Table(
    "stories", metadata,
    Column("id", String, primary_key=True),  # the id of its first article
    Column("title", Text),
    Column("first_seen", String, nullable=False),
    Column("articles", Integer, nullable=False, default=1),
)

articles = Table(
    "articles", metadata,
    Column("id", String, primary_key=True),
    Column("story_id", String, ForeignKey("stories.id"), nullable=False),
    Column("similarity", Float),  # MinHash similarity to the story's first article (1.0 for it)
    Column("url", Text),
    Column("path", Text),
    Column("title", Text),
    Column("source", String),
    Column("published", String),
    Column("language", String),
    Column("text", Text, nullable=False),
    Column("fingerprint", LargeBinary),
    Column("coder", String),  # the coder version that coded it (NULL: stored, not coded yet)
    Column("coded_at", String),
    Column("run_id", Integer),
    Column("added_at", String, nullable=False),
    Index("articles_story", "story_id"),
    Index("articles_published", "published"),
)

sources = Table(
    "sources", metadata,
    Column("article_id", String, ForeignKey("articles.id"), nullable=False),
    Column("location", Text, nullable=False),  # URL as given, or file path
    Column("canonical_url", Text),
    Column("site", String),
    Column("published", String),
    Column("seen_at", String, nullable=False),
    PrimaryKeyConstraint("article_id", "location"),
    Index("sources_canonical_url", "canonical_url"),
    Index("sources_location", "location"),
)

lsh = Table(
    "lsh", metadata,
    Column("band", Integer, nullable=False),
    Column("bucket", BigInteger, nullable=False),
    Column("article_id", String, ForeignKey("articles.id"), nullable=False),
    PrimaryKeyConstraint("band", "bucket", "article_id"),
)

events = Table(
    "events", metadata,
    Column("id", String, primary_key=True),
    Column("doc_id", String, ForeignKey("articles.id"), nullable=False),
    Column("story_id", String, nullable=False),
    Column("cluster_id", String, nullable=False),  # same real-world event across stories
    Column("cluster_why", Text),
    Column("event", String, nullable=False),
    Column("mode", String),
    Column("context", Text),  # JSON list
    Column("date", String),
    Column("date_precision", String),
    Column("day", String),  # first day of `date` (YYYY-MM-DD), for time series
    Column("week", String),  # ISO week, YYYY-Www
    Column("month", String),  # YYYY-MM
    Column("quarter", String),  # YYYY-Qn
    Column("place", String),
    Column("country", String),
    Column("admin1", String),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonames_id", Integer),
    Column("cameo", String),
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("modality", String),
    Column("negated", Integer),
    Column("confidence", Float),
    Column("language", String),
    Column("text", Text),
    Column("sentence", Integer),
    Column("sent_start", Integer),
    Column("sent_end", Integer),
    Column("trigger", String),
    Column("actors", Text),  # "RUS GOV; MLI GOV" for display and flat exports
    Column("recipients", Text),
    Column("dyad_key", Text),  # EVENT|actor codes|recipient codes, to find the same event elsewhere
    Column("seq", String, nullable=False),  # "day|id": the sort and keyset-pagination key
    Column("explain", Text),
    Column("coder", String),
    Column("record", Text, nullable=False),  # the PLOVER record, JSON
    Index("events_doc", "doc_id"),
    Index("events_story", "story_id"),
    # narrow copies of the analysis columns: a dyad series (events by id) and counts (events by
    # cluster) read these instead of the wide rows (record JSON, sentence)
    Index("events_facts", "id", "cluster_id", "day", "week", "month", "quarter", "quad_class", "goldstein"),
    Index("events_cluster_facts", "cluster_id", "day", "week", "month", "quarter", "quad_class", "goldstein",
          "event", "country"),
    Index("events_type_seq", "event", "seq"),  # newest events of a type, without sorting; periods are seq ranges
    Index("events_day", "day"),
    Index("events_dyad_key", "dyad_key", "day"),
    Index("events_country", "country"),
    Index("events_seq", "seq"),
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("role", String, nullable=False),  # actor | recipient
    Column("position", Integer, nullable=False),
    Column("code", String),
    Column("sector", String),
    Column("kb_id", String),
    Column("name", Text),
    Column("text", Text),
    PrimaryKeyConstraint("event_id", "role", "position"),
    Index("event_actors_code", "code", "role", "event_id"),
    Index("event_actors_kb", "kb_id", "role"),
)

event_sources = Table(
    "event_sources", metadata,
    Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", String, ForeignKey("articles.id"), nullable=False),
    PrimaryKeyConstraint("event_id", "article_id"),
    Index("event_sources_article", "article_id"),
)

failures = Table(
    "failures", metadata,
    Column("location", Text, nullable=False),
    Column("code", String),
    Column("reason", Text, nullable=False),
    Column("seen_at", String, nullable=False),
    Column("run_id", Integer),
    PrimaryKeyConstraint("location", "reason"),
)

feeds = Table(
    "feeds", metadata,
    Column("url", Text, primary_key=True),
    Column("name", String),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("checked_at", String),
    Column("error", Text),
)

corrections = Table(
    "corrections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String, nullable=False),  # the event as it was when corrected
    # the evidence anchor, so that an event re-coded under another id finds its correction
    Column("doc_id", String, nullable=False),
    Column("sent_start", Integer),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("verdict", String, nullable=False),  # wrong | fixed | confirmed
    Column("event", String),  # the true event type (fixed, confirmed)
    Column("mode", String),
    Column("actor", Text),  # JSON list of {"code", "sector"}
    Column("recipient", Text),
    Column("original", Text),  # JSON: event, mode, actor and recipient as coded
    Column("note", Text),
    Column("author", String),
    Column("created_at", String, nullable=False),
    Index("corrections_event", "event_id"),
    Index("corrections_anchor", "doc_id", "trigger_start"),
)

#: One row per (actor code, recipient code) pair of an event, with what dyad series count: a
#: clustered B-tree (WITHOUT ROWID on SQLite), so the events between two actors are one range.
dyads = Table(
    "dyads", metadata,
    Column("a", String, nullable=False),  # actor code
    Column("b", String, nullable=False),  # recipient code
    Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("cluster_id", String, nullable=False),
    Column("day", String),
    Column("week", String),
    Column("month", String),
    Column("quarter", String),
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("modality", String),
    Column("negated", Integer),
    PrimaryKeyConstraint("a", "b", "event_id"),
    Index("dyads_event", "event_id"),
    sqlite_with_rowid=False,
)

DYAD_COLUMNS = ("cluster_id", "day", "week", "month", "quarter", "quad_class", "goldstein", "modality", "negated")

TABLES = {t.name: t for t in metadata.sorted_tables}

_V1 = [runs, stories, articles, sources, lsh, events, event_actors, event_sources, failures, feeds]


def _create_v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=_V1)


#: Full-text indexed columns per table.
FTS_COLUMNS = {"articles": ("title", "text"), "events": ("text",)}


def fts_triggers(table: str) -> dict[str, str]:
    """The SQLite triggers that keep `<table>_fts` in sync with `table`, by name."""
    cols = ", ".join(FTS_COLUMNS[table])
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS[table])
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS[table])
    return {
        f"{table}_fts_ai": f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN "
                           f"INSERT INTO {table}_fts(rowid, {cols}) VALUES (new.rowid, {new}); END",
        f"{table}_fts_ad": f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN "
                           f"INSERT INTO {table}_fts({table}_fts, rowid, {cols}) "
                           f"VALUES ('delete', old.rowid, {old}); END",
        f"{table}_fts_au": f"CREATE TRIGGER {table}_fts_au AFTER UPDATE OF {cols} ON {table} BEGIN "
                           f"INSERT INTO {table}_fts({table}_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
                           f"INSERT INTO {table}_fts(rowid, {cols}) VALUES (new.rowid, {new}); END",
    }


def _full_text(conn: Connection) -> None:
    """Full-text search over article text and event sentences: FTS5 tables kept in sync by
    triggers on SQLite (Datasette shows a search box for them), tsvector + GIN on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        for table, cols in FTS_COLUMNS.items():
            conn.execute(text(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5({', '.join(cols)}, content=\"{table}\", "
                "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
            ))
            for sql in fts_triggers(table).values():
                conn.execute(text(sql))
    elif conn.dialect.name == "postgresql":
        for table, expr in (
            ("articles", "coalesce(title, '') || ' ' || coalesce(text, '')"),
            ("events", "coalesce(text, '')"),
        ):
            conn.execute(text(
                f"ALTER TABLE {table} ADD COLUMN tsv tsvector "
                f"GENERATED ALWAYS AS (to_tsvector('simple', {expr})) STORED"
            ))
            conn.execute(text(f"CREATE INDEX {table}_tsv ON {table} USING gin (tsv)"))


def _corrections(conn: Connection) -> None:
    metadata.create_all(conn, tables=[corrections])


def _analysis_indexes(conn: Connection) -> None:
    """Covering indexes for dyad series, counts and the events list by type; fresh statistics."""
    conn.execute(text("DROP INDEX IF EXISTS events_cluster"))  # a prefix of events_cluster_facts
    for index in events.indexes:
        if index.name in ("events_facts", "events_cluster_facts", "events_type_seq"):
            index.create(conn, checkfirst=True)
    conn.execute(text("ANALYZE"))


def _dyads(conn: Connection) -> None:
    """The dyads table, filled from the events stored so far."""
    metadata.create_all(conn, tables=[dyads])
    cols = ", ".join(DYAD_COLUMNS)
    conn.execute(text(
        f"INSERT INTO dyads (a, b, event_id, {cols}) "
        f"SELECT DISTINCT act.code, rec.code, e.id, {', '.join('e.' + c for c in DYAD_COLUMNS)} "
        "FROM events e JOIN event_actors act ON act.event_id = e.id AND act.role = 'actor' "
        "JOIN event_actors rec ON rec.event_id = e.id AND rec.role = 'recipient' "
        "WHERE act.code IS NOT NULL AND rec.code IS NOT NULL"
    ))


def _drop_type_day(conn: Connection) -> None:
    """Drop `events_type_day` (event, day): the filters select periods through `seq`, so
    `events_type_seq` serves a type and a period; no query plan used it, and each bulk load
    rebuilt it."""
    conn.execute(text("DROP INDEX IF EXISTS events_type_day"))


#: Named, ordered migrations; each runs once, in its own transaction, and is recorded.
MIGRATIONS: tuple[tuple[str, Callable[[Connection], None]], ...] = (
    ("0001_schema", _create_v1),
    ("0002_full_text", _full_text),
    ("0003_corrections", _corrections),
    ("0004_analysis_indexes", _analysis_indexes),
    ("0005_dyads", _dyads),
    ("0006_drop_events_type_day", _drop_type_day),
)
