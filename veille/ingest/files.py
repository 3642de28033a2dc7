"""Read articles from .txt, .html, .jsonl and .csv files (each also gzipped, `.txt.gz`...),
directories, or standard input.

Every item is read inside its own error boundary: a bad file, JSONL line or CSV row yields a
`Failure` with a readable reason and its location (`file.csv:17`), and reading goes on.

Sizes: an article (a file, a JSONL line, a CSV row) over `max_article_bytes` is refused, the size
counted after decompression. Reading never holds more than about `max_article_bytes` of one
line: a longer line is skipped in chunks. A gzipped JSONL or CSV file stops (with a failure) once
it has given more than GZIP_MAX_RATIO times its compressed size (and at least max_article_bytes):
text compresses 3 to 10 times, a gzip bomb about a thousand times."""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

from veille.dates import parse_date
from veille.errors import EmptyInput, InputError, InputTooLarge, UnreadableInput
from veille.ingest.html import article_from_html
from veille.ingest.text import article_from_text
from veille.models import Article, Failure
from veille.settings import FieldSettings, get_settings

__all__ = ["read_inputs", "read_path", "decode_bytes", "count_inputs", "article_from_record",
           "article_format", "is_article_file", "ARTICLE_SUFFIXES", "GZIP_MAX_RATIO"]

#: File types read when walking a directory, each also gzipped ("a.jsonl.gz"); a file named
#: explicitly is read whatever its suffix (as text or HTML, or as JSONL/CSV by its suffix).
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".csv")
#: Formats with one article per line (JSONL) or per row (CSV).
RECORD_SUFFIXES = (".jsonl", ".csv")
#: A gzipped JSONL or CSV file may decompress to this many times its size (see the module doc).
GZIP_MAX_RATIO = 100
_CSV_DELIMITERS = (",", ";", "\t", "|")
_SKIP_CHUNK = 1 << 20
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]|$)")


def article_format(path: Path) -> tuple[str, bool]:
    """The format suffix of a file and whether it is gzipped: "a.JSONL.gz" -> (".jsonl", True)."""
    name = path.name.lower()
    gzipped = name.endswith(".gz")
    return Path(name[:-3] if gzipped else name).suffix, gzipped


