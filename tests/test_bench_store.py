"""The store benchmark's own code, on a tiny corpus (the timings are `make bench-store`'s business)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import bench_store  # noqa: E402

from veille.store import Store  # noqa: E402


def test_bench_store_loads_then_copies_the_same_rows_with_sqlite_alone(tmp_path):
    db = tmp_path / "bench.db"
    rows: list = []
    out: dict = {}
    bench_store.load(db, 1000, rows, out)
    assert out["load"]["events"] == 1000 and out["load"]["articles"] == 200
    bench_store.floor(db, rows, out)
    assert out["floor"]["events"] == out["floor"]["copied"] == out["floor"]["searchable"] == 1000
    assert set(out["floor"]["seconds"]) == {"copy", "indexes and full text", "ANALYZE"}
    assert [r[0] for r in rows] == ["bulk load", "SQLite alone (the same rows copied by SQLite, then indexed)"]
    assert not list(tmp_path.glob("*-floor.db*"))  # the copy is removed
    with Store(db) as store:
        assert store.count("events") == 1000


def test_bench_store_loads_into_postgresql_and_refuses_a_database_with_events(postgres_url):
    rows: list = []
    out: dict = {}
    bench_store.load(postgres_url, 500, rows, out, " (PostgreSQL)")
    assert out["load_postgresql"]["events"] == 500 and out["load_postgresql"]["articles"] == 100
    assert rows[0][0] == "bulk load (PostgreSQL)"
    with Store(postgres_url) as store:
        assert store.count("events") == 500
    with pytest.raises(SystemExit, match="no events"):
        bench_store.load(postgres_url, 500, rows, out, " (PostgreSQL)")
    results = bench_store.queries(postgres_url, 1, rows, " (PostgreSQL)")
    assert results["events list, first page (50)"]["result"] == "50 records"
