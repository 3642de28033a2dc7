"""Run the coder on a Dask distributed cluster (optional extra: `pip install veille[dask]`).

The client plans partitions of the input, each worker codes whole partitions with the same
per-article function as a local run and writes one Parquet shard per partition (see
`veille.scale.shards`); partitions whose shard already exists are skipped, failed ones are
retried by Dask and reported. Workers must see the input files and the shard folder (a shared
filesystem); each worker process loads the models once and keeps them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from veille.scale.shards import Partition, ShardStats, code_partition, plan_partitions, shard_done

__all__ = ["ClusterRun", "run_on_dask", "local_cluster"]


@dataclass
class ClusterRun:
    partitions: int = 0
    skipped: int = 0
    coded: list[ShardStats] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (partition id, error)


def local_cluster(workers: int) -> Any:
    """A Dask cluster on this machine: one single-threaded worker process per core asked for,
    listening on loopback only, no dashboard."""
    from dask.distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=None)


def run_on_dask(paths: Iterable[str], shards: str, scheduler: Any, lang: str = "auto",
                partition_size: int = 256, retries: int = 2,
                task: Callable[..., ShardStats] = code_partition,
                on_done: Callable[[ShardStats], None] | None = None) -> ClusterRun:
    """Code `paths` on the cluster at `scheduler` (an address or a cluster object) into `shards`."""
    from dask.distributed import Client, as_completed

    plan = plan_partitions(paths, partition_size)
    todo: list[Partition] = [p for p in plan if not shard_done(p, shards)]
    result = ClusterRun(partitions=len(plan), skipped=len(plan) - len(todo))
    with Client(scheduler) as client:
        futures = {client.submit(task, p, shards, lang, key=f"veille-{p.id}", retries=retries, pure=False): p
                   for p in todo}
        for future in as_completed(futures):
            part = futures[future]
            if future.status == "error":
                result.failed.append((part.id, repr(future.exception())))
                continue
            stats = future.result()
            result.coded.append(stats)
            if on_done:
                on_done(stats)
    return result
