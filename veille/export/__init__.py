"""Exports of stored events: `export(store, fmt, filters, out_path)`.

Formats (`FORMATS`):
  plover    JSONL, one PLOVER record per line (with story, cluster, Goldstein value and sources),
            each validated against the published JSON Schema
  csv       flat, one row per event (`COLUMNS`; list fields joined with "; ")
  parquet   the same flat rows and columns, typed (pyarrow, written in batches)
  tsv       CAMEO/GDELT-style, tab-separated, one row per actor-recipient pair (`veille.export.gdelt`)
  acled     ACLED-style CSV of political violence, demonstrations and strategic developments,
            one row per event cluster (`veille.export.acled`)
  geojson   a FeatureCollection of the events that have coordinates (points), flat properties
  graphml   the actor network of `veille.store.analysis.network` (networkx)
  gexf      the same network, for Gephi

Rows are streamed from the store (`veille.store.query.records`, by pages), never all loaded:
a million events export in constant memory. The file is written under a temporary name and
renamed when complete; nothing is left behind when no event matches (`ExportError`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from veille.errors import VeilleError
from veille.store.query import Filters, records

if TYPE_CHECKING:
    from veille.store import Store

__all__ = ["FORMATS", "COLUMNS", "ExportError", "export", "flat_row", "flat_rows"]

FORMATS = ("plover", "csv", "parquet", "tsv", "acled", "geojson", "graphml", "gexf")

#: The columns of the flat exports (csv, parquet, geojson properties), in order.
COLUMNS = (
    "id", "date", "date_precision", "event", "mode", "context", "actors", "actor_codes", "recipients",
    "recipient_codes", "quad_class", "goldstein", "cameo", "modality", "negated", "confidence", "country",
    "place", "lat", "lon", "language", "text", "trigger", "urls", "n_sources", "story_id", "cluster_id",
    "explain", "coder",
)


class ExportError(VeilleError):
    """An export that cannot be written: unknown format, no matching event, missing library."""

    code = "E400"


def _unique(values: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def flat_row(rec: dict[str, Any]) -> dict[str, Any]:
    """One flat row (`COLUMNS`) of a stored PLOVER record."""
    loc = rec.get("location") or {}
    sources = rec.get("sources") or []
    return {
        "id": rec["id"], "date": rec.get("date"), "date_precision": rec.get("date_precision"),
        "event": rec["event"], "mode": rec.get("mode") or "", "context": "; ".join(rec.get("context") or []),
        "actors": "; ".join(f"{a['code']} {a.get('sector') or ''}".strip() for a in rec["actor"]),
        "actor_codes": "; ".join(_unique(a["code"] for a in rec["actor"])),
        "recipients": "; ".join(f"{a['code']} {a.get('sector') or ''}".strip() for a in rec["recipient"]),
        "recipient_codes": "; ".join(_unique(a["code"] for a in rec["recipient"])),
        "quad_class": rec.get("quad_class"), "goldstein": rec.get("goldstein"), "cameo": rec.get("cameo"),
        "modality": rec.get("modality"), "negated": bool(rec.get("negated")),
        "confidence": rec.get("confidence"), "country": loc.get("country"), "place": loc.get("name"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "language": (rec.get("cite_info") or {}).get("language"),
        "text": rec.get("text"), "trigger": rec["text_info"]["trigger"]["text"],
        "urls": "; ".join(_unique(src.get("url") or src.get("path") for src in sources)),
        "n_sources": len(sources), "story_id": rec.get("story_id"), "cluster_id": rec.get("cluster_id"),
        "explain": rec.get("explain"), "coder": rec.get("coder"),
    }


def flat_rows(store: Store, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    for rec in records(store, filters or Filters()):
        yield flat_row(rec)


# -- writers: each returns the number of rows (features, nodes) written -----------------------
def _plover(store: Store, f: Filters, fh: IO[str], **_: Any) -> int:
    from veille.schema import SchemaError, validate_record

    n = 0
    for rec in records(store, f):
        try:
            validate_record(rec)
        except SchemaError as exc:
            raise ExportError(f"stored event {rec.get('id')} does not validate: {exc}") from exc
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def _csv(store: Store, f: Filters, fh: IO[str], **_: Any) -> int:
    from veille.export.table import write_rows

    return write_rows(fh, COLUMNS, flat_rows(store, f))


def parquet_schema() -> Any:
    import pyarrow as pa

    types = {"quad_class": pa.int64(), "goldstein": pa.float64(), "negated": pa.bool_(),
             "confidence": pa.float64(), "lat": pa.float64(), "lon": pa.float64(), "n_sources": pa.int64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


def _parquet(store: Store, f: Filters, path: Path, batch: int = 5000, **_: Any) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ExportError("the parquet format needs pyarrow: pip install 'veille[export]'") from exc
    schema = parquet_schema()
    n = 0
    writer = None
    rows: list[dict[str, Any]] = []
    try:
        for row in flat_rows(store, f):
            rows.append(row)
            if len(rows) >= batch:
                writer = writer or pq.ParquetWriter(path, schema)
                writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
                n += len(rows)
                rows = []
        if rows:
            writer = writer or pq.ParquetWriter(path, schema)
            writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
            n += len(rows)
    finally:
        if writer is not None:
            writer.close()
    return n


def _geojson(store: Store, f: Filters, fh: IO[str], **_: Any) -> int:
    n = 0
    for row in flat_rows(store, f):
        if row["lat"] is None or row["lon"] is None:
            continue
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                   "properties": row}
        fh.write(('{"type": "FeatureCollection", "features": [\n' if n == 0 else ",\n")
                 + json.dumps(feature, ensure_ascii=False))
        n += 1
    if n:
        fh.write("\n]}\n")
    return n


def _graph(fmt: str) -> Callable[..., int]:
    def write(store: Store, f: Filters, path: Path, min_events: int = 1, unit: str = "clusters",
              directed: bool = False, **_: Any) -> int:
        import networkx as nx

        from veille.store.analysis import network, to_networkx

        net = network(store, f, min_events=min_events, unit=unit, directed=directed)
        if not net["edges"]:
            return 0
        graph = to_networkx(net)
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, str(path))
        return graph.number_of_nodes()

    return write


def _tsv(store: Store, f: Filters, fh: IO[str], **_: Any) -> int:
    from veille.export.gdelt import write_tsv

    return write_tsv(records(store, f), fh)


def _acled(store: Store, f: Filters, fh: IO[str], **_: Any) -> int:
    from veille.export.acled import acled_filters, write_acled

    return write_acled(records(store, acled_filters(f)), fh, window_days=store.cluster_days)


#: format -> (writer, writes text (True) or to a path (False), what the count is)
_WRITERS: dict[str, tuple[Callable[..., int], bool, str]] = {
    "plover": (_plover, True, "events"), "csv": (_csv, True, "events"), "parquet": (_parquet, False, "events"),
    "tsv": (_tsv, True, "rows"), "acled": (_acled, True, "event clusters"),
    "geojson": (_geojson, True, "events with coordinates"),
    "graphml": (_graph("graphml"), False, "nodes"), "gexf": (_graph("gexf"), False, "nodes"),
}


def export(store: Store, fmt: str, filters: Filters | None, out_path: str | Path, **options: Any) -> int:
    """Write the events matching `filters` to `out_path` in format `fmt`; return the number of
    rows written (events; pairs for tsv; clusters for acled; nodes for graphml/gexf). Options:
    `min_events`, `unit` and `directed` for the network formats. Raises ExportError for an
    unknown format or when nothing matches (no file is then written)."""
    fmt = fmt.lower()
    if fmt not in _WRITERS:
        raise ExportError(f"unknown export format {fmt!r}: expected one of {', '.join(FORMATS)}")
    writer, is_text, what = _WRITERS[fmt]
    out = Path(out_path)
    if out.parent and not out.parent.exists():
        raise ExportError(f"{out.parent}: no such folder")
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        if is_text:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                n = writer(store, filters or Filters(), fh, **options)
        else:
            n = writer(store, filters or Filters(), tmp, **options)
        if n == 0:
            raise ExportError(f"no {what} match these filters: nothing written to {out}")
        os.replace(tmp, out)
        return n
    finally:
        tmp.unlink(missing_ok=True)
