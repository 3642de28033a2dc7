"""Web API latency benchmark (`make bench-web`): p50/p95 of HTTP requests to `veille serve`.

Loads --events synthetic events (default 1,000,000; the generator of bench/bench_store.py) into
a SQLite file with `Store.bulk_load`, starts `veille serve` on it (its own process, 127.0.0.1, a
free port), then times each request --runs times over one keep-alive connection, after a
warm-up request:

  /api/events (first page of 50), the next page (keyset), a filtered page (MLI + ASSAULT since
  2024), the dyad series of a frequent and of a rare pair (by month; with the dyad's latest
  events), one event with its evidence, /api/health.

Target: p95 < 150 ms for the events pages and the dyad series. Prints a Markdown table; --json
also writes bench/results/web.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # veille, and bench_store (the synthetic corpus)

TARGET_MS = 150.0


def build(db: Path, n_events: int) -> dict[str, Any]:
    from bench_store import corpus

    from veille.store import Store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    t = time.perf_counter()
    with Store(db) as store:
        n_articles, n = store.bulk_load(corpus(n_events))
    return {"articles": n_articles, "events": n, "seconds": round(time.perf_counter() - t, 1)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "veille", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    base = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError("veille serve exited")
        time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("veille serve did not answer in 60 s")


def timeit(client: Any, url: str, runs: int) -> dict[str, Any]:
    first = client.get(url)  # warm-up: page cache, statement cache, imports
    if first.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {first.status_code} {first.text[:200]}")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get(url)
        response.raise_for_status()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"url": url, "p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1),
            "bytes": len(first.content)}


def cases(client: Any) -> list[tuple[str, str, bool]]:
    from bench_store import codes

    names = codes()
    first = client.get("/api/events?limit=50").json()
    event_id = first["events"][0]["id"]
    return [
        ("events, first page (50)", "/api/events?limit=50", True),
        ("events, next page (keyset)", f"/api/events?limit=50&after={first['next']}", True),
        ("events, MLI + ASSAULT since 2024 (50)", "/api/events?involving=MLI&event=ASSAULT&since=2024&limit=50", True),
        (f"dyad series {names[0]}-{names[1]} by month", f"/api/dyads/{names[0]}/{names[1]}?by=month", True),
        (f"dyad series {names[30]}-{names[60]} by month", f"/api/dyads/{names[30]}/{names[60]}?by=month", True),
        ("one event with its evidence", f"/api/events/{event_id}", False),
        ("health", "/api/health", False),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events to load")
    parser.add_argument("--runs", type=int, default=100, help="timed requests per endpoint")
    parser.add_argument("--db", help="SQLite file (default: a temporary file, deleted afterwards)")
    parser.add_argument("--keep", action="store_true", help="with --db: reuse an existing file, do not load")
    parser.add_argument("--json", action="store_true", help="also write bench/results/web.json")
    args = parser.parse_args(argv)
    import httpx

    tmp = None
    if args.db:
        db = Path(args.db)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="veille-bench-web-")
        db = Path(tmp.name) / "bench.db"
    out: dict[str, Any] = {"machine": f"{platform.machine()}, Python {platform.python_version()}",
                           "runs": args.runs}
    proc = None
    try:
        if not (args.keep and db.exists()):
            out["load"] = build(db, args.events)
        proc, base = serve(db)
        with httpx.Client(base_url=base, timeout=60) as client:
            out["events"] = client.get("/api/health").json()["events"]
            out["requests"] = []
            for name, url, target in cases(client):
                result = timeit(client, url, args.runs)
                result.update(name=name, target=target,
                              ok=(result["p95_ms"] < TARGET_MS) if target else None)
                out["requests"].append(result)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        if tmp is not None:
            tmp.cleanup()
    _print(out)
    if args.json:
        path = ROOT / "bench" / "results" / "web.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(out, indent=2) + "\n", "utf-8")
    return 0 if all(r["ok"] is not False for r in out["requests"]) else 1


def _print(out: dict[str, Any]) -> None:
    load = out.get("load")
    built = f"; loaded in {load['seconds']:.0f} s" if load else ""
    print(f"\nWeb API latency: {out['events']:,} events in SQLite{built}; {out['runs']} requests each over HTTP "
          f"to `veille serve` ({out['machine']})\n")
    print("| request | p50 | p95 | target |")
    print("|---|---|---|---|")
    for r in out["requests"]:
        target = "" if r["ok"] is None else f"{'ok' if r['ok'] else 'MISSED'} (p95 < {TARGET_MS:.0f} ms)"
        print(f"| {r['name']} | {r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms | {target} |")


if __name__ == "__main__":
    sys.exit(main())
