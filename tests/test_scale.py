"""The same events whether coded serially, in worker processes, or on a Dask cluster."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLES
from veille.ingest import read_inputs
from veille.pipeline import Coded, code_articles, run
from veille.scale.shards import Partition, load_shards, plan_partitions, read_partition
from veille.store import Store


def _ids(results) -> list[tuple[str, tuple[str, ...]]]:
    return [(r.article.id, tuple(sorted(e.id for e in r.events))) for r in results if isinstance(r, Coded)]


def test_scale_plan_slices_jsonl_and_groups_files(tmp_path):
    big = tmp_path / "big.jsonl"
    big.write_text("\n".join(json.dumps({"text": f"Le Mali a signé l'accord numéro {i}."}) for i in range(10)) + "\n\n")
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(f"Titre\n\nLe Niger a signé l'accord numéro {i}.", "utf-8")
    plan = plan_partitions([str(tmp_path)], size=4)
    ranges = sorted((p.start, p.stop) for p in plan if p.stop >= 0)
    assert ranges == [(0, 4), (4, 8), (8, 10)]
    assert [len(p.files) for p in plan if p.stop < 0] == [3]
    texts = [a.text for p in plan if p.stop >= 0 for a in read_partition(p)]
    assert len(texts) == 10 and len(set(texts)) == 10
    assert len({p.id for p in plan}) == len(plan)


def test_scale_parquet_input_partition(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = {"text": ["La Russie a condamné la France.", ""], "title": ["A", "B"], "url": ["http://x/1", None],
            "published": ["2024-01-02", None]}
    pq.write_table(pa.table(rows), tmp_path / "in.parquet")
    [part] = plan_partitions([str(tmp_path / "in.parquet")])
    items = list(read_partition(part))
    assert items[0].url == "http://x/1" and items[0].published.isoformat() == "2024-01-02"
    assert items[1].code == "E102"


@pytest.mark.model
def test_scale_worker_processes_give_the_serial_result():
    items = list(read_inputs([str(SAMPLES)]))
    serial = _ids(code_articles(items, batch_size=4))
    pooled = _ids(code_articles(items, batch_size=4, workers=2))
    assert serial == pooled and len(serial) == 24


@pytest.mark.model
def test_scale_dask_local_same_events_retries_and_no_duplicates(tmp_path):
    from tests.dask_tasks import fail_for_marked
    from veille.scale.dask import local_cluster, run_on_dask

    with Store(tmp_path / "serial.db") as store:  # the same input, run serially
        run([str(SAMPLES)], store)
        serial = {r["id"] for r in store.events()}
    shards = tmp_path / "shards"
    shards.mkdir()
    plan = plan_partitions([str(SAMPLES)], size=8)
    (shards / "FAIL").write_text(plan[0].id)
    with local_cluster(2) as cluster:
        first = run_on_dask([str(SAMPLES)], str(shards), cluster, partition_size=8, retries=1,
                            task=fail_for_marked)
        assert [pid for pid, _ in first.failed] == [plan[0].id]  # reported, the others coded
        assert len(first.coded) == len(plan) - 1
        (shards / "FAIL").unlink()
        second = run_on_dask([str(SAMPLES)], str(shards), cluster, partition_size=8, task=fail_for_marked)
        assert second.skipped == len(plan) - 1 and len(second.coded) == 1
    with Store(tmp_path / "v.db") as store:
        load_shards(str(shards), store)
        load_shards(str(shards), store)  # twice: nothing stored twice
        stored = {r["id"] for r in store.events()}
        assert store.count("articles") == 24
    assert stored == serial  # syndicated copies merged alike


def test_scale_partition_id_is_stable():
    assert Partition(("a.txt", "b.txt")).id == Partition(("a.txt", "b.txt")).id
    assert Partition(("a.jsonl",), 0, 10).id != Partition(("a.jsonl",), 10, 20).id
