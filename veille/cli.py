"""The `veille` command. Thin: parse arguments, call the library, print, translate errors.

Exit status: 0 all went well; 1 some input items failed (each is reported); 2 usage or data error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from veille import __version__
from veille.errors import VeilleError

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_ITEMS_FAILED, EXIT_USAGE = 0, 1, 2


def _date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veille", description="News reports to source-linked political event data (PLOVER)."
    )
    parser.add_argument("--version", action="version", version=f"veille {__version__}")
    parser.add_argument("--kb", action="append", default=[], metavar="PATH",
                        help="a directory of knowledge-base files extending the bundled KB (repeatable)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("code", help="code articles and print their events")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.html/.jsonl files, folders, or - for stdin")
    p.add_argument("--lang", default="auto", help="auto (detect per article), fr or en")
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    p.add_argument("--published", type=_date_arg, help="publication date when the article has none")
    p.add_argument("--workers", type=int, help="worker processes (default: settings.workers; 0 = all cores)")

    p = sub.add_parser("run", help="read, code and store articles in the database")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", help="SQLite file (default: settings.db)")
    p.add_argument("--lang", default="auto")
    p.add_argument("--published", type=_date_arg)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=int, help="worker processes (default: settings.workers; 0 = all cores)")
    p.add_argument("--dask", metavar="SCHEDULER", help="run on a Dask cluster: a scheduler address or 'local'")
    p.add_argument("--shards", metavar="DIR", default="veille-shards",
                   help="with --dask: folder of the Parquet shards written by the workers")

    p = sub.add_parser("events", help="query stored events")
    p.add_argument("--db", help="SQLite file (default: settings.db)")
    p.add_argument("--actor", help="actor or recipient code (RUS, IGO) or KB id (AES)")
    p.add_argument("--type", dest="event_type", help="PLOVER event type (CONSULT, ...)")
    p.add_argument("--since", help="earliest event date, YYYY[-MM[-DD]]")
    p.add_argument("--limit", type=int, help="at most this many events")
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl")

    p = sub.add_parser("load", help="bulk-load Parquet shards written by a Dask run into the database")
    p.add_argument("shards", metavar="DIR", help="folder of shards (veille run --dask ... --shards DIR)")
    p.add_argument("--db", help="SQLite file (default: settings.db)")

    p = sub.add_parser("failures", help="list input items that could not be processed")
    p.add_argument("--db", help="SQLite file (default: settings.db)")

    p = sub.add_parser("places", help="find and geocode place names (and dates) in a text")
    places = p.add_subparsers(dest="places_command", required=True)
    p = places.add_parser("resolve", help="print the places found in TEXT as JSON lines")
    p.add_argument("text", nargs="+", metavar="TEXT")
    p.add_argument("--lang", choices=("fr", "en"), default="en")
    p.add_argument("--date", type=_date_arg, help="publication date: also print the date TEXT gives, resolved")

    p = sub.add_parser("actors", help="resolve actors in a text; inspect the knowledge base")
    actors = p.add_subparsers(dest="actors_command", required=True)
    q = actors.add_parser("resolve", help="print the actors found in TEXT as JSON lines")
    q.add_argument("text", metavar="TEXT", help="the text, or - for standard input")
    q.add_argument("--lang", default="auto", help="auto, fr or en")
    q.add_argument("--date", type=_date_arg, help="the article's date, for office holders (default: today)")
    q = actors.add_parser("show", help="print one knowledge-base entry as JSON")
    q.add_argument("id", metavar="ID")
    q = actors.add_parser("search", help="list knowledge-base entries whose names contain NAME")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--limit", type=int, default=20)

    p = sub.add_parser("eval", help="score the coder against gold files")
    p.add_argument("gold", nargs="+", metavar="GOLD", help="*.gold.json or PLOVER_GSR_CAMEO.txt")
    p.add_argument("--lang", default="auto")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--show-errors", action="store_true", help="list predictions matching no gold event")
    return parser


# -- output helpers --------------------------------------------------------------------------
def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 160  # pipes and files get wide, readable tables
    return Console(stderr=stderr, highlight=False, width=width)


def _names(actors: Iterable[dict[str, Any]]) -> str:
    return ", ".join(f"{a['code']} {a['sector']}".strip() for a in actors) or "-"


def _snippet(record: dict[str, Any], width: int = 90) -> Any:
    """The evidence sentence around its trigger, trigger in bold, at most `width` characters."""
    from rich.text import Text

    sentence, info = record["text"], record["text_info"]
    start = info["trigger"]["start"] - info["start"]
    end = info["trigger"]["end"] - info["start"]
    left = max(0, min(start - width // 3, len(sentence) - width))
    right = min(len(sentence), left + width)
    def flat(part: str) -> str:
        return re.sub(r"\s+", " ", part)

    text = Text(("…" if left else "") + flat(sentence[left:start]))
    text.append(sentence[start:end], style="bold")
    text.append(flat(sentence[end:right]) + ("…" if right < len(sentence) else ""))
    return text


def _events_table(records: list[dict[str, Any]], title: str) -> Any:
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    table.add_column("date", no_wrap=True)
    table.add_column("event", no_wrap=True)
    table.add_column("actor")
    table.add_column("recipient")
    table.add_column("where")
    table.add_column("evidence (trigger in bold)", overflow="fold")
    for r in records:
        event = r["event"] + (f"/{r['mode']}" if r["mode"] else "")
        if r["modality"] != "actual" or r["negated"]:
            event += f" ({'not ' if r['negated'] else ''}{r['modality']})"
        where = r["location"]["name"] if r.get("location") else ""
        table.add_row(r["date"] or "", event, _names(r["actor"]), _names(r["recipient"]), where, _snippet(r))
    return table


def _report_failure(failure: Any) -> None:
    print(f"veille: skipped {failure.location}: {failure.reason}", file=sys.stderr)


# -- commands --------------------------------------------------------------------------------
def cmd_code(args: argparse.Namespace) -> int:
    from veille.models import Failure
    from veille.pipeline import code_paths
    from veille.schema import validate_record

    failed = 0
    rows: list[dict[str, Any]] = []
    for result in code_paths(args.paths, args.lang, args.published, _workers(args)):
        if isinstance(result, Failure):
            failed += 1
            _report_failure(result)
            continue
        for event in result.events:
            record = event.to_record()
            validate_record(record)
            if args.format == "jsonl":
                print(json.dumps(record, ensure_ascii=False), flush=False)
            else:
                rows.append(record)
    if args.format == "table":
        _console().print(_events_table(rows, f"{len(rows)} events"))
    sys.stdout.flush()
    return EXIT_ITEMS_FAILED if failed else EXIT_OK


def _db(args: argparse.Namespace) -> str:
    from veille.settings import get_settings

    return args.db or get_settings().db


def _workers(args: argparse.Namespace) -> int:
    from veille.settings import get_settings

    workers = args.workers if args.workers is not None else get_settings().workers
    return workers if workers > 0 else (os.cpu_count() or 1)


def _progress(console: Any, disable: bool) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
        TextColumn("{task.fields[rate]} articles/s"), TimeElapsedColumn(), TextColumn("ETA"),
        TimeRemainingColumn(), console=console, disable=disable, transient=True,
    )


def cmd_run(args: argparse.Namespace) -> int:
    import time

    from veille.ingest import count_inputs
    from veille.models import Failure
    from veille.pipeline import run
    from veille.store import Store

    if args.dask:
        return _run_dask(args)
    console = _console(stderr=True)
    start = time.monotonic()
    with Store(_db(args)) as store, _progress(console, args.quiet) as progress:
        task = progress.add_task("coding", total=count_inputs(args.paths), rate="-")

        def on_item(result: Any) -> None:
            done = progress.tasks[0].completed + 1
            rate = f"{done / max(time.monotonic() - start, 1e-6):.1f}"
            progress.update(task, advance=1, rate=rate)
            if isinstance(result, Failure):
                progress.console.print(f"[yellow]skipped[/] {result.location}: {result.reason}")

        summary = run(args.paths, store, args.lang, args.published, on_item, workers=_workers(args))
        totals = (store.count("articles"), store.count("events"))
    print(
        f"{summary.articles} articles coded ({summary.new_articles} new), "
        f"{summary.events} events ({summary.new_events} new), {len(summary.failures)} failed; "
        f"{_db(args)} now holds {totals[0]} articles and {totals[1]} events."
    )
    return EXIT_ITEMS_FAILED if summary.failures else EXIT_OK


def _run_dask(args: argparse.Namespace) -> int:
    from veille.scale.dask import local_cluster, run_on_dask
    from veille.scale.shards import load_shards
    from veille.store import Store

    cluster = local_cluster(_workers(args)) if args.dask == "local" else None
    try:
        with _progress(_console(stderr=True), args.quiet) as progress:
            task = progress.add_task("partitions", total=None, rate="-")
            report = run_on_dask(args.paths, args.shards, cluster or args.dask, args.lang,
                                 on_done=lambda _stats: progress.advance(task))
    finally:
        if cluster is not None:
            cluster.close()
    for pid, error in report.failed:
        print(f"veille: partition {pid} failed after retries: {error}", file=sys.stderr)
    with Store(_db(args)) as store:
        loaded = load_shards(args.shards, store)
        totals = (store.count("articles"), store.count("events"))
    print(
        f"{report.partitions} partitions ({report.skipped} already coded, {len(report.failed)} failed); "
        f"loaded {loaded.articles} new articles and {loaded.events} new events from {args.shards}; "
        f"{_db(args)} now holds {totals[0]} articles and {totals[1]} events."
    )
    return EXIT_ITEMS_FAILED if report.failed or loaded.failures else EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    from veille.scale.shards import load_shards
    from veille.store import Store

    with Store(_db(args)) as store:
        loaded = load_shards(args.shards, store)
        totals = (store.count("articles"), store.count("events"))
    print(f"loaded {loaded.articles} new articles, {loaded.events} new events and {loaded.failures} failure "
          f"records from {args.shards}; {_db(args)} now holds {totals[0]} articles and {totals[1]} events.")
    return EXIT_OK


def cmd_events(args: argparse.Namespace) -> int:
    from veille.store import Store

    with Store(_db(args)) as store:
        records = list(store.events(args.actor, args.event_type, args.since, args.limit))
    if args.format == "jsonl":
        for record in records:
            print(json.dumps(record, ensure_ascii=False))
    else:
        _console().print(_events_table(records, f"{len(records)} events in {_db(args)}"))
    return EXIT_OK


def cmd_failures(args: argparse.Namespace) -> int:
    from veille.store import Store

    with Store(_db(args)) as store:
        for failure in store.failures():
            print(f"{failure.location}\t{failure.code}\t{failure.reason}")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from rich.table import Table

    from veille.evaluate import evaluate

    reports = [evaluate(path, args.lang) for path in args.gold]
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], indent=2))
        return EXIT_OK
    console = _console()
    for report in reports:
        table = Table(title=f"{report.name}: {report.docs} documents")
        for col in ("type", "gold", "predicted", "precision", "recall", "F1", "actor acc."):
            table.add_column(col, justify="right" if col != "type" else "left")
        for label, s in sorted(report.scores.items(), key=lambda kv: (kv[0] != "ALL", kv[0])):
            table.add_row(label, str(s.tp + s.fn), str(s.pred_ok + s.pred_bad), f"{s.precision:.3f}",
                          f"{s.recall:.3f}", f"{s.f1:.3f}", f"{s.actor_accuracy:.3f}")
        console.print(table)
        if args.show_errors:
            for doc, desc in report.unmatched:
                console.print(f"  unmatched prediction in {doc}: {desc}")
    return EXIT_OK


def cmd_places(args: argparse.Namespace) -> int:
    from veille.dates import event_date
    from veille.places import resolve_text

    text = " ".join(args.text)
    for record in resolve_text(text, args.lang):
        print(json.dumps(record, ensure_ascii=False))
    if args.date:
        found = event_date(text, args.date, args.lang)
        if found:
            print(json.dumps({"date": found.value, "date_precision": found.precision, "start": found.start,
                              "end": found.end, "how": found.how}, ensure_ascii=False))
    return EXIT_OK


COMMANDS = {"code": cmd_code, "run": cmd_run, "load": cmd_load, "events": cmd_events, "failures": cmd_failures,
            "eval": cmd_eval, "places": cmd_places}

def cmd_actors(args: argparse.Namespace) -> int:
    from veille.actors.cli import run_actors_command

    for line in run_actors_command(args.actors_command, vars(args)):
        print(line)
    return EXIT_OK


COMMANDS["actors"] = cmd_actors


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.kb:
            from veille.actors.kb import configure_kb

            configure_kb(args.kb)
        return COMMANDS[args.command](args)
    except VeilleError as exc:
        print(f"veille: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `veille code ... | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("veille: interrupted", file=sys.stderr)
        return 130
