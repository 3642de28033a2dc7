"""veille benchmark: throughput, scaling, per-stage time and memory (`make bench`).

Corpus: the bundled real articles of samples/ (French and English), replicated to --articles
copies (each copy made unique by a trailing line, so the store stores every one).

Measures, on the same texts and models:
  1. bare spaCy `nlp.pipe` (the practical limit) and the end-to-end pipeline (language id, parse,
     actors, events, store), on 1 process and on all cores, in articles/s and words/s;
  2. end-to-end / bare ratio; scaling efficiency from 1 to N processes;
  3. per-stage time on 1 process; peak memory (RSS) per worker;
  4. Dask speed-up from 1 to 2 workers (local cluster, models warmed first).
Writes a Markdown table to stdout and JSON to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_corpus(n: int) -> list:
    from veille.ingest import read_inputs
    from veille.models import Article
    from veille.pipeline import with_language

    base = [with_language(a) for a in read_inputs([str(ROOT / "samples")]) if isinstance(a, Article)]
    out = []
    for i in range(n):
        a = base[i % len(base)]
        out.append(dataclasses.replace(a, text=a.text + f"\n\n[{i}]", id="", path=f"{a.path}#{i}"))
    return out


def words(articles: list) -> int:
    return sum(len(a.text.split()) for a in articles)


def bare_pipe(articles: list, processes: int) -> float:
    """Seconds for nlp.pipe over the texts, per language, same models and components."""
    from veille.nlp import load_model
    from veille.nlp.normalise import for_parsing

    start = time.perf_counter()
    for lang in sorted({a.language for a in articles}):
        nlp = load_model(lang)
        texts = [for_parsing(a.text) for a in articles if a.language == lang]
        for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
            pass
    return time.perf_counter() - start


def end_to_end(articles: list, workers: int, db: str) -> float:
    from veille.pipeline import Coded, code_articles
    from veille.store import Store
    from veille.timing import stage

    start = time.perf_counter()
    with Store(db) as store:
        for result in code_articles(articles, workers=workers):
            if isinstance(result, Coded):
                with stage("store"):
                    store.add(result.article, result.events)
    return time.perf_counter() - start


def warm() -> None:
    """Load everything a process loads once (models, knowledge base, lexicons, gazetteer), so that
    the timings measure the per-article work, as for the bare nlp.pipe baseline."""
    from veille.events.lexicon import load_lexicon
    from veille.nlp import load_model
    from veille.pipeline import _finder
    from veille.places.gazetteer import load_gazetteer

    load_gazetteer()
    for lang in ("fr", "en"):
        load_model(lang)
        _finder(lang)
        load_lexicon(lang)


def child(args: argparse.Namespace) -> None:
    """One measurement in a fresh process, printed as JSON (so memory is per measurement)."""
    from veille import timing

    articles = build_corpus(args.articles)
    if args.lang:
        articles = [a for a in articles if a.language == args.lang]
    warm()
    timing.enable()
    with tempfile.TemporaryDirectory() as tmp:
        if args.mode == "bare":
            seconds = bare_pipe(articles, args.processes)
        else:
            seconds = end_to_end(articles, args.processes, str(Path(tmp) / "bench.db"))
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "articles": len(articles), "words": words(articles),
                      "stages": timing.snapshot(), "rss_mb": rss_self, "rss_children_mb": rss_children}))


def measure(mode: str, processes: int, n: int, lang: str = "") -> dict:
    cmd = [sys.executable, __file__, "--child", "--mode", mode, "--processes", str(processes),
           "--articles", str(n)] + (["--lang", lang] if lang else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def dask_speedup(n: int) -> dict:
    from veille.scale.dask import local_cluster, run_on_dask

    corpus_dir = Path(tempfile.mkdtemp())
    with (corpus_dir / "corpus.jsonl").open("w") as handle:
        for a in build_corpus(n):
            handle.write(json.dumps({"text": a.text, "title": a.title, "language": a.language,
                                     "published": a.published.isoformat() if a.published else None}) + "\n")
    times = {}
    for workers in (1, 2):
        with local_cluster(workers) as cluster:
            from dask.distributed import Client

            with Client(cluster) as client:  # warm every worker: models load once per process
                client.run(warm)
            shards = tempfile.mkdtemp()
            start = time.perf_counter()
            run_on_dask([str(corpus_dir / "corpus.jsonl")], shards, cluster, partition_size=64)
            times[workers] = time.perf_counter() - start
    return {"seconds_1": times[1], "seconds_2": times[2], "speedup": times[1] / times[2],
            "efficiency": times[1] / times[2] / 2}


def report(args: argparse.Namespace) -> None:
    cores = os.cpu_count() or 1
    n = args.articles
    results: dict = {"machine": f"{platform.machine()}, {cores} cores, Python {platform.python_version()}",
                     "articles": n}
    rows = []
    for label, lang in (("fr+en", ""), ("fr only", "fr")):
        for procs in sorted({1, cores}):
            bare = measure("bare", procs, n, lang)
            e2e = measure("e2e", procs, n, lang)
            rows.append((label, procs, bare, e2e))
            results[f"{label}/{procs}"] = {"bare": bare, "e2e": e2e}
    print(f"Machine: {results['machine']}; corpus: {n} articles from samples/ (replicated)\n")
    print("| texts | processes | articles | words/article | bare nlp.pipe art/s | end-to-end art/s "
          "| end-to-end words/s | ratio | art/s per core |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, procs, bare, e2e in rows:
        a, w = e2e["articles"], e2e["words"]
        print(f"| {label} | {procs} | {a} | {w / a:.0f} | {a / bare['seconds']:.1f} | {a / e2e['seconds']:.1f} "
              f"| {w / e2e['seconds']:.0f} | {bare['seconds'] / e2e['seconds']:.2f} "
              f"| {a / e2e['seconds'] / procs:.1f} |")
    single = {label: e2e for label, procs, _bare, e2e in rows if procs == 1}
    multi = {label: e2e for label, procs, _bare, e2e in rows if procs == cores}
    if cores > 1:
        for label in single:
            eff = single[label]["seconds"] / multi[label]["seconds"] / cores
            print(f"\nScaling efficiency 1 -> {cores} processes ({label}): {eff:.2f}")
            results[f"efficiency/{label}"] = eff
    stages = single["fr+en"]["stages"]
    nested = {"places": "events"}  # stages timed inside another one: not added to the total twice
    total = sum(v for k, v in stages.items() if k not in nested)
    print("\nPer-stage time, 1 process, fr+en (seconds, share):")
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        inside = f", inside {nested[name]}" if name in nested else ""
        print(f"- {name}: {seconds:.2f} s ({seconds / total:.0%}{inside})")
    if stages.get("parse"):
        after = sum(v for k, v in stages.items() if k in ("events", "actors"))
        print(f"- coding after the parse (actors + events): {after / stages['parse']:.0%} of the parse time; "
              f"actors alone {stages.get('actors', 0) / stages['parse']:.0%}")
        kwords = single["fr+en"]["words"] / 1000
        per_kw = ", ".join(f"{name} {seconds / kwords * 1000:.1f} ms" for name, seconds in
                           sorted(stages.items(), key=lambda kv: -kv[1]))
        print(f"- per 1,000 words: {per_kw}")
    mem = max(e2e["rss_mb"] for _l, procs, _b, e2e in rows if procs == 1)
    mem_workers = max((e2e["rss_children_mb"] for _l, procs, _b, e2e in rows if procs > 1), default=0)
    print(f"\nPeak memory: {mem:.0f} MB (1 process), {mem_workers:.0f} MB per worker process")
    if not args.no_dask:
        d = dask_speedup(max(n // 4, 256))
        results["dask"] = d
        print(f"\nDask local cluster, {max(n // 4, 256)} articles: 1 worker {d['seconds_1']:.1f} s, "
              f"2 workers {d['seconds_2']:.1f} s, speed-up {d['speedup']:.2f} (efficiency {d['efficiency']:.2f})")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="e2e", help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--lang", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    child(args) if args.child else report(args)


if __name__ == "__main__":
    main()
