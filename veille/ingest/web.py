"""Fetching web pages (and the bytes of feeds) politely and robustly.

One `Fetcher` holds one HTTP client and, for the run, the robots.txt of every host it has visited
and the time of its last request to each host. It sends a clear User-Agent, bounds connect, read
and total time, stops reading at a size limit, follows a bounded number of redirects (checking
each hop's scheme and robots.txt), waits a minimum delay between two requests to the same host,
and sends If-None-Match / If-Modified-Since when given the validators of a previous response.

Nothing here raises for a bad URL, host or page: each problem is a `Failure` with a readable
reason (`[E105] URL: HTTP 500 Internal Server Error`), as for files."""

from __future__ import annotations

import codecs
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from veille.errors import EmptyInput, FetchError, InputError, InputTooLarge, UnreadableInput
from veille.ingest.files import decode_bytes
from veille.ingest.html import article_from_html
from veille.ingest.text import article_from_text
from veille.models import Article, Failure
from veille.settings import Settings, get_settings

__all__ = [
    "Fetcher",
    "Fetched",
    "NotModified",
    "PageContent",
    "extract_page",
    "decode_body",
    "user_agent",
    "PROJECT_URL",
]

PROJECT_URL = "https://github.com/veille-project/veille"
_AGENT_TOKEN = "veille"  # the product token robots.txt groups are matched against
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least the first 500 KiB
_ROBOTS_MAX_REDIRECTS = 5  # RFC 9309: follow at least five
_MAX_CRAWL_DELAY_S = 60.0
_ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/", "model/",
                    "application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument.")
_BINARY_TYPES = frozenset({
    "application/pdf", "application/octet-stream", "application/zip", "application/gzip", "application/x-gzip",
    "application/x-tar", "application/x-bzip2", "application/x-7z-compressed", "application/vnd.rar",
    "application/x-rar-compressed", "application/msword", "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint", "application/wasm", "application/x-shockwave-flash",
})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_SINGLE_BYTE_AS_CP1252 = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252"})


