"""Code batches of articles in worker processes, streaming, in input order, with bounded memory.

Each worker process loads the spaCy models and the knowledge base once (they are cached per
process) and codes whole batches; at most `2 x workers` batches are in flight, so memory stays
bounded whatever the corpus size. Results come back in input order, so a parallel run yields
exactly what a serial run yields."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

__all__ = ["code_in_pool", "ordered_map"]

T = TypeVar("T")
R = TypeVar("R")


def ordered_map(fn: Callable[[T], R], tasks: Iterable[T], workers: int,
                window: int | None = None) -> Iterator[R]:
    """`map(fn, tasks)` over `workers` processes (spawned: no inherited state), in order, with at
    most `window` tasks submitted and not yet consumed."""
    window = window or 2 * workers
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[Future[R]] = deque()
        for task in tasks:
            pending.append(pool.submit(fn, task))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def code_in_pool(batches: Iterable[list], lang: str, workers: int) -> Iterator[list]:  # type: ignore[type-arg]
    """Coded batches (lists of Coded | Failure) from batches of articles, in order."""
    from functools import partial

    from veille.pipeline import code_batch

    return ordered_map(partial(code_batch, lang=lang), batches, workers)
