"""Fetching pages and feeds (veille.ingest.web, veille.ingest.feeds) against loopback HTTP servers
that the tests start themselves: no network. Time-dependent behaviour (the per-host delay) is
checked with an injected clock, never by measuring time."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from veille.errors import DataFileError
from veille.ingest.feeds import FeedSource, FeedState, load_feeds, poll_feed
from veille.ingest.web import PROJECT_URL, Fetched, Fetcher, NotModified, decode_body, extract_page, user_agent
from veille.models import Article, Failure
from veille.settings import load_settings

PARAGRAPHS = [
    "Le Niger et le Burkina Faso ont signé lundi à Niamey un accord de coopération militaire qui prévoit "
    "des patrouilles conjointes le long de leur frontière commune, a annoncé le ministère nigérien de la Défense.",
    "Selon le communiqué publié à l'issue de la rencontre, les deux ministres de la Défense se sont engagés à "
    "partager leurs renseignements et à coordonner leurs opérations contre les groupes armés de la région.",
    "Le texte prévoit également la création d'un état-major commun installé à Niamey, qui devrait être "
    "opérationnel avant la fin de l'année, ainsi qu'un programme de formation des officiers des deux armées.",
    "Les deux pays, membres de l'Alliance des États du Sahel avec le Mali, avaient annoncé en janvier leur "
    "retrait de la Communauté économique des États de l'Afrique de l'Ouest.",
]
BOILERPLATE = ("Tous droits réservés", "Lire aussi", "Accueil", "Inscrivez-vous à notre newsletter")


def article_html(charset_meta: str = '<meta charset="utf-8">',
                 title: str = "Niger : un accord de défense signé") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!doctype html>
<html lang="fr"><head>{charset_meta}
<title>{title} | Le Sahel Test</title>
<meta property="og:site_name" content="Le Sahel Test">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2025-05-12T09:30:00+00:00">
<meta name="author" content="Awa Traoré">
</head><body>
<header><nav><ul><li><a href="/">Accueil</a></li><li><a href="/politique">Politique</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<aside><p><a href="/foot">Lire aussi : les résultats du championnat de football</a></p></aside>
<main><article><h1>{title}</h1>
{body}
</article></main>
<div class="newsletter"><p>Inscrivez-vous à notre newsletter</p></div>
<footer><p>© 2025 Le Sahel Test. Tous droits réservés. Mentions légales. Contact.</p></footer>
</body></html>"""


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Le Sahel Test – Politique</title><link>{base}/</link>
<description>Actualités</description>
<item><title>Niger : un accord de défense signé</title><link>{base}/article.html</link>
<guid isPermaLink="false">sahel-1</guid><pubDate>Mon, 12 May 2025 11:30:00 +0200</pubDate>
<description>&lt;p&gt;Le Niger et le &lt;b&gt;Burkina Faso&lt;/b&gt; ont signé un accord.&lt;/p&gt;</description></item>
<item><title>Mali : réunion à Bamako</title><link>/mali.html</link><description>Une réunion.</description></item>
<item><title>Sans lien</title><description>Pas de lien.</description></item>
</channel></rss>"""


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Sahel Atom</title><id>urn:sahel</id>
<updated>2025-05-12T10:00:00Z</updated>
<entry><title type="html">Niger &lt;b&gt;accord&lt;/b&gt;</title>
<link rel="alternate" href="{base}/article.html"/><link rel="enclosure" href="{base}/photo.png"/>
<id>urn:sahel:1</id><published>2025-05-12T09:30:00Z</published><updated>2025-05-13T08:00:00Z</updated>
<summary>Un accord de défense.</summary></entry>
<entry><title>Deuxième</title><link href="page-2.html"/><id>urn:sahel:2</id>
<updated>2025-05-11T08:00:00Z</updated></entry>
</feed>"""


ATOM_MODIFIED = "Mon, 12 May 2025 10:00:00 GMT"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