def user_agent(suffix: str = "") -> str:
    """`veille/<version> (+project URL; news event coder)`, then `suffix` (e.g. a contact address)."""
    try:
        version = metadata.version("veille")
    except metadata.PackageNotFoundError:
        version = "dev"
    agent = f"{_AGENT_TOKEN}/{version} (+{PROJECT_URL}; news event coder)"
    return f"{agent} {suffix.strip()}" if suffix.strip() else agent


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful (2xx) response, read whole (within the size limit)."""

    url: str  # final URL, after redirects
    requested: str  # URL asked for
    status: int
    content: bytes
    content_type: str  # media type, lower case, without parameters ("" when not given)
    charset: str | None  # charset parameter of Content-Type, if any
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True, slots=True)
class NotModified:
    """A 304 answer to a conditional GET: the resource has not changed since the given validators."""

    url: str
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True, slots=True)
class PageContent:
    """What the extractor found in a page: main text (paragraphs separated by blank lines), metadata."""

    text: str
    title: str = ""
    published: date | None = None
    author: str = ""
    site_name: str = ""


@dataclass(frozen=True, slots=True)
class _Hop:
    url: str
    status: int
    headers: httpx.Headers
    content: bytes


class Fetcher:
    """A polite HTTP client for pages and feeds: one `httpx.Client`, synchronous, not thread-safe.

    Every argument left to None takes its value from the `[ingest.web]` settings (and `max_bytes`
    from `max_article_bytes`). `clock` and `sleep` measure and wait the per-host delay (tests
    inject fakes). Use as a context manager, or call `close()`."""

    def __init__(
        self,
        *,
        user_agent_suffix: str | None = None,
        connect_timeout_s: float | None = None,
        timeout_s: float | None = None,
        total_timeout_s: float | None = None,
        max_bytes: int | None = None,
        max_redirects: int | None = None,
        per_host_delay_s: float | None = None,
        respect_robots: bool | None = None,
        settings: Settings | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        settings = settings or get_settings()
        web = settings.ingest.web

        def pick(value: Any, default: Any) -> Any:
            return default if value is None else value

        self.user_agent = user_agent(pick(user_agent_suffix, web.user_agent))
        self.timeout_s = float(pick(timeout_s, web.timeout_s))
        self.connect_timeout_s = float(pick(connect_timeout_s, web.connect_timeout_s))
        self.total_timeout_s = float(pick(total_timeout_s, web.total_timeout_s))
        self.max_bytes = int(pick(max_bytes, settings.max_article_bytes))
        self.max_redirects = int(pick(max_redirects, web.max_redirects))
        self.per_host_delay_s = float(pick(per_host_delay_s, web.per_host_delay_s))
        self.respect_robots = bool(pick(respect_robots, web.respect_robots))
        self.min_article_chars = settings.min_article_chars
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}  # host -> clock() at the end of its last request
        self._crawl_delay: dict[str, float] = {}  # host -> robots.txt Crawl-delay
        self._robots: dict[str, tuple[RobotFileParser, str]] = {}  # origin -> (rules, note when unreachable)
        self._client = httpx.Client(
            headers={"User-Agent": self.user_agent},
            timeout=httpx.Timeout(self.timeout_s, connect=self.connect_timeout_s),
            follow_redirects=False,  # followed here, one checked hop at a time
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- fetching -------------------------------------------------------------------------------

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              accept: str = "*/*") -> Fetched | NotModified | Failure:
        """GET `url`: its body (2xx), `NotModified` (304 to a conditional GET), or a `Failure`.

        `etag` / `last_modified` are the ETag and Last-Modified of a previous response; they are
        sent as If-None-Match / If-Modified-Since."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            return self._fetch(url, headers, conditional=bool(etag or last_modified))
        except InputError as exc:
            return Failure(url, str(exc), exc.code)

    def fetch_page(self, url: str, *, language: str | None = None, etag: str | None = None,
                   last_modified: str | None = None) -> Article | NotModified | Failure:
        """The article of the web page at `url`, or `NotModified` (conditional GET), or a `Failure`.

        Main text, title, date and site name come from trafilatura, else from veille's own HTML
        reader; `Article.url` is the final URL after redirects, `source` the site name or the host
        name, `published` the page's date if it gives one, `language` the one given (else None:
        detected when coded)."""
        got = self.fetch(url, etag=etag, last_modified=last_modified, accept=_ACCEPT_PAGE)
        if not isinstance(got, Fetched):
            return got
        return self.page_article(got, language, url)

    def page_article(self, got: Fetched, language: str | None = None, url: str | None = None) -> Article | Failure:
        """The article of a fetched page, or a `Failure` (at `url`, else the final URL)."""
        try:
            return self._article(got, language)
        except InputError as exc:
            return Failure(url or got.url, str(exc), exc.code)

    def _article(self, got: Fetched, language: str | None) -> Article:
        where = got.url
        kind = got.content_type
        if kind and kind not in _HTML_TYPES and kind != "text/plain":
            raise UnreadableInput(f"{where}: not a web page (content type {kind})")
        text = decode_body(got.content, got.charset, where)
        host = _site_of(got.url)
        if kind == "text/plain" or (not kind and not text.lstrip().startswith("<")):
            article = article_from_text(text)
            article = Article(text=article.text, title=article.title, url=got.url, source=article.source or host,
                              published=article.published, language=language)
        else:
            page = extract_page(text, got.url)
            article = Article(text=page.text, title=page.title, url=got.url, source=page.site_name or host,
                              published=page.published, language=language)
        if len(article.text.strip()) < self.min_article_chars:
            raise EmptyInput(f"{where}: no article text found in the page")
        return article

    def _fetch(self, url: str, headers: dict[str, str], conditional: bool) -> Fetched | NotModified:
        seen = [_without_fragment(url)]
        current = seen[0]
        for _ in range(self.max_redirects + 1):
            _check_url(current)
            if self.respect_robots:
                self._check_robots(current)
            hop = self._get(current, headers, limit=self.max_bytes, truncate=False, reject_binary=True)
            if hop.status in _REDIRECTS:
                target = hop.headers.get("location")
                if not target:
                    raise FetchError(f"{current}: HTTP {hop.status} redirect without a Location header")
                current = _without_fragment(urljoin(current, target.strip()))
                if current in seen:
                    raise FetchError(f"{url}: redirect loop ({' -> '.join([*seen, current])})")
                seen.append(current)
                continue
            return self._result(url, hop, conditional)
        raise FetchError(f"{url}: more than {self.max_redirects} redirects ({' -> '.join(seen)})")

    def _result(self, url: str, hop: _Hop, conditional: bool) -> Fetched | NotModified:
        status, headers = hop.status, hop.headers
        if status == 304 and conditional:
            return NotModified(hop.url, headers.get("etag"), headers.get("last-modified"))
        if status in (204, 205):
            raise EmptyInput(f"{hop.url}: HTTP {status}, no content")
        if 200 <= status < 300:
            kind, charset = _content_type(headers)
            return Fetched(url=hop.url, requested=url, status=status, content=hop.content, content_type=kind,
                           charset=charset, etag=headers.get("etag"), last_modified=headers.get("last-modified"))
        reason = httpx.codes.get_reason_phrase(status)
        retry = f" (retry after {headers['retry-after']})" if status in (429, 503) and "retry-after" in headers else ""
        raise FetchError(f"{hop.url}: HTTP {status} {reason}{retry}".rstrip())

    def _get(self, url: str, headers: dict[str, str], *, limit: int, truncate: bool, reject_binary: bool) -> _Hop:
        """One GET, no redirect followed: the body of a 2xx response (at most `limit` bytes: beyond,
        cut when `truncate`, else InputTooLarge), none for other statuses."""
        host = urlsplit(url).hostname or ""
        self._wait_turn(host)
        started = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if not 200 <= response.status_code < 300:
                    return _Hop(url, response.status_code, response.headers, b"")
                kind, _ = _content_type(response.headers)
                if reject_binary and _is_binary_type(kind):
                    raise UnreadableInput(f"{url}: binary content ({kind}), not text")
                declared = response.headers.get("content-length", "")
                if not truncate and declared.isdigit() and int(declared) > limit:
                    raise InputTooLarge(f"{url}: {int(declared):,} bytes, over the limit of {limit:,} bytes")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limit:
                        if truncate:
                            del body[limit:]
                            break
                        raise InputTooLarge(f"{url}: more than the limit of {limit:,} bytes")
                    if time.monotonic() - started > self.total_timeout_s:
                        raise FetchError(f"{url}: too slow, not read in {self.total_timeout_s:g} s")
                return _Hop(url, response.status_code, response.headers, bytes(body))
        except httpx.ConnectTimeout as exc:
            raise FetchError(f"{url}: no connection after {self.connect_timeout_s:g} s") from exc
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url}: timed out (nothing received for {self.timeout_s:g} s)") from exc
        except httpx.ConnectError as exc:
            raise FetchError(f"{url}: cannot connect ({exc or type(exc).__name__})") from exc
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, UnicodeError) as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
        finally:
            self._last_request[host] = self._clock()

    # -- politeness -----------------------------------------------------------------------------

    def _wait_turn(self, host: str) -> None:
        delay = max(self.per_host_delay_s, self._crawl_delay.get(host, 0.0))
        last = self._last_request.get(host)
        if last is not None and delay > 0:
            wait = last + delay - self._clock()
            if wait > 0:
                self._sleep(wait)

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc.lower(), "", "", ""))
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin, parts.hostname or "")
        rules, note = self._robots[origin]
        if not rules.can_fetch(_AGENT_TOKEN, url):
            why = note or f"disallowed by {origin}/robots.txt"
            raise FetchError(f"{url}: {why}")

    def _load_robots(self, origin: str, host: str) -> tuple[RobotFileParser, str]:
        """The rules of `origin`/robots.txt, per RFC 9309: a 4xx (or too many redirects) allows
        everything; a 5xx or a network failure forbids the whole host for this run."""
        rules = RobotFileParser(origin + "/robots.txt")
        current, seen = origin + "/robots.txt", set()
        for _ in range(_ROBOTS_MAX_REDIRECTS + 1):
            seen.add(current)
            try:
                _check_url(current)
                hop = self._get(current, {"Accept": "text/plain,*/*;q=0.5"}, limit=_ROBOTS_MAX_BYTES,
                                truncate=True, reject_binary=False)
            except InputError as exc:
                rules.disallow_all = True
                reason = str(exc).split(": ", 1)[-1]
                return rules, f"{origin}/robots.txt is unreachable ({reason}): host not fetched in this run"
            if hop.status in _REDIRECTS and hop.headers.get("location"):
                current = _without_fragment(urljoin(current, hop.headers["location"].strip()))
                if current in seen:
                    break
                continue
            if 200 <= hop.status < 300:
                rules.parse(hop.content.decode("utf-8", errors="replace").splitlines())
                delay = rules.crawl_delay(_AGENT_TOKEN)
                if delay:
                    self._crawl_delay[host] = min(float(delay), _MAX_CRAWL_DELAY_S)
                return rules, ""
            if 400 <= hop.status < 500:
                rules.allow_all = True
                return rules, ""
            rules.disallow_all = True
            return rules, f"{origin}/robots.txt is unreachable (HTTP {hop.status}): host not fetched in this run"
        rules.allow_all = True
        return rules, ""


