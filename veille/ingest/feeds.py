"""RSS and Atom feeds: the list of feeds to watch (a YAML file), and polling one feed.

The bytes are fetched by a `Fetcher` (conditional GET, robots.txt, per-host delay...) and parsed
by feedparser, which never touches the network here. A feed that cannot be fetched or read gives
a `FeedPoll` whose `failure` says why; nothing raises."""

from __future__ import annotations

import io
import re
from calendar import timegm
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax import SAXParseException

import yaml

from veille.errors import DataFileError, UnreadableInput
from veille.ingest.web import Fetched, Fetcher, NotModified
from veille.models import Failure

__all__ = ["FeedSource", "FeedState", "FeedEntry", "FeedPoll", "load_feeds", "poll_feed", "parse_feed", "FEED_ACCEPT"]

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, "
               "text/xml;q=0.9, */*;q=0.1")
_FEED_KEYS = ("url", "name", "lang")
_LANG = re.compile(r"^[a-z]{2,3}$")
# bozo exceptions that do not make a feed unreadable (a wrong declared encoding or content type)
_BENIGN_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")
# expat's errors for data that ends inside the document: a feed cut short is broken even when
# feedparser's lenient parser recovers some entries
_TRUNCATED = frozenset({"no element found", "unclosed token", "unclosed CDATA section", "partial character"})


@dataclass(frozen=True, slots=True)
class FeedSource:
    """One feed to watch, from the feeds file."""

    url: str
    name: str
    lang: str | None = None  # ISO 639-1 code of its articles; None = detected per article


@dataclass(frozen=True, slots=True)
class FeedState:
    """What is remembered of a feed between two polls."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    checked_at: datetime | None = None  # UTC
    error: str | None = None  # reason of the last poll's failure; None when it succeeded


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: the link to the article page, and what the feed says about it."""

    url: str
    title: str = ""
    published: datetime | None = None  # UTC; the entry's updated date when it gives no published date
    summary: str = ""  # plain text
    id: str = ""  # the entry's guid / Atom id, else its link


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """The result of polling one feed: its entries (none when not modified or failed) and its new state."""

    state: FeedState
    entries: tuple[FeedEntry, ...] = ()
    not_modified: bool = False
    failure: Failure | None = None
    title: str = ""  # the feed's own title
    warning: str = ""  # a malformed feed whose entries could still be read: what was wrong

    @property
    def ok(self) -> bool:
        return self.failure is None


def poll_feed(fetcher: Fetcher, url: str, state: FeedState | None = None) -> FeedPoll:
    """Fetch and parse the feed at `url`, with a conditional GET when `state` (of the same URL)
    holds validators. Entries without an http(s) link are left out; links are made absolute."""
    previous = state if state is not None and state.url == url else FeedState(url)
    now = datetime.now(UTC)
    got = fetcher.fetch(url, etag=previous.etag, last_modified=previous.last_modified, accept=FEED_ACCEPT)
    if isinstance(got, Failure):
        return FeedPoll(replace(previous, checked_at=now, error=got.reason), failure=got)
    if isinstance(got, NotModified):
        new = replace(previous, etag=got.etag or previous.etag,
                      last_modified=got.last_modified or previous.last_modified, checked_at=now, error=None)
        return FeedPoll(new, not_modified=True)
    return parse_feed(url, got, previous, now)


def parse_feed(url: str, got: Fetched, previous: FeedState, now: datetime) -> FeedPoll:
    """The entries of fetched feed bytes (`poll_feed` without the fetching)."""
    import feedparser  # imported on first use

    headers = {"content-location": got.url}
    if got.content_type:
        headers["content-type"] = got.content_type + (f"; charset={got.charset}" if got.charset else "")
    # a file object, never bytes or str: feedparser would open those as a URL or a local path
    parsed = feedparser.parse(io.BytesIO(got.content), response_headers=headers)
    entries = _entries(parsed.get("entries", []))
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    serious = problem is not None and type(problem).__name__ not in _BENIGN_BOZO
    if not parsed.get("version") or (serious and (not entries or _cut_short(problem))):
        if parsed.get("version"):
            why = f"broken feed ({_describe(problem)})"
        else:
            details = [f"content type {got.content_type}"] if got.content_type else []
            details += [_describe(problem)] if problem else []
            why = "not an RSS or Atom feed" + (f" ({'; '.join(details)})" if details else "")
        if got.url != url:
            why += f" at {got.url}"
        error = UnreadableInput(f"{url}: {why}")
        failure = Failure(url, str(error), error.code)
        return FeedPoll(replace(previous, checked_at=now, error=failure.reason), failure=failure)
    new = FeedState(url, etag=got.etag, last_modified=got.last_modified, checked_at=now, error=None)
    return FeedPoll(new, entries=entries, title=_field(parsed.get("feed", {}), "title"),
                    warning=f"malformed feed, entries read leniently ({_describe(problem)})" if serious else "")


