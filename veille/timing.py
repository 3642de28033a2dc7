"""Per-stage timing for the benchmark: cheap accumulators, off unless enabled."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["STAGES", "enable", "stage", "snapshot", "reset"]

STAGES: Counter[str] = Counter()
_enabled = False


def enable(on: bool = True) -> None:
    global _enabled
    _enabled = on


def reset() -> None:
    STAGES.clear()


def snapshot() -> dict[str, float]:
    return dict(STAGES)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the time spent in the block to STAGES[name] when timing is enabled."""
    if not _enabled:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        STAGES[name] += time.perf_counter() - start