# -- page content ------------------------------------------------------------------------------


def extract_page(html: str, url: str | None = None) -> PageContent:
    """Main text and metadata of an HTML page: trafilatura, else veille's own HTML reader when
    trafilatura finds no text (or fails). Raises UnreadableInput for markup neither can read."""
    found = _trafilatura(html, url)
    if found is not None and found.text.strip():
        return found
    article = article_from_html(html, url=url)
    return PageContent(text=article.text, title=article.title, published=article.published,
                       site_name=article.source)


def _trafilatura(html: str, url: str | None) -> PageContent | None:
    import trafilatura  # imported on first use: it takes a while to load

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception:  # any extractor bug: fall back to our own reader
        return None
    if doc is None:
        return None
    paragraphs = [" ".join(line.split()) for line in (doc.text or "").splitlines()]
    published = None
    if doc.date:
        try:
            published = date.fromisoformat(doc.date[:10])
        except ValueError:
            published = None
    site = doc.sitename or ""
    if url and site.lower() == re.sub(r"^(www|w[0-9]+)\.", "", urlsplit(url).netloc.lower()):
        site = ""  # trafilatura's guess from the URL, not the page's: the caller uses the host name
    return PageContent(
        text="\n\n".join(p for p in paragraphs if p),
        title=" ".join((doc.title or "").split()),
        published=published,
        author=doc.author or "",
        site_name=site,
    )


