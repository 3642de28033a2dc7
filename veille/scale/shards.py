"""Partitions of input and Parquet shards of output: the unit of work of a cluster run.

A partition names a slice of the input (a group of files, a range of lines of a JSONL file, a
range of rows of a Parquet file). Coding a partition writes three Parquet files named after the
partition's id — articles, events (the PLOVER record as JSON plus key columns) and failures —
each written to a temporary name and renamed, so a retried or repeated partition replaces its
shard instead of adding to it. `load_shards` reads shards back into the store; the store ignores
articles it already holds, so loading twice stores nothing twice."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from veille.errors import InputError
from veille.ingest.files import article_from_record, is_article_file, read_path
from veille.models import Article, Failure

if TYPE_CHECKING:
    from veille.store import Store

__all__ = ["Partition", "plan_partitions", "read_partition", "code_partition", "load_shards", "ShardStats"]

@dataclass(frozen=True)
class Partition:
    """A slice of input: `files` read whole, or rows [start, stop) of one JSONL/Parquet file."""

    files: tuple[str, ...]
    start: int = 0
    stop: int = -1

    @property
    def id(self) -> str:
        key = json.dumps([self.files, self.start, self.stop])
        return hashlib.sha1(key.encode()).hexdigest()[:16]


@dataclass
class ShardStats:
    partition: str
    articles: int = 0
    events: int = 0
    failures: int = 0


def _count_rows(path: Path) -> int:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def plan_partitions(paths: Iterable[str], size: int = 256) -> list[Partition]:
    """Partitions of about `size` articles: files grouped, large JSONL/Parquet files sliced."""
    partitions: list[Partition] = []
    loose: list[str] = []
    for given in paths:
        root = Path(given)
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for file in files:
            suffix = file.suffix.lower()
            if suffix in (".jsonl", ".parquet"):
                rows = _count_rows(file)
                partitions += [Partition((str(file),), i, min(i + size, rows)) for i in range(0, rows, size)]
            elif is_article_file(file) or not root.is_dir():  # .csv and gzipped files: read whole
                loose.append(str(file))
    partitions += [Partition(tuple(loose[i : i + size])) for i in range(0, len(loose), size)]
    return partitions


def _parquet_articles(path: str, start: int, stop: int) -> Iterator[Article | Failure]:
    import pyarrow.parquet as pq

    table = pq.read_table(path).slice(start, stop - start)
    for offset, row in enumerate(table.to_pylist()):
        location = f"{path}:{start + offset + 1}"
        try:
            yield article_from_record(row, location)
        except InputError as exc:
            yield Failure(location, str(exc), exc.code)


def read_partition(part: Partition) -> Iterator[Article | Failure]:
    """The articles (or failures) of one partition, in order."""
    if part.stop < 0:
        for file in part.files:
            yield from read_path(Path(file))
        return
    [file] = part.files
    if file.endswith(".parquet"):
        yield from _parquet_articles(file, part.start, part.stop)
        return
    from itertools import islice

    # JSONL: the partition's range counts the file's non-empty lines, one item each
    yield from islice(read_path(Path(file)), part.start, part.stop)


def _write_table(rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({c: [r.get(c) for r in rows] for c in columns},
                     schema=pa.schema([(c, pa.string()) for c in columns]))
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


_ARTICLE_COLUMNS = ("id", "url", "path", "title", "source", "published", "language", "text")


def code_partition(part: Partition, shards: str, lang: str = "auto") -> ShardStats:
    """Code one partition and write its shard (the function a cluster worker runs)."""
    from veille.pipeline import Coded, code_articles

    out = Path(shards)
    out.mkdir(parents=True, exist_ok=True)
    stats = ShardStats(part.id)
    articles, events, failures = [], [], []
    for result in code_articles(read_partition(part), lang):
        if isinstance(result, Coded):
            a = result.article
            articles.append({**{k: getattr(a, k) for k in ("id", "url", "path", "title", "source", "language",
                                                            "text")},
                             "published": a.published.isoformat() if a.published else None})
            events += [{"id": e.id, "doc_id": e.doc_id, "record": json.dumps(e.to_record(), ensure_ascii=False)}
                       for e in result.events]
        else:
            failures.append(asdict(result))
    # events first, articles last: a shard counts as complete once its articles file exists
    _write_table(failures, ("location", "reason", "code"), out / f"{part.id}.failures.parquet")
    _write_table(events, ("id", "doc_id", "record"), out / f"{part.id}.events.parquet")
    _write_table(articles, _ARTICLE_COLUMNS, out / f"{part.id}.articles.parquet")
    stats.articles, stats.events, stats.failures = len(articles), len(events), len(failures)
    return stats


def shard_done(part: Partition, shards: str) -> bool:
    return (Path(shards) / f"{part.id}.articles.parquet").exists()


def load_shards(shards: str, store: Store) -> ShardStats:
    """Bulk-load every complete shard of `shards` into `store` (idempotent)."""
    import pyarrow.parquet as pq

    total = ShardStats("all")
    for articles_file in sorted(Path(shards).glob("*.articles.parquet")):
        pid = articles_file.name.split(".")[0]
        records: dict[str, list[dict[str, Any]]] = {}
        events_file = articles_file.with_name(f"{pid}.events.parquet")
        for row in pq.read_table(events_file).to_pylist():
            records.setdefault(row["doc_id"], []).append(json.loads(row["record"]))
        for row in pq.read_table(articles_file).to_pylist():
            published = date.fromisoformat(row["published"]) if row["published"] else None
            article = Article(text=row["text"], title=row["title"] or "", url=row["url"], path=row["path"],
                              source=row["source"] or "", published=published, language=row["language"],
                              id=row["id"])
            added, n = store.add_records(article, records.get(article.id, []))
            total.articles += int(added)
            total.events += n
        failures_file = articles_file.with_name(f"{pid}.failures.parquet")
        for row in pq.read_table(failures_file).to_pylist():
            store.add_failure(Failure(row["location"], row["reason"], row["code"] or ""))
            total.failures += 1
    return total
