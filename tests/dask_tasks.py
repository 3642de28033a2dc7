"""Tasks for the Dask tests, importable by worker processes."""

from pathlib import Path

from veille.scale.shards import Partition, ShardStats, code_partition


def fail_for_marked(part: Partition, shards: str, lang: str = "auto") -> ShardStats:
    """Fails for partitions listed in shards/FAIL (one id per line), codes the others."""
    marker = Path(shards) / "FAIL"
    if marker.exists() and part.id in marker.read_text().split():
        raise RuntimeError(f"injected failure in {part.id}")
    return code_partition(part, shards, lang)
