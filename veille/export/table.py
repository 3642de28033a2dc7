"""Writing flat rows as CSV or TSV: the header with the first row, so an empty result writes nothing."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

__all__ = ["write_rows"]


def write_rows(fh: IO[str], columns: Sequence[str], rows: Iterable[dict[str, Any]], delimiter: str = ",") -> int:
    """Write `rows` (dicts keyed by `columns`) under a header line; returns how many were written."""
    writer = csv.DictWriter(fh, fieldnames=list(columns), delimiter=delimiter, lineterminator="\n")
    n = 0
    for row in rows:
        if n == 0:
            writer.writeheader()
        writer.writerow(row)
        n += 1
    return n