def is_article_file(path: Path) -> bool:
    """Whether a directory walk reads this file (its format is one of ARTICLE_SUFFIXES)."""
    return article_format(path)[0] in ARTICLE_SUFFIXES


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
                if is_article_file(child):
                    yield from read_path(child, published)
        elif path.exists():
            yield from read_path(path, published)
        else:
            yield Failure(given, "no such file or directory", UnreadableInput.code)


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many items `read_inputs(paths)` will yield (for progress bars), without making articles
    (JSONL lines and CSV rows are counted, gzipped files decompressed); None for standard input."""
    total = 0
    for given in paths:
        path = Path(given)
        if given == "-" or given.lower().startswith(("http://", "https://")):
            return None
        files = sorted(p for p in path.rglob("*") if p.is_file() and is_article_file(p)) \
            if path.is_dir() else [path]
        for file in files:
            total += _count_file(file)
    return total


def _count_file(path: Path) -> int:
    suffix, gzipped = article_format(path)
    if suffix not in RECORD_SUFFIXES or not path.exists():
        return 1
    count = 0
    try:
        with _open(path, gzipped) as handle:
            lines = _lines(handle, path, gzipped)
            if suffix == ".jsonl":
                count = sum(1 for _, raw, _ in lines if raw.strip())
            else:
                count = sum(1 for _ in _CsvRows(_CsvLines(lines, path)))
    except (InputError, OSError):
        count += 1  # reading stops with one failure
    return max(count, 0)


def read_path(path: Path, published: date | None = None) -> Iterator[Article | Failure]:
    """Articles from one file; a .jsonl (.csv) file gives one article (or failure) per line (row).
    A name ending in ".gz" is decompressed first."""
    suffix, gzipped = article_format(path)
    if suffix == ".jsonl":
        yield from _guard(str(path), lambda: _from_jsonl(path, gzipped, published))
    elif suffix == ".csv":
        yield from _guard(str(path), lambda: _from_csv(path, gzipped, published))
    else:
        yield from _guard(str(path), lambda: [_from_file(path, gzipped, published)])


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


def _open(path: Path, gzipped: bool) -> IO[bytes]:
    return gzip.open(path, "rb") if gzipped else path.open("rb")


def _read_gzip(path: Path) -> bytes:
    """The decompressed bytes of a one-article file, reading at most max_article_bytes + 1."""
    limit = get_settings().max_article_bytes
    with _gzip_errors(str(path)), gzip.open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"{path}: over the limit of {limit:,} bytes once decompressed")
    return data


def _from_file(path: Path, gzipped: bool, published: date | None) -> Article:
    location = str(path)
    if gzipped:
        data = _read_gzip(path)
    else:
        _check_size(path.stat().st_size, location)
        data = path.read_bytes()
    text = decode_bytes(data, location)
    suffix = article_format(path)[0]
    if suffix in (".html", ".htm") or text.lstrip()[:15].lower().startswith(
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


def _lines(handle: IO[bytes], path: Path, gzipped: bool) -> Iterator[tuple[int, bytes, int]]:
    """(line number, bytes, size) of each line of a file. A line over max_article_bytes is cut
    to max_article_bytes + 1 bytes (the rest is read in chunks and dropped; `size` is its whole
    size). A gzipped file raises InputTooLarge past GZIP_MAX_RATIO times its compressed size,
    and UnreadableInput where its data are broken."""
    limit = get_settings().max_article_bytes
    cap = max(limit, GZIP_MAX_RATIO * path.stat().st_size) if gzipped else None
    total = lineno = 0
    while True:
        with _gzip_errors(f"{path}:{lineno + 1}"):
            raw = handle.readline(limit + 1)
            size = len(raw)
            if size > limit and not raw.endswith(b"\n"):  # too long: skip the rest, counting it
                while (cap is None or total + size <= cap) and (chunk := handle.readline(_SKIP_CHUNK)):
                    size += len(chunk)
                    if chunk.endswith(b"\n"):
                        break
        if not raw:
            return
        lineno += 1
        total += size
        if cap is not None and total > cap:
            raise InputTooLarge(f"{path}:{lineno}: over {cap:,} bytes once decompressed, {GZIP_MAX_RATIO} "
                                f"times the compressed size (a gzip bomb?); the rest of the file is not read")
        yield lineno, raw, size


@contextmanager
def _gzip_errors(location: str) -> Iterator[None]:
    """Broken or truncated gzip data as an UnreadableInput."""
    try:
        yield
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise UnreadableInput(f"{location}: broken gzip data ({exc})") from exc


def _check_head(handle: IO[bytes], location: str) -> None:
    """Refuse a binary JSONL/CSV file once, not line by line."""
    peek = getattr(handle, "peek", None)
    with _gzip_errors(location):
        head = peek(8192)[:8192] if peek else b""
    if b"\x00" in head:
        decode_bytes(head, location)  # raises


def _from_jsonl(path: Path, gzipped: bool, published: date | None) -> Iterator[Article | Failure]:
    with _open(path, gzipped) as handle:
        _check_head(handle, str(path))
        for lineno, raw, size in _lines(handle, path, gzipped):
            if not raw.strip():
                continue
            location = f"{path}:{lineno}"
            yield from _guard(location, lambda raw=raw, size=size, loc=location: [
                _jsonl_article(raw, size, loc, published)])


def _jsonl_article(raw: bytes, size: int, location: str, published: date | None) -> Article:
    _check_size(size, location)
    try:
        obj = json.loads(decode_bytes(raw, location))
    except json.JSONDecodeError as exc:
        raise UnreadableInput(f"{location}: not a JSON object ({exc.msg})") from exc
    return article_from_record(obj, location, published)


class _CsvLines:
    """The decoded lines of a CSV file for csv.reader; remembers the last line number and the
    bytes read. A line that is too large or cannot be decoded raises, and the next call goes on
    with the next line (csv.reader starts a new row after an error)."""

    def __init__(self, lines: Iterator[tuple[int, bytes, int]], path: Path) -> None:
        self.lines, self.path = lines, path
        self.lineno = self.bytes = 0
        self.pending: list[str] = []

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        if self.pending:
            return self.pending.pop()
        self.lineno, raw, size = next(self.lines)
        self.bytes += size
        location = f"{self.path}:{self.lineno}"
        _check_size(size, location)
        return decode_bytes(raw, location)

    def first(self) -> str:
        """The first non-blank line, kept to be read again."""
        for line in self:
            if line.strip():
                self.pending.append(line)
                return line
        return ""


class _CsvRows:
    """(line number where the row starts, bytes, row) of each non-empty row after the header, or
    the error the row raised instead of the row. The header is the first non-blank row (an error
    there stops the file); its delimiter the most frequent of , ; tab | in its line."""

    def __init__(self, lines: _CsvLines) -> None:
        self.lines = lines
        first = lines.first()
        delimiter = max(_CSV_DELIMITERS, key=first.count) if first else ","
        limit = get_settings().max_article_bytes
        if csv.field_size_limit() < limit:
            csv.field_size_limit(limit)  # process-wide; the csv module's default is 128 KiB
        self.reader = csv.reader(lines, delimiter=delimiter)
        self.header: list[str] = []
        for _, _, row in self:
            if isinstance(row, InputError):
                raise row
            if isinstance(row, Exception):
                raise UnreadableInput(f"{lines.path}: broken CSV header ({row})")
            self.header = [name.strip() for name in row]
            break

    def __iter__(self) -> Iterator[tuple[int, int, list[str] | Exception]]:
        while True:
            start, before = self.lines.lineno + 1, self.lines.bytes
            try:
                row = next(self.reader)
            except StopIteration:
                return
            except (InputError, csv.Error) as exc:
                yield start, 0, exc
                continue
            if any(field.strip() for field in row):  # blank lines and rows of empty fields are skipped
                yield start, self.lines.bytes - before, row


def _from_csv(path: Path, gzipped: bool, published: date | None) -> Iterator[Article | Failure]:
    with _open(path, gzipped) as handle:
        _check_head(handle, str(path))
        rows = _CsvRows(_CsvLines(_lines(handle, path, gzipped), path))
        fields = get_settings().ingest.fields
        if not set(fields.text) & set(rows.header):
            raise UnreadableInput(f"{path}: no text column (looked for {_names(fields.text)} in the header, "
                                  f"found {', '.join(rows.header) or 'nothing'})")
        width = len(rows.header)
        for start, size, row in rows:
            location = f"{path}:{start}"
            yield from _guard(location, lambda row=row, size=size, loc=location: [
                _csv_article(row, size, rows.header, width, loc, published)])


def _csv_article(row: list[str] | Exception, size: int, header: list[str], width: int, location: str,
                 published: date | None) -> Article:
    if isinstance(row, InputError):
        raise row
    if isinstance(row, csv.Error):
        if "field larger than field limit" in str(row):
            raise InputTooLarge(f"{location}: a field over the limit of {get_settings().max_article_bytes:,} bytes")
        raise UnreadableInput(f"{location}: broken CSV row ({row})")
    assert isinstance(row, list)
    if len(row) != width:
        raise UnreadableInput(f"{location}: broken CSV row ({len(row)} field{'s' * (len(row) != 1)}, "
                              f"the header has {width})")
    _check_size(size, location)
    return article_from_record(dict(zip(header, row, strict=True)), location, published)


def _names(names: tuple[str, ...]) -> str:
    return " or ".join(repr(name) for name in names)


def _field(obj: dict[str, Any], names: tuple[str, ...]) -> Any:
    """The value of the first of `names` that is present and not empty, else of the first present."""
    present = [obj[name] for name in names if obj.get(name) is not None]
    return next((value for value in present if value != ""), present[0] if present else None)


def _record_date(value: Any) -> date | None:
    """A date, or a date string: anything parse_date reads, or an ISO 8601 timestamp."""
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    when = parse_date(text)
    if when is None and _ISO_DATE.match(text):
        try:
            when = date.fromisoformat(text[:10])
        except ValueError:
            return None
    return when


def article_from_record(obj: Any, location: str, published: date | None = None,
                        fields: FieldSettings | None = None) -> Article:
    """The article of one record (a JSONL line, a CSV row, a Parquet row): its `text`, and
    optionally `title`, `url`, `published` (a date or a string), `source`, `language`, each read
    from the keys `fields` names (default: the setting [ingest.fields]; `source` falls back on
    `section`)."""
    fields = fields or get_settings().ingest.fields
    text = _field(obj, fields.text) if isinstance(obj, dict) else None
    if not isinstance(text, str):
        raise UnreadableInput(f"{location}: a record with a {_names(fields.text)} string is required")
    when = _record_date(_field(obj, fields.published))
    url = _field(obj, fields.url) or None
    article = Article(
        text=text,
        title=str(_field(obj, fields.title) or ""),
        url=url,
        path=None if url else location,
        source=str(_field(obj, fields.source) or ""),
        published=when or published,
        language=_field(obj, fields.language) or None,
    )
    return _checked(article, location)


def _checked(article: Article, location: str) -> Article:
    if len(article.text.strip()) < get_settings().min_article_chars:
        raise EmptyInput(f"{location}: no article text")
    return article
