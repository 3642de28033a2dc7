"""HTML articles: title, publication date from metadata or dateline, paragraphs as text."""

from __future__ import annotations

from datetime import date

import lxml.html
from lxml import etree

from veille.dates import parse_date
from veille.errors import UnreadableInput
from veille.ingest.text import dateline_date
from veille.models import Article

__all__ = ["article_from_html"]

_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "date",
    "dc.date",
    "pubdate",
    "publishdate",
)
_DROP = ("script", "style", "noscript", "nav", "footer", "header", "aside", "form")


def _meta(tree: lxml.html.HtmlElement, names: tuple[str, ...]) -> str:
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or "").lower()
        if key in names and node.get("content"):
            return node.get("content", "")
    return ""


def _paragraphs(tree: lxml.html.HtmlElement) -> list[str]:
    for tag in _DROP:
        for node in list(tree.iter(tag)):
            node.drop_tree()
    paras = [" ".join(p.text_content().split()) for p in tree.iter("p")]
    paras = [p for p in paras if p]
    if not paras:
        body = tree.find("body")
        text = (body if body is not None else tree).text_content()
        paras = [" ".join(line.split()) for line in text.split("\n") if line.strip()]
    return paras


def article_from_html(html: str, path: str | None = None, url: str | None = None,
                      published: date | None = None) -> Article:
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableInput(f"{path or url}: broken HTML ({exc})") from exc
    h1 = tree.find(".//h1")
    title = " ".join((tree.findtext(".//title") or (h1.text_content() if h1 is not None else "")).split())
    when = parse_date(_meta(tree, _DATE_META)[:10])
    site = _meta(tree, ("og:site_name",))
    if url is None:  # a saved page names its address: <link rel="canonical"> or og:url
        canonical = next((link.get("href") for link in tree.iter("link")
                          if (link.get("rel") or "").lower() == "canonical" and link.get("href")), None)
        found_url = canonical or _meta(tree, ("og:url",))
        url = found_url if found_url.startswith(("http://", "https://")) else None
    text = "\n\n".join(_paragraphs(tree))
    return Article(
        text=text,
        title=title,
        url=url,
        path=path,
        source=site,
        published=published or when or dateline_date(text),
    )
