"""`veille watch FEEDS.yaml`: poll feeds, code what is new, store it; again every N minutes.

Restart-safe: each article is stored in its own transaction as soon as it is coded, and a feed's
validators (ETag, Last-Modified) are saved only after its new entries are stored. After a crash
or a kill the next poll fetches the feed again and skips the pages already stored, so nothing is
lost and nothing is stored twice."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path

from veille.errors import UsageError
from veille.ingest.feeds import FeedState, load_feeds, poll_feed
from veille.ingest.sources import entry_articles
from veille.ingest.web import Fetcher
from veille.models import Failure
from veille.pipeline import RunSummary, run_articles
from veille.store import FeedRow, Store

__all__ = ["parse_every", "poll_once", "watch", "PollReport"]

log = logging.getLogger(__name__)

_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")


def parse_every(text: str) -> float:
    """Seconds in "90", "30s", "15m", "1h", "1d"."""
    match = _EVERY.match(text or "")
    if not match:
        raise UsageError(f"--every: expected a duration like 15m, 1h or 90s, got {text!r}")
    value = float(match[1]) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[match[2] or "s"]
    if value < 1:
        raise UsageError("--every: at least 1 second")
    return value


@dataclass
class PollReport:
    feeds: int = 0
    not_modified: int = 0
    entries: int = 0
    new_entries: int = 0
    summary: RunSummary = field(default_factory=RunSummary)
    feed_failures: list[Failure] = field(default_factory=list)


def _state(row: FeedRow | None, url: str) -> FeedState:
    if row is None:
        return FeedState(url)
    checked = datetime.fromisoformat(row.checked_at) if row.checked_at else None
    return FeedState(url, row.etag, row.last_modified, checked, row.error)


def poll_once(feeds_file: str | Path, store: Store, fetcher: Fetcher, workers: int = 1,
              on_item: Callable | None = None) -> PollReport:
    """Poll every feed of the file once; code and store the pages of new entries."""
    report = PollReport()
    for feed in load_feeds(feeds_file):
        report.feeds += 1
        poll = poll_feed(fetcher, feed.url, _state(store.feed_state(feed.url), feed.url))
        new_state = FeedRow(feed.url, feed.name, poll.state.etag, poll.state.last_modified,
                            (poll.state.checked_at or datetime.now(UTC)).isoformat(timespec="seconds"),
                            poll.state.error)
        if poll.failure:
            report.feed_failures.append(poll.failure)
            store.add_failure(poll.failure)
            store.save_feed_state(new_state)
            continue
        if poll.not_modified:
            report.not_modified += 1
            store.save_feed_state(new_state)
            continue
        if poll.warning:
            log.warning("%s: %s", feed.url, poll.warning)
        report.entries += len(poll.entries)
        fresh = [e for e in poll.entries if not store.seen_url(e.url)]
        report.new_entries += len(fresh)
        summary = run_articles(entry_articles(fetcher, fresh, feed.lang, feed.name), store,
                               lang=feed.lang or "auto", on_item=on_item, workers=workers, command="watch")
        _merge(report.summary, summary)
        store.save_feed_state(new_state)  # only now: a crash before this re-polls the same entries
    return report


def _merge(total: RunSummary, part: RunSummary) -> None:
    """Add `part`'s counts and failures to `total` (every field of RunSummary)."""
    for f in fields(RunSummary):
        setattr(total, f.name, getattr(total, f.name) + getattr(part, f.name))


def watch(feeds_file: str | Path, store: Store, every: float, once: bool = False, workers: int = 1,
          fetcher: Fetcher | None = None, report: Callable[[PollReport], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """Poll, then wait `every` seconds, until interrupted (or once)."""
    load_feeds(feeds_file)  # a broken feeds file is an error now, not at the first poll
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        while True:
            started = time.monotonic()
            result = poll_once(feeds_file, store, fetcher, workers)
            if report:
                report(result)
            if once:
                return
            sleep(max(0.0, every - (time.monotonic() - started)))
    finally:
        if own:
            fetcher.close()