class Site:
    """A loopback HTTP server: `routes` maps a path to a function (site, request headers) ->
    (status, headers, body); a body may be a list of chunks, sent with a pause between them."""

    def __init__(self, robots: str | int | None = "User-agent: *\nDisallow: /private/\n") -> None:
        self.robots = robots
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stop = threading.Event()
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.site = self
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.routes = _routes()
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def headers_of(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site

    def handle_error(self, request, client_address):  # a client that gave up: not the test's business
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def do_GET(self):  # noqa: N802 - the base class's name
        site = self.server.site
        path = self.path.split("?")[0]
        headers = {k.lower(): v for k, v in self.headers.items()}
        site.requests.append((path, headers))
        route = site.routes.get(path) or _prefix_route(site, path)
        status, extra, body = route(site, headers) if route else (404, {"Content-Type": "text/plain"}, b"not found")
        try:
            self.send_response(status)
            chunks = body if isinstance(body, list) else [body]
            if not isinstance(body, list) and "Content-Length" not in extra and not extra.pop("_no_length", False):
                self.send_header("Content-Length", str(len(body)))
            extra.pop("_no_length", None)
            for key, value in extra.items():
                self.send_header(key, value)
            self.end_headers()
            for i, chunk in enumerate(chunks):
                if i and site.stop.wait(0.1):
                    return
                self.wfile.write(chunk)
                self.wfile.flush()
        except OSError:
            pass


def _html(text: str, charset: str = "utf-8", extra: dict | None = None) -> tuple[int, dict, bytes]:
    return 200, {"Content-Type": f"text/html; charset={charset}", **(extra or {})}, text.encode(charset)


def _page(site: Site, headers: dict) -> tuple[int, dict, bytes]:
    if headers.get("if-none-match") == '"v1"':
        return 304, {"ETag": '"v1"'}, b""
    return _html(article_html(), extra={"ETag": '"v1"'})


def _redirect(target: str, status: int = 302):
    return lambda site, headers: (status, {"Location": target}, b"")


def _robots(site: Site, headers: dict) -> tuple[int, dict, bytes]:
    if site.robots is None:
        return 404, {"Content-Type": "text/plain"}, b"no robots here"
    if isinstance(site.robots, int):
        return site.robots, {"Content-Type": "text/plain"}, b"server error"
    return 200, {"Content-Type": "text/plain"}, site.robots.encode()


def _slow(site: Site, headers: dict) -> tuple[int, dict, bytes]:
    site.stop.wait(5)  # no answer for 5 s (cut short when the test ends)
    return _html(article_html())


def _feed_rss(site: Site, headers: dict) -> tuple[int, dict, bytes]:
    if headers.get("if-none-match") == '"rss-1"':
        return 304, {"ETag": '"rss-1"'}, b""
    return 200, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": '"rss-1"'}, rss(site.base).encode()


def _feed_atom(site: Site, headers: dict) -> tuple[int, dict, bytes]:
    if headers.get("if-modified-since") == ATOM_MODIFIED:
        return 304, {}, b""
    return 200, {"Content-Type": "application/atom+xml", "Last-Modified": ATOM_MODIFIED}, atom(site.base).encode()


def _routes() -> dict:
    big = ("<html><body>" + ("<p>" + "x" * 1000 + "</p>") * 200 + "</body></html>").encode()
    french = article_html(title="Élysée : le président reçoit").replace('<meta charset="utf-8">', "")
    return {
        "/robots.txt": _robots,
        "/article.html": _page,
        "/private/page.html": lambda site, h: _html(article_html()),
        "/old": _redirect("/article.html", 301),
        "/loop-a": _redirect("/loop-b"),
        "/loop-b": _redirect("/loop-a"),
        "/to-ftp": _redirect("ftp://127.0.0.1/article.html"),
        "/to-private": _redirect("/private/page.html"),
        "/slow": _slow,
        "/drip": lambda site, h: (200, {"Content-Type": "text/html"}, [b"<p>drip</p>"] * 50),
        "/error": lambda site, h: (500, {"Content-Type": "text/plain"}, b"boom"),
        "/busy": lambda site, h: (503, {"Retry-After": "120"}, b""),
        "/big": lambda site, h: (200, {"Content-Type": "text/html"}, big),
        "/big-stream": lambda site, h: (200, {"Content-Type": "text/html", "_no_length": True}, big),
        "/image.png": lambda site, h: (200, {"Content-Type": "image/png"}, PNG),
        "/file.bin": lambda site, h: (200, {"Content-Type": "application/octet-stream"}, PNG),
        "/nul.html": lambda site, h: (200, {"Content-Type": "text/html"}, b"<html>\x00\x00\x00" + PNG),
        "/data.json": lambda site, h: (200, {"Content-Type": "application/json"}, b'{"a": 1}'),
        "/note.txt": lambda site, h: (200, {"Content-Type": "text/plain; charset=utf-8"},
                                     ("Accord au Sahel\n\n" + PARAGRAPHS[0]).encode()),
        "/empty.html": lambda site, h: _html("<html><head><title>Vide</title></head>"
                                             "<body><nav>Menu</nav></body></html>"),
        # declared UTF-8, sent in Windows-1252
        "/cp1252-as-utf8.html": lambda site, h: (200, {"Content-Type": "text/html; charset=utf-8"},
                                                 french.encode("cp1252")),
        # declared ISO-8859-1, sent in UTF-8
        "/utf8-as-latin1.html": lambda site, h: (200, {"Content-Type": "text/html; charset=iso-8859-1"},
                                                 french.encode("utf-8")),
        # no charset in the header, a <meta charset> naming Windows-1252
        "/meta-cp1252.html": lambda site, h: (200, {"Content-Type": "text/html"}, article_html(
            charset_meta='<meta charset="windows-1252">', title="Élysée : le président reçoit").encode("cp1252")),
        "/unknown-charset.html": lambda site, h: (200, {"Content-Type": "text/html; charset=x-nonsense"},
                                                  french.encode("utf-8")),
        "/feed.rss": _feed_rss,
        "/feed.atom": _feed_atom,
        "/broken.rss": lambda site, h: (200, {"Content-Type": "application/rss+xml"},  # cut short
                                        rss(site.base).split("&lt;b&gt;")[0].encode()),
        "/sloppy.rss": lambda site, h: (200, {"Content-Type": "application/rss+xml"},
                                        rss(site.base).replace("Actualités", "Actualités & débats").encode()),
        "/not-a-feed.xml": lambda site, h: _html(article_html()),
    }


def _prefix_route(site: Site, path: str):
    if path.startswith("/hop/"):  # /hop/N redirects N times before the article
        n = int(path.rsplit("/", 1)[1])
        return _redirect(f"/hop/{n - 1}") if n > 0 else _page
    return None


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """httpx honours proxy variables: the loopback servers must be reached directly."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


@pytest.fixture
def make_site():
    sites: list[Site] = []

    def make(**kwargs) -> Site:
        sites.append(Site(**kwargs))
        return sites[-1]

    yield make
    for s in sites:
        s.close()


@pytest.fixture
def fetcher():
    with Fetcher(per_host_delay_s=0, connect_timeout_s=2, timeout_s=2, total_timeout_s=10, max_bytes=100_000,
                 respect_robots=True, max_redirects=5) as f:
        yield f


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def _failure(result, code: str, *fragments: str) -> Failure:
    assert isinstance(result, Failure), result
    assert result.code == code, result
    assert result.reason.startswith(f"[{code}] "), result.reason
    for fragment in fragments:
        assert fragment in result.reason, result.reason
    return result


# -- pages -------------------------------------------------------------------------------------


def test_web_page_main_text_metadata_and_polite_headers(site, fetcher):
    article = fetcher.fetch_page(site.url("/article.html"))
    assert isinstance(article, Article), article
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    for noise in BOILERPLATE:
        assert noise not in article.text
    assert article.text.count("\n\n") >= len(PARAGRAPHS) - 1  # paragraphs stay paragraphs
    assert article.title == "Niger : un accord de défense signé"
    assert article.source == "Le Sahel Test"
    assert article.published == date(2025, 5, 12)
    assert article.url == site.url("/article.html")
    assert article.path is None and article.language is None
    assert site.paths() == ["/robots.txt", "/article.html"]
    agent = site.headers_of("/article.html")[0]["user-agent"]
    assert agent.startswith("veille/") and f"(+{PROJECT_URL}; news event coder)" in agent
    assert "if-none-match" not in site.headers_of("/article.html")[0]


def test_web_page_language_given_is_kept(site, fetcher):
    article = fetcher.fetch_page(site.url("/article.html"), language="fr")
    assert isinstance(article, Article) and article.language == "fr"


def test_web_extract_page_gives_author_and_site(site):
    page = extract_page(article_html(), "https://www.example.org/a.html")
    assert page.author == "Awa Traoré"
    assert page.site_name == "Le Sahel Test"
    assert page.published == date(2025, 5, 12)


def test_web_page_falls_back_to_own_reader_when_trafilatura_finds_nothing(site, fetcher, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    article = fetcher.fetch_page(site.url("/article.html"))
    assert isinstance(article, Article), article
    assert PARAGRAPHS[0] in article.text
    assert "Tous droits réservés" not in article.text  # the footer is dropped by the own reader too
    assert article.title == "Niger : un accord de défense signé | Le Sahel Test"  # <title> as is
    assert article.source == "Le Sahel Test" and article.published == date(2025, 5, 12)


def test_web_page_falls_back_when_trafilatura_fails(site, fetcher, monkeypatch):
    import trafilatura

    def broken(*args, **kwargs):
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    article = fetcher.fetch_page(site.url("/article.html"))
    assert isinstance(article, Article) and PARAGRAPHS[1] in article.text


def test_web_page_without_text_is_empty(site, fetcher):
    _failure(fetcher.fetch_page(site.url("/empty.html")), "E102", "no article text")


def test_web_plain_text_page_and_non_page_types(site, fetcher):
    note = fetcher.fetch_page(site.url("/note.txt"))
    assert isinstance(note, Article) and note.title == "Accord au Sahel" and note.text == PARAGRAPHS[0]
    assert note.source == "127.0.0.1"
    _failure(fetcher.fetch_page(site.url("/data.json")), "E101", "not a web page (content type application/json)")


def test_web_conditional_get_gives_not_modified(site, fetcher):
    first = fetcher.fetch(site.url("/article.html"))
    assert isinstance(first, Fetched) and first.etag == '"v1"' and first.status == 200
    again = fetcher.fetch_page(site.url("/article.html"), etag=first.etag)
    assert again == NotModified(site.url("/article.html"), '"v1"', None)
    assert site.headers_of("/article.html")[-1]["if-none-match"] == '"v1"'
    changed = fetcher.fetch_page(site.url("/article.html"), etag='"v0"')
    assert isinstance(changed, Article)


# -- redirects ---------------------------------------------------------------------------------


def test_web_redirect_gives_final_url(site, fetcher):
    article = fetcher.fetch_page(site.url("/old"))
    assert isinstance(article, Article) and article.url == site.url("/article.html")
    got = fetcher.fetch(site.url("/old"))
    assert isinstance(got, Fetched) and got.requested == site.url("/old") and got.url == site.url("/article.html")


def test_web_redirect_loop_fails(site, fetcher):
    _failure(fetcher.fetch_page(site.url("/loop-a")), "E105", "redirect loop", "/loop-b")
    assert site.paths().count("/loop-a") == 1


def test_web_redirects_are_bounded(site, fetcher):
    _failure(fetcher.fetch_page(site.url("/hop/6")), "E105", "more than 5 redirects")
    assert isinstance(fetcher.fetch_page(site.url("/hop/5")), Article)


def test_web_redirect_hops_are_checked(site, fetcher):
    _failure(fetcher.fetch_page(site.url("/to-ftp")), "E105", "only http and https")
    _failure(fetcher.fetch_page(site.url("/to-private")), "E105", "disallowed by", "robots.txt")
    assert "/private/page.html" not in site.paths()


# -- failing hosts -----------------------------------------------------------------------------


def test_web_slow_host_times_out(site):
    with Fetcher(per_host_delay_s=0, connect_timeout_s=0.5, timeout_s=0.5, respect_robots=False) as fast:
        _failure(fast.fetch_page(site.url("/slow")), "E105", "timed out")


def test_web_trickling_response_hits_the_total_time_limit(site):
    with Fetcher(per_host_delay_s=0, timeout_s=2, total_timeout_s=0.3, respect_robots=False) as f:
        _failure(f.fetch(site.url("/drip")), "E105", "too slow")


def test_web_http_errors_fail(site, fetcher):
    _failure(fetcher.fetch_page(site.url("/error")), "E105", "HTTP 500 Internal Server Error")
    _failure(fetcher.fetch_page(site.url("/busy")), "E105", "HTTP 503 Service Unavailable (retry after 120)")
    _failure(fetcher.fetch_page(site.url("/missing")), "E105", "HTTP 404 Not Found")


def test_web_refused_connection_fails(fetcher):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    url = f"http://127.0.0.1:{port}/a.html"
    with Fetcher(per_host_delay_s=0, respect_robots=False) as f:
        _failure(f.fetch_page(url), "E105", "cannot connect")
    _failure(fetcher.fetch_page(url), "E105", "robots.txt is unreachable")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/a", "file:///etc/passwd", "javascript:alert(1)", "http:///path",
                                 "http://127.0.0.1:99999/"])
def test_web_only_http_and_https_urls(fetcher, url):
    _failure(fetcher.fetch(url), "E105")


# -- robots.txt --------------------------------------------------------------------------------


def test_web_robots_disallowed_path_is_not_requested(site, fetcher):
    _failure(fetcher.fetch_page(site.url("/private/page.html")), "E105", "disallowed by", "/robots.txt")
    assert isinstance(fetcher.fetch_page(site.url("/article.html")), Article)
    assert isinstance(fetcher.fetch(site.url("/old")), Fetched)
    assert "/private/page.html" not in site.paths()
    assert site.paths().count("/robots.txt") == 1  # cached for the host


def test_web_robots_can_be_ignored(site):
    with Fetcher(per_host_delay_s=0, respect_robots=False) as f:
        assert isinstance(f.fetch_page(site.url("/private/page.html")), Article)
    assert "/robots.txt" not in site.paths()


def test_web_robots_for_our_agent(make_site, fetcher):
    site = make_site(robots="User-agent: veille\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    _failure(fetcher.fetch_page(site.url("/article.html")), "E105", "disallowed by")


def test_web_missing_robots_allows_everything(make_site, fetcher):
    site = make_site(robots=None)  # 404
    assert isinstance(fetcher.fetch_page(site.url("/private/page.html")), Article)


@pytest.mark.parametrize("status", [500, 503])
def test_web_failing_robots_forbids_the_host(make_site, fetcher, status):
    site = make_site(robots=status)
    _failure(fetcher.fetch_page(site.url("/article.html")), "E105", f"robots.txt is unreachable (HTTP {status})")
    _failure(fetcher.fetch(site.url("/feed.rss")), "E105", "unreachable")
    assert site.paths() == ["/robots.txt"]


# -- limits and content ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/big", "/big-stream"])  # with and without Content-Length
def test_web_oversized_response_fails(site, fetcher, path):
    _failure(fetcher.fetch_page(site.url(path)), "E103", "limit of 100,000 bytes")
    with Fetcher(per_host_delay_s=0, max_bytes=1_000_000, respect_robots=False) as roomy:
        got = roomy.fetch(site.url(path))
        assert isinstance(got, Fetched) and len(got.content) > 100_000


@pytest.mark.parametrize(("path", "fragment"), [("/image.png", "binary content (image/png)"),
                                                 ("/file.bin", "binary content (application/octet-stream)"),
                                                 ("/nul.html", "binary")])
def test_web_binary_response_fails(site, fetcher, path, fragment):
    _failure(fetcher.fetch_page(site.url(path)), "E101", fragment)


@pytest.mark.parametrize("path", ["/cp1252-as-utf8.html", "/utf8-as-latin1.html", "/meta-cp1252.html",
                                  "/unknown-charset.html"])
def test_web_wrong_or_missing_charset_is_decoded(site, fetcher, path):
    article = fetcher.fetch_page(site.url(path))
    assert isinstance(article, Article), article
    assert article.title == "Élysée : le président reçoit"
    assert "à Niamey" in article.text and "Ã" not in article.text


def test_web_decode_body():
    assert decode_body("Élysée".encode("cp1252"), "utf-8", "x") == "Élysée"
    assert decode_body("Élysée".encode(), "iso-8859-1", "x") == "Élysée"
    assert decode_body("Élysée".encode("cp1252"), "iso-8859-1", "x") == "Élysée"
    assert decode_body("Élysée".encode("utf-16"), "utf-16", "x") == "Élysée"
    assert decode_body("Привет".encode("koi8-r"), "koi8-r", "x") == "Привет"
    assert decode_body(b'<meta charset="koi8-r">' + "Привет".encode("koi8-r"), None, "x").endswith("Привет")
    assert decode_body("\ufeffÉté".encode(), None, "x") == "Été"


# -- politeness --------------------------------------------------------------------------------


def test_web_per_host_delay_waits_between_requests(site):
    fake = FakeClock()
    with Fetcher(per_host_delay_s=5, respect_robots=False, clock=fake.clock, sleep=fake.sleep) as f:
        assert isinstance(f.fetch(site.url("/article.html")), Fetched)
        assert fake.sleeps == []
        assert isinstance(f.fetch(site.url("/article.html")), Fetched)
        assert fake.sleeps == [5.0]
        fake.now += 2
        f.fetch(site.url("/error"))  # a failed request counts too
        assert fake.sleeps == [5.0, 3.0]
        fake.now += 10
        f.fetch(site.url("/article.html"))
        assert fake.sleeps == [5.0, 3.0]


def test_web_redirect_hops_wait_their_turn(site):
    fake = FakeClock()
    with Fetcher(per_host_delay_s=2, respect_robots=False, clock=fake.clock, sleep=fake.sleep) as f:
        assert isinstance(f.fetch(site.url("/hop/2")), Fetched)
    assert fake.sleeps == [2.0, 2.0]


def test_web_robots_crawl_delay_raises_the_delay(make_site):
    site = make_site(robots="User-agent: *\nCrawl-delay: 3\n")
    fake = FakeClock()
    with Fetcher(per_host_delay_s=0.5, clock=fake.clock, sleep=fake.sleep) as f:
        assert isinstance(f.fetch(site.url("/article.html")), Fetched)
        assert site.paths() == ["/robots.txt", "/article.html"]
        assert fake.sleeps == [3.0]  # between robots.txt and the page


def test_web_user_agent():
    assert user_agent().endswith(f" (+{PROJECT_URL}; news event coder)")
    assert user_agent().split(" ")[0].split("/")[1] not in ("", "dev")  # the installed version
    assert user_agent(" contact: a@b.org ").endswith("news event coder) contact: a@b.org")


# -- feeds -------------------------------------------------------------------------------------


def test_feed_rss_entries_and_state(site, fetcher):
    poll = poll_feed(fetcher, site.url("/feed.rss"))
    assert poll.ok and not poll.not_modified and poll.warning == ""
    assert poll.title == "Le Sahel Test – Politique"
    first, second = poll.entries  # the item without a link is left out
    assert first.url == site.url("/article.html") and first.id == "sahel-1"
    assert first.title == "Niger : un accord de défense signé"
    assert first.published == datetime(2025, 5, 12, 9, 30, tzinfo=UTC)
    assert first.summary == "Le Niger et le Burkina Faso ont signé un accord."
    assert second.url == site.url("/mali.html") and second.published is None and second.id == second.url
    assert poll.state.url == site.url("/feed.rss") and poll.state.etag == '"rss-1"'
    assert poll.state.error is None and poll.state.checked_at is not None
    assert site.paths() == ["/robots.txt", "/feed.rss"]  # feedparser fetched nothing itself


def test_feed_conditional_get_not_modified(site, fetcher):
    first = poll_feed(fetcher, site.url("/feed.rss"))
    again = poll_feed(fetcher, site.url("/feed.rss"), first.state)
    assert again.ok and again.not_modified and again.entries == ()
    assert again.state.etag == '"rss-1"' and again.state.checked_at >= first.state.checked_at
    assert site.headers_of("/feed.rss")[-1]["if-none-match"] == '"rss-1"'
    other = poll_feed(fetcher, site.url("/feed.rss"), FeedState(site.url("/other.rss"), etag='"rss-1"'))
    assert not other.not_modified and len(other.entries) == 2  # another feed's validators are not sent


def test_feed_atom_entries_and_if_modified_since(site, fetcher):
    poll = poll_feed(fetcher, site.url("/feed.atom"))
    assert poll.ok and poll.title == "Sahel Atom"
    first, second = poll.entries
    assert first.url == site.url("/article.html") and first.id == "urn:sahel:1"
    assert first.title == "Niger accord"  # an HTML title, as text
    assert first.published == datetime(2025, 5, 12, 9, 30, tzinfo=UTC)
    assert first.summary == "Un accord de défense."
    assert second.url == site.url("/page-2.html")  # relative link resolved against the feed URL
    assert second.published == datetime(2025, 5, 11, 8, 0, tzinfo=UTC)  # updated, for want of published
    assert poll.state.last_modified == ATOM_MODIFIED and poll.state.etag is None
    again = poll_feed(fetcher, site.url("/feed.atom"), poll.state)
    assert again.not_modified and again.state.last_modified == ATOM_MODIFIED
    assert site.headers_of("/feed.atom")[-1]["if-modified-since"] == ATOM_MODIFIED


def test_feed_broken_is_a_failure_not_an_exception(site, fetcher):
    state = FeedState(site.url("/broken.rss"), etag='"old"')
    poll = poll_feed(fetcher, site.url("/broken.rss"), state)
    assert not poll.ok and poll.entries == ()
    _failure(poll.failure, "E101", "broken feed (line 6, column ")
    assert poll.state.error == poll.failure.reason and poll.state.etag == '"old"'
    html = poll_feed(fetcher, site.url("/not-a-feed.xml"))
    _failure(html.failure, "E101", "not an RSS or Atom feed (content type text/html")


def test_feed_sloppy_xml_is_read_leniently(site, fetcher):
    poll = poll_feed(fetcher, site.url("/sloppy.rss"))
    assert poll.ok and len(poll.entries) == 2
    assert poll.warning.startswith("malformed feed, entries read leniently")


def test_feed_fetch_failure_keeps_the_validators(site, fetcher):
    state = FeedState(site.url("/error"), etag='"e"', last_modified=ATOM_MODIFIED)
    poll = poll_feed(fetcher, site.url("/error"), state)
    _failure(poll.failure, "E105", "HTTP 500")
    assert poll.state.etag == '"e"' and poll.state.last_modified == ATOM_MODIFIED
    assert poll.state.error == poll.failure.reason and poll.state.checked_at is not None


# -- the feeds file ----------------------------------------------------------------------------


def test_load_feeds_list_and_mapping(tmp_path):
    listed = tmp_path / "feeds.yaml"
    listed.write_text("- {url: 'https://www.example.org/rss', name: Exemple, lang: fr}\n"
                      "- url: https://news.example.com/atom.xml\n"
                      "- https://bare.example.net/feed\n", "utf-8")
    assert load_feeds(listed) == [
        FeedSource("https://www.example.org/rss", "Exemple", "fr"),
        FeedSource("https://news.example.com/atom.xml", "news.example.com", None),
        FeedSource("https://bare.example.net/feed", "bare.example.net", None),
    ]
    mapped = tmp_path / "mapped.yaml"
    mapped.write_text("feeds:\n  - url: http://example.org/rss\n    lang: en\n", "utf-8")
    assert load_feeds(mapped) == [FeedSource("http://example.org/rss", "example.org", "en")]


@pytest.mark.parametrize(("content", "fragment"), [
    ("- url: [unclosed\n", "not valid YAML (line"),
    ("just a string\n", "expected a list of feeds"),
    ("", "got nothing"),
    ("sources:\n  - url: http://a.org/rss\n", "exactly one key, 'feeds'"),
    ("- name: no url\n", "feed 1: 'url' is required"),
    ("- url: http://a.org/rss\n- url: ftp://a.org/rss\n", "feed 2: 'url' must be an http:// or https:// URL"),
    ("- url: http://a.org/rss\n  langue: fr\n", "unknown key(s) langue"),
    ("- url: http://a.org/rss\n  lang: French\n", "'lang' must be a language code"),
    ("- url: http://a.org/rss\n  name: [a, b]\n", "'name' must be a string"),
    ("- url: http://a.org/rss\n- url: http://a.org/rss\n", "feed 2: http://a.org/rss is already feed 1"),
    ("- 42\n", "feed 1: expected a mapping"),
])
def test_load_feeds_errors_are_clear(tmp_path, content, fragment):
    path = tmp_path / "feeds.yaml"
    path.write_text(content, "utf-8")
    with pytest.raises(DataFileError) as caught:
        load_feeds(path)
    assert str(caught.value).startswith(f"[E200] {path}: ")
    assert fragment in str(caught.value)


def test_load_feeds_missing_file(tmp_path):
    with pytest.raises(DataFileError, match="cannot read the feeds file"):
        load_feeds(tmp_path / "nope.yaml")


# -- settings ----------------------------------------------------------------------------------


def test_web_settings_defaults_and_override(tmp_path):
    web = load_settings().ingest.web
    assert (web.user_agent, web.max_redirects, web.per_host_delay_s, web.respect_robots) == ("", 5, 1.0, True)
    assert (web.connect_timeout_s, web.timeout_s, web.total_timeout_s) == (10.0, 20.0, 60.0)
    user = tmp_path / "user.toml"
    user.write_text('workers = 2\n[ingest.web]\ntimeout_s = 5\nuser_agent = "contact: a@b.org"\n', "utf-8")
    settings = load_settings(user)
    assert settings.workers == 2 and settings.ingest.web.timeout_s == 5
    assert settings.ingest.web.max_redirects == 5  # the rest of [ingest.web] keeps its defaults
    with Fetcher(settings=settings) as f:
        assert (f.timeout_s, f.max_redirects, f.per_host_delay_s, f.max_bytes) == (5.0, 5, 1.0, 1_000_000)
        assert f.user_agent.endswith("contact: a@b.org")


@pytest.mark.parametrize(("toml", "fragment"), [
    ("[ingest.web]\ntimeout = 5\n", "unknown settings in [ingest.web]: timeout"),
    ("[ingest.web]\nrespect_robots = 1\n", "respect_robots must be a non-negative bool"),
    ("[ingest.web]\nmax_redirects = -1\n", "max_redirects must be a non-negative int"),
    ("[ingest.web]\ntimeout_s = true\n", "timeout_s must be a non-negative float"),
    ("[ingest]\nfeeds = 1\n", "settings: [ingest] has only the table"),
])
def test_web_settings_errors(tmp_path, toml, fragment):
    user = tmp_path / "user.toml"
    user.write_text(toml, "utf-8")
    with pytest.raises(DataFileError) as caught:
        load_settings(user)
    assert fragment in str(caught.value)
