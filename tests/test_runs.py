"""Whole runs: syndicated copies stored once with every source; kill -9 then rerun equals one run;
ingest then recode equals run."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED
from veille.ingest import read_inputs
from veille.pipeline import ingest, recode, run
from veille.store import Store

pytestmark = pytest.mark.model

SITES = {"abamako.com", "lefaso.net", "ActuNiger", "APAnews"}


def test_runs_syndicated_copies_of_the_seed_store_its_events_once_with_four_sources(tmp_path):
    seed_id = next(iter(read_inputs([str(SEED)]))).id
    with Store(tmp_path / "v.db") as store:
        summary = run([str(SAMPLES)], store, workers=1)
        assert summary.near_duplicates == 3
        seed_events = [r for r in store.events() if r["doc_id"] == seed_id]
        assert len(seed_events) >= 6
        for rec in seed_events:
            assert {s["source"] for s in rec["sources"]} == SITES, rec["event"]
            assert rec["story_id"] == seed_id
        # copies add no event of the seed's twice: every event of the story is distinct
        story = [r for r in store.events() if r["story_id"] == seed_id]
        keys = [(r["event"], r["text_info"]["trigger"]["text"], r["text"][:40]) for r in story]
        assert len(keys) == len(set(keys))
        before = (store.count("events"), store.count("sources"))
        again = run([str(SAMPLES)], store, workers=1)
        assert (again.new_articles, again.new_events) == (0, 0)
        assert (store.count("events"), store.count("sources")) == before


def _dump(path: Path) -> dict[str, list[tuple]]:
    queries = {
        "articles": "SELECT id, story_id, similarity, coder FROM articles ORDER BY id",
        "sources": "SELECT article_id, location FROM sources ORDER BY 1, 2",
        "events": "SELECT id, story_id, cluster_id, record FROM events ORDER BY id",
        "event_actors": "SELECT event_id, role, position, code, sector FROM event_actors ORDER BY 1, 2, 3",
        "event_sources": "SELECT event_id, article_id FROM event_sources ORDER BY 1, 2",
        "stories": "SELECT id, articles FROM stories ORDER BY id",
        "failures": "SELECT location, reason FROM failures ORDER BY 1",
    }
    with sqlite3.connect(path) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}


def _veille(*args: str) -> list[str]:
    return [sys.executable, "-m", "veille", *args]


def test_runs_kill_9_in_the_middle_then_rerun_ends_as_one_run(tmp_path):
    corpus = tmp_path / "in"
    shutil.copytree(SAMPLES, corpus)
    (corpus / "broken.bin").write_bytes(b"\x00\x01\x02" * 100)
    env = {**os.environ, "VEILLE_SETTINGS": ""}
    once = tmp_path / "once.db"
    subprocess.run(_veille("run", str(corpus), "--db", str(once), "--quiet", "--workers", "1"),
                   env=env, capture_output=True, check=False, timeout=300)
    killed = tmp_path / "killed.db"
    proc = subprocess.Popen(_veille("run", str(corpus), "--db", str(killed), "--quiet", "--workers", "1"),
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if killed.exists():
            try:
                with sqlite3.connect(killed, timeout=1) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
        if stored >= 5:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _dump(killed)
    assert 5 <= len(partial["articles"]) < len(_dump(once)["articles"])
    subprocess.run(_veille("run", str(corpus), "--db", str(killed), "--quiet", "--workers", "1"),
                   env=env, capture_output=True, check=False, timeout=300)
    assert _dump(killed) == _dump(once)


def test_runs_ingest_then_recode_equals_run(tmp_path):
    with Store(tmp_path / "a.db") as a, Store(tmp_path / "b.db") as b:
        run([str(SAMPLES / "wikinews-fr"), str(SEED)], a, workers=1)
        ingest(read_inputs([str(SAMPLES / "wikinews-fr"), str(SEED)]), b)
        assert b.count("events") == 0 and b.count("articles") == a.count("articles")
        summary = recode(b)
        assert summary.articles == a.count("articles")
        ids = lambda s: sorted(r["id"] for r in s.events())  # noqa: E731
        assert ids(a) == ids(b)
        assert recode(b).articles == 0  # nothing left to code with this coder
