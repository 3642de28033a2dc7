"""Any mix of inputs: files, folders, standard input, web pages and feeds by URL.

A URL is fetched once (politely: robots.txt, per-host delay, size and time limits, see
`veille.ingest.web`); when it answers with an RSS or Atom feed, each entry's page is fetched in
turn (pages a store already holds are skipped), otherwise the page itself is the article."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime

from veille.ingest.feeds import FEED_ACCEPT, FeedEntry, FeedState, parse_feed
from veille.ingest.files import read_inputs
from veille.ingest.web import Fetched, Fetcher, NotModified
from veille.models import Article, Failure

__all__ = ["is_url", "read_sources", "read_url", "entry_articles"]


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _looks_like_feed(got: Fetched) -> bool:
    kind = got.content_type or ""
    if any(k in kind for k in ("rss", "atom", "rdf")):
        return True
    head = got.content[:1024].lstrip().lower()
    return (kind in ("", "application/xml", "text/xml") or head.startswith(b"<?xml")) and any(
        tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def entry_articles(fetcher: Fetcher, entries: Iterable[FeedEntry], language: str | None = None,
                   source: str = "", skip: Callable[[str], bool] | None = None) -> Iterator[Article | Failure]:
    """The pages of feed entries; the entry's date and the feed's name fill what a page lacks."""
    for entry in entries:
        if skip and skip(entry.url):
            continue
        page = fetcher.fetch_page(entry.url, language=language)
        if isinstance(page, NotModified):  # not asked for: no validators sent
            continue
        if isinstance(page, Article):
            published = page.published or (entry.published.date() if entry.published else None)
            page = dataclasses.replace(page, published=published, title=page.title or entry.title,
                                       source=page.source or source)
        yield page


def read_url(url: str, fetcher: Fetcher, skip: Callable[[str], bool] | None = None,
             published: date | None = None) -> Iterator[Article | Failure]:
    """A page (one article) or a feed (the articles of its entries) at `url`."""
    got = fetcher.fetch(url, accept=FEED_ACCEPT.replace("*/*;q=0.1", "text/html;q=0.8, */*;q=0.1"))
    if isinstance(got, Failure):
        yield got
        return
    if isinstance(got, NotModified):
        return
    if _looks_like_feed(got):
        poll = parse_feed(url, got, FeedState(url), datetime.now(UTC))
        if poll.failure:
            yield poll.failure
            return
        yield from entry_articles(fetcher, poll.entries, source=poll.title, skip=skip)
        return
    article = fetcher.page_article(got, url=url)
    if isinstance(article, Failure):
        yield article
        return
    if published and not article.published:
        article = dataclasses.replace(article, published=published)
    yield article


def read_sources(inputs: Iterable[str], published: date | None = None, fetcher: Fetcher | None = None,
                 skip: Callable[[str], bool] | None = None) -> Iterator[Article | Failure]:
    """Articles (or failures) from each input, in order: URLs are fetched (one `Fetcher`, made
    on first use unless given), everything else is read by `read_inputs`. `skip(url)` tells
    which feed entries need no fetching (already stored)."""
    own = None
    try:
        for given in inputs:
            if is_url(given):
                if fetcher is None:
                    fetcher = own = Fetcher()
                yield from read_url(given, fetcher, skip, published)
            else:
                yield from read_inputs([given], published)
    finally:
        if own is not None:
            own.close()
