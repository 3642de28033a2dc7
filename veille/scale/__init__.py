"""Scale: the same per-article function over many cores (`pool`) or a Dask cluster (`dask`)."""

from veille.scale.pool import code_in_pool

__all__ = ["code_in_pool"]
