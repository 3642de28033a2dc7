"""Plain-text articles: an optional header (title line, "date YYYY-MM title - site" line,
"Publié le ..."/"Published ..." line) followed by the body."""

from __future__ import annotations

import re
from datetime import date

from veille.dates import dateline_date as _dateline
from veille.dates import publication_date
from veille.models import Article

__all__ = ["article_from_text", "dateline_date"]

_DATE_HEADER = re.compile(r"^date\s+(?P<when>\d{4}(?:-\d{2}){0,2})\s+(?P<title>.+?)(?:\s+-\s+(?P<site>\S+))?$")
_MAX_TITLE = 200


def dateline_date(body: str, reference: date | None = None) -> date | None:
    """A dateline date at the very start of the body: "29 mai 2012. - ...", "BAMAKO, 11 mai
    (APA) - ...", "May 3, 2024 -" (see veille.dates.dateline_date for years left out)."""
    return _dateline(body.lstrip(), reference)


def article_from_text(text: str, path: str | None = None, published: date | None = None) -> Article:
    """Split header from body; the body is the article text that offsets refer to."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title, source, found = "", "", None
    consumed = 0
    for i, line in enumerate(lines[:6]):
        stripped = line.strip()
        if not stripped:
            continue
        header = _DATE_HEADER.match(stripped)
        when = publication_date(stripped)
        if header and not title:
            title, source = header["title"], header["site"] or ""
        elif when and not found:
            found = when
        elif not title and len(stripped) <= _MAX_TITLE and not stripped.endswith((".", "!", "?", ":")):
            title = stripped
        else:
            break
        consumed = i + 1
    body = "\n".join(lines[consumed:]).strip("\n")
    if not body.strip():  # a one-line text: the line is the body, not a title
        body, title = text.strip(), ""
    return Article(
        text=body,
        title=title,
        path=path,
        source=source,
        published=published or found or dateline_date(body),
    )