def _entries(raw: list[Any]) -> tuple[FeedEntry, ...]:
    seen: set[str] = set()
    entries = []
    for item in raw:
        link = (item.get("link") or "").strip()
        if urlsplit(link).scheme.lower() not in ("http", "https") or link in seen:
            continue
        seen.add(link)
        when = item.get("published_parsed") or item.get("updated_parsed")
        entries.append(FeedEntry(
            url=link,
            title=_field(item, "title"),
            published=datetime.fromtimestamp(timegm(when), UTC) if when else None,
            summary=_field(item, "summary"),
            id=str(item.get("id") or link),
        ))
    return tuple(entries)


def _field(item: Any, name: str) -> str:
    """Plain text of a feed field: feedparser gives text, or sanitized HTML (per its `_detail`)."""
    value = str(item.get(name) or "")
    kind = (item.get(f"{name}_detail") or {}).get("type", "text/html")
    return _text(value) if "html" in kind else " ".join(value.split())


def _text(html: str) -> str:
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    import lxml.html
    from lxml import etree

    try:
        text = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    except (etree.ParserError, ValueError):
        text = re.sub(r"<[^>]*>", " ", html)
    return " ".join(text.split())


def _cut_short(problem: BaseException) -> bool:
    """Whether the XML error is the end of the data inside the document (a truncated feed)."""
    message = problem.getMessage() if isinstance(problem, SAXParseException) else ""
    return message in _TRUNCATED


def _describe(problem: BaseException | None) -> str:
    if isinstance(problem, SAXParseException):
        return f"line {problem.getLineNumber()}, column {problem.getColumnNumber()}: {problem.getMessage()}"
    message = str(problem) if problem is not None else ""
    return message.split("\n")[0] or type(problem).__name__


# -- the feeds file ------------------------------------------------------------------------------


def load_feeds(path: str | Path) -> list[FeedSource]:
    """The feeds of a YAML file: a list of `{url: ..., name: ..., lang: fr}` (`name` and `lang`
    optional; a bare URL string is allowed), or a mapping with that list under `feeds:`.
    Raises DataFileError naming the file, the entry and the problem."""
    where = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise DataFileError(f"{where}: cannot read the feeds file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{where}: the feeds file is not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        raise DataFileError(f"{where}: not valid YAML{line}: {getattr(exc, 'problem', None) or exc}") from exc
    if isinstance(data, dict):
        if set(data) != {"feeds"}:
            raise DataFileError(f"{where}: a mapping must have exactly one key, 'feeds' (found: "
                                f"{', '.join(map(str, data)) or 'none'})")
        data = data["feeds"]
    if not isinstance(data, list):
        raise DataFileError(f"{where}: expected a list of feeds (or 'feeds:' and a list), got {_kind(data)}")
    feeds: list[FeedSource] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(data, start=1):
        feed = _feed(item, f"{where}: feed {number}")
        if feed.url in seen:
            raise DataFileError(f"{where}: feed {number}: {feed.url} is already feed {seen[feed.url]}")
        seen[feed.url] = number
        feeds.append(feed)
    return feeds


def _feed(item: Any, where: str) -> FeedSource:
    if isinstance(item, str):
        item = {"url": item}
    if not isinstance(item, dict):
        raise DataFileError(f"{where}: expected a mapping with 'url' (and 'name', 'lang'), got {_kind(item)}")
    unknown = [str(k) for k in item if k not in _FEED_KEYS]
    if unknown:
        raise DataFileError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(_FEED_KEYS)})")
    url = item.get("url")
    if not isinstance(url, str) or not url.strip():
        raise DataFileError(f"{where}: 'url' is required (a string)")
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise DataFileError(f"{where}: 'url' {url!r} is not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise DataFileError(f"{where}: 'url' must be an http:// or https:// URL, got {url!r}")
    name = item.get("name")
    if name is not None and not isinstance(name, str):
        raise DataFileError(f"{where}: 'name' must be a string, got {_kind(name)}")
    lang = item.get("lang")
    if lang is not None and (not isinstance(lang, str) or not _LANG.match(lang)):
        raise DataFileError(f"{where}: 'lang' must be a language code such as fr or en, got {lang!r}")
    return FeedSource(url=url, name=(name or "").strip() or parts.hostname, lang=lang)


def _kind(value: Any) -> str:
    return "nothing" if value is None else f"a {type(value).__name__}"