def decode_body(data: bytes, declared: str | None, location: str) -> str:
    """Text of a response body: in the declared charset (the HTTP header, else a <meta charset> or
    an XML declaration) when Python knows it and it decodes the bytes; else as for files (UTF-8,
    else Windows-1252). Valid UTF-8 with non-ASCII characters wins over a declared single-byte
    charset (a frequent server mistake); binary data is refused."""
    codec = _codec(declared) or _codec(_sniffed_charset(data[:4096]))
    if codec and codec.startswith(("utf-16", "utf-32")):
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            raise UnreadableInput(f"{location}: not valid {declared or codec} text") from exc
    if b"\x00" in data[:8192]:
        return decode_bytes(data, location)  # raises: binary
    if codec and codec != "utf-8" and not data.isascii():
        try:
            data.decode("utf-8")
            codec = "utf-8"
        except UnicodeDecodeError:
            pass
    if codec:
        try:
            return data.decode("utf-8-sig" if codec == "utf-8" else codec)
        except UnicodeDecodeError:
            pass
    return decode_bytes(data, location)


# -- helpers -----------------------------------------------------------------------------------


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if codec in _SINGLE_BYTE_AS_CP1252 else codec  # as browsers do (WHATWG)


def _sniffed_charset(head: bytes) -> str | None:
    found = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def _content_type(headers: httpx.Headers) -> tuple[str, str | None]:
    media, _, params = headers.get("content-type", "").partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _is_binary_type(kind: str) -> bool:
    return kind in _BINARY_TYPES or kind.startswith(_BINARY_PREFIXES)


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise FetchError(f"{url}: not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: no host name in the URL")


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _site_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")
