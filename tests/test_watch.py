"""Feeds end to end against a loopback site: `veille watch` polls, codes and stores new pages,
answers 304s with nothing, resumes after a crash; `veille run` takes page and feed URLs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED
from tests.test_web import Site
from veille.errors import UsageError
from veille.ingest.web import Fetcher
from veille.pipeline import run
from veille.store import Store
from veille.watch import parse_every, poll_once

PAGES = {
    "/abamako/russie-aes": (SEED, "text/plain; charset=utf-8"),
    "/lefaso/aes-moscou": (SAMPLES / "syndicated" / "lefaso-net-2025-05-12-aes-moscou.html",
                           "text/html; charset=utf-8"),
    "/actuniger/russie-aes": (SAMPLES / "syndicated" / "actuniger-2025-05-12-russie-aes.html",
                              "text/html; charset=utf-8"),
    "/apa/russie-aes": (SAMPLES / "syndicated" / "apanews-2025-05-11-russie-aes.html", "text/html; charset=utf-8"),
}


def _rss(base: str, paths) -> str:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
                    f"<pubDate>Mon, 12 May 2025 10:00:00 GMT</pubDate></item>" for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Revue Sahel</title>'
            f"<link>{base}/</link><description>x</description>{items}</channel></rss>")


@pytest.fixture
def site():
    site = Site(robots="User-agent: *\nDisallow: /private/\n")
    site.routes = {"/robots.txt": site.routes["/robots.txt"]}
    for path, (file, kind) in PAGES.items():
        site.routes[path] = (lambda f, k: lambda s, h: (200, {"Content-Type": k}, f.read_bytes()))(file, kind)
    site.routes["/broken-page"] = lambda s, h: (500, {"Content-Type": "text/plain"}, b"boom")

    def feed(s, headers):
        if headers.get("if-none-match") == '"f1"':
            return 304, {"ETag": '"f1"'}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"f1"'}, _rss(
            s.base, [*PAGES, "/broken-page"]).encode()

    site.routes["/feed.rss"] = feed
    yield site
    site.close()


@pytest.fixture
def feeds_file(site, tmp_path) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(f"feeds:\n  - url: {site.url('/feed.rss')}\n    name: Revue Sahel\n    lang: fr\n", "utf-8")
    return path


def _fetcher() -> Fetcher:
    return Fetcher(per_host_delay_s=0, timeout_s=5)


def _dump(path: Path) -> dict[str, list]:
    with sqlite3.connect(path) as conn:
        return {
            "articles": conn.execute("SELECT id, story_id, url FROM articles ORDER BY id").fetchall(),
            "events": conn.execute("SELECT id, story_id, cluster_id FROM events ORDER BY id").fetchall(),
            "event_sources": conn.execute("SELECT * FROM event_sources ORDER BY 1, 2").fetchall(),
            "feeds": conn.execute("SELECT url, etag, error FROM feeds").fetchall(),
        }


@pytest.mark.parametrize("text,seconds", [("90", 90), ("30s", 30), ("15m", 900), ("1.5h", 5400), ("1d", 86400)])
def test_watch_every_durations(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "15 minutes", "0", "-5m"])
def test_watch_every_rejects_bad_durations(text):
    with pytest.raises(UsageError):
        parse_every(text)


@pytest.mark.model
def test_watch_codes_new_pages_once_then_not_modified(site, feeds_file, tmp_path):
    with Store(tmp_path / "w.db") as store, _fetcher() as fetcher:
        first = poll_once(feeds_file, store, fetcher)
        assert (first.feeds, first.entries, first.new_entries) == (1, 5, 5)
        assert first.summary.new_articles == 4 and first.summary.near_duplicates == 3
        assert [f.location for f in first.summary.failures] == [site.url("/broken-page")]
        consult = [r for r in store.events(event_type="CONSULT") if r["story_id"] == first_story(store)]
        assert consult and len(consult[0]["sources"]) == 4
        assert {s["url"] for s in consult[0]["sources"]} == {site.url(p) for p in PAGES}
        requests_before = len(site.requests)
        second = poll_once(feeds_file, store, fetcher)
        assert second.not_modified == 1 and second.new_entries == 0
        assert site.paths()[requests_before:] == ["/feed.rss"]  # one conditional GET, nothing else
        assert site.headers_of("/feed.rss")[-1]["if-none-match"] == '"f1"'
        assert store.feed_state(site.url("/feed.rss")).etag == '"f1"'


def first_story(store: Store) -> str:
    with store.connect() as conn:
        return conn.exec_driver_sql("SELECT story_id FROM articles GROUP BY story_id "
                                    "ORDER BY count(*) DESC LIMIT 1").scalar()


@pytest.mark.model
def test_watch_resumes_after_a_crash_as_if_it_had_run_once(site, feeds_file, tmp_path):
    with Store(tmp_path / "once.db") as store, _fetcher() as fetcher:
        poll_once(feeds_file, store, fetcher)
    crashed = tmp_path / "crashed.db"
    with Store(crashed) as store, _fetcher() as fetcher:
        seen = []

        def crash(item):
            seen.append(item)
            if len(seen) == 2:
                raise KeyboardInterrupt  # killed after two pages were stored
        with pytest.raises(KeyboardInterrupt):
            poll_once(feeds_file, store, fetcher, on_item=crash)
        assert store.count("articles") == 2 and store.feed_state(site.url("/feed.rss")) is None
    with Store(crashed) as store, _fetcher() as fetcher:
        resumed = poll_once(feeds_file, store, fetcher)
        assert resumed.new_entries == 3  # the two stored pages are not fetched again
    assert _dump(crashed) == _dump(tmp_path / "once.db")


@pytest.mark.model
def test_watch_run_takes_page_and_feed_urls_with_files(site, tmp_path):
    with Store(tmp_path / "r.db") as store:
        import veille.ingest.sources as sources

        original = sources.Fetcher
        sources.Fetcher = _fetcher  # no per-host delay in the test
        try:
            summary = run([site.url("/lefaso/aes-moscou"), site.url("/feed.rss"), str(SEED)], store, lang="fr")
        finally:
            sources.Fetcher = original
        assert summary.new_articles == 4  # the feed's copy of the lefaso page and the seed file are known
        assert summary.copies == 1 and len(summary.failures) == 1
        assert store.count("stories") == 1


@pytest.mark.model
def test_watch_command_once(site, feeds_file, tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text("[ingest.web]\nper_host_delay_s = 0\n", "utf-8")
    db = tmp_path / "cli.db"
    env = {**os.environ, "VEILLE_SETTINGS": str(settings)}
    out = subprocess.run([sys.executable, "-m", "veille", "watch", str(feeds_file), "--once", "--db", str(db),
                          "--workers", "1"], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "polled 1 feeds" in out.stdout and "5 new of 5 entries" in out.stdout
    assert "broken-page" in out.stderr
    with Store(db) as store:
        assert store.count("articles") == 4
