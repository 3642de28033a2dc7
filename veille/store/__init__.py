"""The event store: one SQLite file (WAL), idempotent writes, simple queries.

Tables: `articles`, `events` (one row per event, with the full PLOVER record as JSON),
`event_actors` (one row per actor or recipient, for filtering), `failures` and `migrations`.
The file is plain SQLite: Datasette and sqlite-utils open it unchanged."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from veille.models import Article, Event, Failure

__all__ = ["Store", "MIGRATIONS"]

#: Named, ordered schema migrations; each runs once and is recorded in `migrations`.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_initial",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY, url TEXT, path TEXT, title TEXT, source TEXT,
            published TEXT, language TEXT, text TEXT NOT NULL, added_at TEXT NOT NULL
        );
        CREATE TABLE events (
            id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES articles(id),
            event TEXT NOT NULL, mode TEXT, context TEXT, date TEXT, date_precision TEXT,
            location_name TEXT, location_country TEXT, cameo TEXT, quad_class INTEGER,
            modality TEXT, negated INTEGER, confidence REAL, text TEXT, sentence INTEGER,
            sent_start INTEGER, sent_end INTEGER, trigger TEXT, explain TEXT, coder TEXT,
            record TEXT NOT NULL
        );
        CREATE TABLE event_actors (
            event_id TEXT NOT NULL REFERENCES events(id), role TEXT NOT NULL,
            position INTEGER NOT NULL, code TEXT, sector TEXT, kb_id TEXT, name TEXT, text TEXT,
            PRIMARY KEY (event_id, role, position)
        );
        CREATE TABLE failures (
            location TEXT NOT NULL, code TEXT, reason TEXT NOT NULL, seen_at TEXT NOT NULL,
            PRIMARY KEY (location, reason)
        );
        CREATE INDEX events_doc ON events(doc_id);
        CREATE INDEX events_type_date ON events(event, date);
        CREATE INDEX event_actors_code ON event_actors(code, role);
        """,
    ),
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """All writes go through this one object (one writer); reads are plain SQL."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path)
        self.conn.row_factory = sqlite3.Row
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ----------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.conn:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
        done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.conn:
                for statement in filter(str.strip, sql.split(";")):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM migrations ORDER BY name")]

    # -- writes ----------------------------------------------------------------------------
    def add(self, article: Article, events: Iterable[Event]) -> tuple[bool, int]:
        """Store an article and its events in one transaction, unless the article is already
        stored. Returns (article added, number of events added)."""
        return self.add_records(article, (e.to_record() for e in events))

    def add_records(self, article: Article, records: Iterable[dict[str, Any]]) -> tuple[bool, int]:
        """Like `add`, from PLOVER records (as read back from JSONL or Parquet shards)."""
        with self.conn:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO articles VALUES (?,?,?,?,?,?,?,?,?)",
                (article.id, article.url, article.path, article.title, article.source,
                 article.published.isoformat() if article.published else None,
                 article.language, article.text, _now()),
            )
            if cur.rowcount == 0:
                return False, 0
            added = sum(self._add_record(r) for r in records)
        return True, added

    def _add_record(self, rec: dict[str, Any]) -> int:
        loc = rec.get("location") or {}
        info = rec["text_info"]
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (rec["id"], rec["doc_id"], rec["event"], rec["mode"], json.dumps(rec["context"]),
             rec["date"], rec["date_precision"], loc.get("name"), loc.get("country"), rec["cameo"],
             rec["quad_class"], rec["modality"], int(rec["negated"]), rec["confidence"], rec["text"],
             info["sentence"], info["start"], info["end"], info["trigger"]["text"], rec["explain"],
             rec["coder"], json.dumps(rec, ensure_ascii=False)),
        )
        if cur.rowcount == 0:
            return 0
        rows = [(rec["id"], role, i, a["code"], a["sector"], a["id"], a["name"], a["text"])
                for role in ("actor", "recipient")
                for i, a in enumerate(rec[role])]
        self.conn.executemany("INSERT INTO event_actors VALUES (?,?,?,?,?,?,?,?)", rows)
        return 1

    def add_failure(self, failure: Failure) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT INTO failures VALUES (?,?,?,?) ON CONFLICT (location, reason) "
                "DO UPDATE SET seen_at = excluded.seen_at",
                (failure.location, failure.code, failure.reason, _now()),
            )

    # -- reads -----------------------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in ("articles", "events", "event_actors", "failures"):
            raise ValueError(f"unknown table {table!r}")
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def events(self, actor: str | None = None, event_type: str | None = None,
               since: str | None = None, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Stored PLOVER records, oldest first; `actor` matches actor or recipient codes."""
        sql = ["SELECT record FROM events e WHERE 1=1"]
        args: list[Any] = []
        if actor:
            sql.append("AND e.id IN (SELECT event_id FROM event_actors WHERE code = ? OR kb_id = ?)")
            args += [actor, actor]
        if event_type:
            sql.append("AND e.event = ?")
            args.append(event_type.upper())
        if since:
            sql.append("AND e.date >= ?")
            args.append(since)
        sql.append("ORDER BY e.date, e.doc_id, e.sentence, e.id")
        if limit:
            sql.append("LIMIT ?")
            args.append(limit)
        for row in self.conn.execute(" ".join(sql), args):
            yield json.loads(row[0])

    def failures(self) -> list[Failure]:
        rows = self.conn.execute("SELECT location, reason, code FROM failures ORDER BY seen_at")
        return [Failure(r[0], r[1], r[2] or "") for r in rows]

