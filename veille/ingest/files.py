"""Read articles from .txt, .html and .jsonl files, directories, or standard input.

Every item is read inside its own error boundary: a bad file yields a `Failure` with a readable
reason and reading goes on with the next one."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from veille.dates import parse_date
from veille.errors import EmptyInput, InputError, InputTooLarge, UnreadableInput
from veille.ingest.html import article_from_html
from veille.ingest.text import article_from_text
from veille.models import Article, Failure
from veille.settings import get_settings

__all__ = ["read_inputs", "read_path", "decode_bytes", "count_inputs", "article_from_record",
           "ARTICLE_SUFFIXES"]

#: File types read when walking a directory; a file named explicitly is read whatever its suffix.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")


def read_inputs(
    paths: Iterable[str], published: date | None = None
) -> Iterator[Article | Failure]:
    """Articles (or failures) from each path as given: files, directories, or "-" for stdin."""
    for given in paths:
        if given == "-":
            yield from _guard("-", lambda: [_from_stdin(published)])
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in ARTICLE_SUFFIXES:
                    yield from read_path(child, published)
        elif path.exists():
            yield from read_path(path, published)
        else:
            yield Failure(given, "no such file or directory", UnreadableInput.code)


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many items `read_inputs(paths)` will yield (for progress bars), without parsing them;
    None when unknown (standard input)."""
    total = 0
    for given in paths:
        path = Path(given)
        if given == "-":
            return None
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES) \
            if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() == ".jsonl" and file.exists():
                with file.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                total += 1
    return total


def read_path(path: Path, published: date | None = None) -> Iterator[Article | Failure]:
    """Articles from one file; a .jsonl file gives one article (or failure) per line."""
    if path.suffix.lower() == ".jsonl":
        yield from _guard(str(path), lambda: _from_jsonl(path, published))
    else:
        yield from _guard(str(path), lambda: [_from_file(path, published)])


def _guard(location: str, produce: Any) -> Iterator[Article | Failure]:
    try:
        yield from produce()
    except InputError as exc:
        yield Failure(location, str(exc), exc.code)
    except OSError as exc:
        yield Failure(location, f"cannot read: {exc.strerror or exc}", UnreadableInput.code)


def _check_size(size: int, location: str) -> None:
    limit = get_settings().max_article_bytes
    if size > limit:
        raise InputTooLarge(f"{location}: {size:,} bytes, over the limit of {limit:,} bytes")


def decode_bytes(data: bytes, location: str) -> str:
    """Text of `data`: UTF-8 (with or without BOM), else Windows-1252; binary data is refused."""
    head = data[:8192]
    if b"\x00" in head:
        raise UnreadableInput(f"{location}: binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UnreadableInput(f"{location}: neither UTF-8 nor Windows-1252 text") from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > max(8, len(text[:8192]) // 20):
        raise UnreadableInput(f"{location}: binary file (control characters), not text")
    return text


def _from_file(path: Path, published: date | None) -> Article:
    location = str(path)
    _check_size(path.stat().st_size, location)
    text = decode_bytes(path.read_bytes(), location)
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    ):
        article = article_from_html(text, path=location, published=published)
    else:
        article = article_from_text(text, path=location, published=published)
    return _checked(article, location)


def _from_stdin(published: date | None) -> Article:
    data = sys.stdin.buffer.read(get_settings().max_article_bytes + 1)
    _check_size(len(data), "<stdin>")
    return _checked(article_from_text(decode_bytes(data, "<stdin>"), path="-", published=published), "-")


def _from_jsonl(path: Path, published: date | None) -> Iterator[Article | Failure]:
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            location = f"{path}:{lineno}"
            yield from _guard(location, lambda raw=raw, loc=location: [_jsonl_article(raw, loc, published)])


def _jsonl_article(raw: bytes, location: str, published: date | None) -> Article:
    _check_size(len(raw), location)
    try:
        obj = json.loads(decode_bytes(raw, location))
    except json.JSONDecodeError as exc:
        raise UnreadableInput(f"{location}: not a JSON object ({exc.msg})") from exc
    return article_from_record(obj, location, published)


def article_from_record(obj: Any, location: str, published: date | None = None) -> Article:
    """The article of one record (a JSONL line, a Parquet row): `text`, and optionally `title`,
    `url`, `published` (a date or a string), `source` (or `section`), `language`."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise UnreadableInput(f"{location}: a JSON object with a 'text' string is required")
    given = obj.get("published")
    when = given if isinstance(given, date) else parse_date(str(given or ""))
    article = Article(
        text=obj["text"],
        title=str(obj.get("title") or ""),
        url=obj.get("url") or None,
        path=None if obj.get("url") else location,
        source=str(obj.get("source") or obj.get("section") or ""),
        published=when or published,
        language=obj.get("language") or None,
    )
    return _checked(article, location)


def _checked(article: Article, location: str) -> Article:
    if len(article.text.strip()) < get_settings().min_article_chars:
        raise EmptyInput(f"{location}: no article text")
    return article
