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


PERIODS = ("day", "week", "month", "quarter", "year")
EXPORT_FORMATS = ("plover", "csv", "parquet", "tsv", "acled", "geojson", "graphml", "gexf")


def _filter_options(p: argparse.ArgumentParser, actor_means_involving: bool = False) -> None:
    """The event filters (veille.store.query.Filters) shared by events, stats, dyad, network,
    partners, alignment and export. Lists are comma-separated."""
    g = p.add_argument_group("filters (lists are comma-separated)")
    who = "code (MLI), KB id (AES) or CODE:SECTOR (MLI:MIL)"
    g.add_argument("--actor", help=f"as actor or recipient (same as --involving): {who}" if actor_means_involving
                   else f"as actor: {who}")
    g.add_argument("--recipient", help=f"as recipient: {who}")
    g.add_argument("--involving", help=f"as actor or recipient: {who}")
    g.add_argument("--dyad", metavar="A,B", help="two actors, in either direction")
    g.add_argument("--sector", help="a PLOVER sector on either side (GOV, MIL, REB...)")
    g.add_argument("--type", dest="event_type", help="PLOVER event type(s) (CONSULT, ASSAULT...)")
    g.add_argument("--mode", help="PLOVER mode(s) (visit, arrest...)")
    g.add_argument("--context", help="PLOVER context(s) (military, economic...)")
    g.add_argument("--quad-class", help="quad class(es): 1 verbal coop, 2 material coop, 3 verbal, 4 material conflict")
    g.add_argument("--country", help="ISO alpha-3 code(s) of the event's place")
    g.add_argument("--place", help="place name (Moscow)")
    g.add_argument("--since", help="earliest event date, YYYY[-MM[-DD]]")
    g.add_argument("--until", help="latest event date (inclusive), YYYY[-MM[-DD]]")
    g.add_argument("--lang", dest="language", help="article language(s) (fr, en)")
    g.add_argument("--source", help="site(s) that published the article (abamako.com)")
    g.add_argument("--q", help="words in the event's sentence (full-text search)")
    g.add_argument("--modality", help="actual, intent or hypothetical")
    neg = g.add_mutually_exclusive_group()
    neg.add_argument("--negated", dest="negated", action="store_const", const=True, default=None,
                     help="only negated events (\"did not\")")
    neg.add_argument("--not-negated", dest="negated", action="store_const", const=False,
                     help="only events that are not negated")
    g.add_argument("--min-confidence", help="lowest coder confidence, 0-1")


def _analysis_parsers(sub: Any) -> None:
    def common(p: argparse.ArgumentParser, by: str | None = None, png: bool = True) -> None:
        p.add_argument("--db", help="SQLite file or postgresql:// URL (default: settings.db)")
        if by:
            p.add_argument("--by", choices=PERIODS, default=by, help=f"period (default {by})")
        p.add_argument("--unit", choices=("clusters", "events"), default="clusters",
                       help="count event clusters (the same event from several outlets once; default) or events")
        p.add_argument("--actual-only", action=argparse.BooleanOptionalAction, default=True,
                       help="only events that happened: modality actual, not negated (default; "
                            "--no-actual-only counts intents, hypotheticals and negations too)")
        p.add_argument("--json", action="store_true", help="print the result as JSON")
        if png:
            p.add_argument("--png", metavar="FILE", help="also draw a chart into this PNG file")
        _filter_options(p)

    p = sub.add_parser("stats", help="what the database holds, and events per period")
    common(p, by="month")
    p.add_argument("--split", choices=("quad_class", "event", "country"), help="one count per quad class, type...")

    p = sub.add_parser("dyad", help="events between two actors per period, by quad class, with Goldstein values")
    p.add_argument("a", metavar="A", help="code, KB id or CODE:SECTOR")
    p.add_argument("b", metavar="B", help="code, KB id or CODE:SECTOR")
    common(p, by="month")
    p.add_argument("--directed", action="store_true", help="only A acting on B (default: both directions)")

    p = sub.add_parser("network", help="the actor network (who acts on whom), as a table, GraphML/GEXF or PNG")
    common(p)
    p.add_argument("--out", metavar="FILE", help="write the network to FILE.graphml or FILE.gexf")
    p.add_argument("--min-events", type=int, default=1, help="leave out edges with fewer events (default 1)")
    p.add_argument("--directed", action="store_true", help="actor -> recipient edges (default: undirected)")
    p.add_argument("--top", type=int, default=20, help="edges shown in the table (default 20)")

    p = sub.add_parser("partners", help="an actor's main partners per period")
    p.add_argument("actor_spec", metavar="ACTOR", help="code, KB id or CODE:SECTOR")
    common(p, by="quarter", png=False)
    p.add_argument("--top", type=int, default=5, help="partners per period (default 5)")

    p = sub.add_parser("alignment", help="whom a group of actors cooperates with, per period (shares)")
    p.add_argument("--actors", required=True, help="the group, comma-separated (MLI,NER,BFA)")
    p.add_argument("--partners", required=True, help="the partners compared, comma-separated (RUS,FRA)")
    common(p, by="quarter")

    p = sub.add_parser("export", help="write stored events to a file (PLOVER JSONL, CSV, Parquet, GDELT, ACLED...)")
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default: settings.db)")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--actual-only", action="store_true",
                   help="only events that happened: modality actual, not negated (default: every event)")
    p.add_argument("--unit", choices=("clusters", "events"), default="clusters",
                   help="graphml/gexf: count event clusters (default) or events")
    p.add_argument("--min-events", type=int, default=1, help="graphml/gexf: leave out edges with fewer events")
    _filter_options(p)


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
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default: settings.db)")
    p.add_argument("--lang", default="auto")
    p.add_argument("--published", type=_date_arg)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=int, help="worker processes (default: settings.workers; 0 = all cores)")
    p.add_argument("--dask", metavar="SCHEDULER", help="run on a Dask cluster: a scheduler address or 'local'")
    p.add_argument("--shards", metavar="DIR", default="veille-shards",
                   help="with --dask: folder of the Parquet shards written by the workers")

    p = sub.add_parser("ingest", help="store articles without coding them (de-duplicated); recode codes them")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default: settings.db)")
    p.add_argument("--published", type=_date_arg)
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("watch", help="poll the feeds of a YAML file, code and store what is new, repeatedly")
    p.add_argument("feeds", metavar="FEEDS.yaml", help="list of feeds: [{url: ..., name: ..., lang: fr}, ...]")
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default: settings.db)")
    p.add_argument("--every", default="15m", help="time between polls: 90s, 15m, 1h (default 15m)")
    p.add_argument("--once", action="store_true", help="poll once and exit")
    p.add_argument("--workers", type=int, help="worker processes (default: settings.workers; 0 = all cores)")

    p = sub.add_parser("recode", help="code stored articles again with this coder version")
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default: settings.db)")
    p.add_argument("--all", action="store_true", dest="everything",
                   help="every article, not only those never coded or coded by another coder version")
    p.add_argument("--lang", default="auto")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=int, help="worker processes (default: settings.workers; 0 = all cores)")

    p = sub.add_parser("events", help="query stored events")
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default: settings.db)")
    _filter_options(p, actor_means_involving=True)
    p.add_argument("--limit", type=int, help="at most this many events")
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl")

    p = sub.add_parser("load", help="bulk-load Parquet shards written by a Dask run into the database")
    p.add_argument("shards", metavar="DIR", help="folder of shards (veille run --dask ... --shards DIR)")
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default: settings.db)")

    p = sub.add_parser("copy", help="copy a whole store into a new database (SQLite file <-> PostgreSQL)",
                       description="Copy a whole store (articles, stories, events and their clusters, corrections, "
                                   "runs, failures, feeds) into an empty database, as it is: move a laptop's SQLite "
                                   "store to a team's PostgreSQL server, or take a PostgreSQL store away as one "
                                   "SQLite file. One transaction: a copy that fails leaves the target empty.")
    p.add_argument("source", metavar="FROM", help="SQLite file or postgresql:// URL of the store to copy")
    p.add_argument("target", metavar="TO", help="SQLite file or postgresql:// URL of an empty (or new) database")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("failures", help="list input items that could not be processed")
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default: settings.db)")

    _analysis_parsers(sub)

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
    p.add_argument("--show-errors", action="store_true", help="list unmatched predictions and missed gold events")
    p.add_argument("--actors", action="store_true",
                   help="report actor-code accuracy by role and code kind (state, IGO, other), with confusions")
    _web_parsers(sub)
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
        f"{summary.events} events ({summary.new_events} new), {len(summary.failures)} failed"
        f"{_summary_line(summary)}; "
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


def _summary_line(summary: Any) -> str:
    extra = []
    if summary.near_duplicates:
        extra.append(f"{summary.near_duplicates} syndicated copies joined their story")
    if summary.copies:
        extra.append(f"{summary.copies} already stored, new source recorded")
    if summary.merged_events:
        extra.append(f"{summary.merged_events} events merged into their story's")
    return ("; " + ", ".join(extra)) if extra else ""


def cmd_ingest(args: argparse.Namespace) -> int:
    from veille.ingest import count_inputs
    from veille.ingest.sources import read_sources
    from veille.pipeline import ingest
    from veille.store import Store

    with Store(_db(args)) as store, _progress(_console(stderr=True), args.quiet) as progress:
        task = progress.add_task("storing", total=count_inputs(args.paths), rate="-")
        summary = ingest(read_sources(args.paths, args.published, skip=store.seen_url), store,
                         on_item=lambda _item: progress.update(task, advance=1))
        total = store.count("articles")
    for failure in summary.failures:
        print(f"skipped {failure.location}: {failure.reason}", file=sys.stderr)
    print(f"{summary.articles} articles read ({summary.new_articles} new), {len(summary.failures)} failed"
          f"{_summary_line(summary)}; {_db(args)} now holds {total} articles (run `veille recode` to code them).")
    return EXIT_ITEMS_FAILED if summary.failures else EXIT_OK


def cmd_watch(args: argparse.Namespace) -> int:
    from datetime import datetime

    from veille.store import Store
    from veille.watch import parse_every, watch

    every = parse_every(args.every)

    def report(r: Any) -> None:
        s = r.summary
        print(f"{datetime.now().isoformat(timespec='seconds')} polled {r.feeds} feeds ({r.not_modified} not modified, "
              f"{len(r.feed_failures)} failed): {r.new_entries} new of {r.entries} entries; "
              f"{s.new_articles} articles and {s.new_events} events stored, {len(s.failures)} pages failed"
              f"{_summary_line(s)}", flush=True)
        for failure in r.feed_failures + s.failures:
            print(f"  skipped {failure.location}: {failure.reason}", file=sys.stderr, flush=True)

    with Store(_db(args)) as store:
        try:
            watch(args.feeds, store, every, once=args.once, workers=_workers(args), report=report)
        except KeyboardInterrupt:
            print("veille: watch stopped; the next start resumes where it stopped", file=sys.stderr)
    return EXIT_OK


def cmd_recode(args: argparse.Namespace) -> int:
    from veille.pipeline import recode
    from veille.store import Store

    with Store(_db(args)) as store, _progress(_console(stderr=True), args.quiet) as progress:
        task = progress.add_task("recoding", total=None, rate="-")
        summary = recode(store, args.everything, args.lang, _workers(args),
                         on_item=lambda _item: progress.update(task, advance=1))
        totals = (store.count("articles"), store.count("events"))
    for failure in summary.failures:
        print(f"skipped {failure.location}: {failure.reason}", file=sys.stderr)
    print(f"{summary.articles} articles recoded, {summary.events} events coded ({summary.new_events} new, "
          f"{summary.removed_events} removed), {len(summary.failures)} failed; "
          f"{_db(args)} now holds {totals[0]} articles and {totals[1]} events.")
    return EXIT_ITEMS_FAILED if summary.failures else EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    from veille.scale.shards import load_shards
    from veille.store import Store

    with Store(_db(args)) as store:
        loaded = load_shards(args.shards, store)
        totals = (store.count("articles"), store.count("events"))
    print(f"loaded {loaded.articles} new articles, {loaded.events} new events and {loaded.failures} failure "
          f"records from {args.shards}; {_db(args)} now holds {totals[0]} articles and {totals[1]} events.")
    return EXIT_OK


def cmd_copy(args: argparse.Namespace) -> int:
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from veille.store import Store
    from veille.store.schema import TABLES

    if "://" not in args.source and not os.path.isfile(args.source):  # else opening it would create it
        print(f"veille: error: {args.source}: no such SQLite file", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    with Store(args.source) as source, Store(args.target) as target, Progress(
            TextColumn("copying {task.fields[table]}"), BarColumn(), MofNCompleteColumn(), TextColumn("rows"),
            TimeElapsedColumn(), console=_console(stderr=True), disable=args.quiet, transient=True) as progress:
        total = sum(source.count(name) for name in TABLES if name != "migrations")
        task = progress.add_task("copy", total=total, table="")
        try:
            copied = target.copy_from(source, lambda table, n: progress.update(task, advance=n, table=table))
        except ValueError as exc:  # not empty, or itself
            print(f"veille: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    rest = ", ".join(f"{n} {name}" for name, n in copied.items()
                     if n and name not in ("articles", "events", "stories"))
    print(f"copied {copied['articles']} articles ({copied['stories']} stories) and {copied['events']} events"
          f"{' (' + rest + ')' if rest else ''} from {args.source} to {args.target} "
          f"in {time.perf_counter() - started:.1f} s.")
    return EXIT_OK


def cmd_events(args: argparse.Namespace) -> int:
    from veille.store import Store
    from veille.store.query import records as query_records

    f = _filters(args)  # here --actor means actor or recipient, as it always did
    with Store(_db(args)) as store:
        records = list(query_records(store, f, limit=args.limit))
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

    if args.actors:
        return _eval_actors(args)
    reports = [evaluate(path, args.lang) for path in args.gold]
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], indent=2))
        return EXIT_OK
    console = _console()
    for report in reports:
        table = Table(title=f"{report.name}: {report.docs} documents")
        for col in ("type", "gold", "predicted", "precision", "recall", "F1", "type acc.", "actor acc.",
                    "date acc."):
            table.add_column(col, justify="right" if col != "type" else "left")
        for label, s in sorted(report.scores.items(), key=lambda kv: (kv[0] != "ALL", kv[0])):
            dates = f"{s.date_accuracy:.3f} ({s.date_seen})" if s.date_seen else "-"
            table.add_row(label, str(s.tp + s.fn), str(s.pred_ok + s.pred_bad), f"{s.precision:.3f}",
                          f"{s.recall:.3f}", f"{s.f1:.3f}", f"{s.type_accuracy:.3f}", f"{s.actor_accuracy:.3f}",
                          dates)
        console.print(table)
        if args.show_errors:
            for doc, desc in report.unmatched:
                console.print(f"  unmatched prediction in {doc}: {desc}")
            for doc, desc, found in report.missed:
                console.print(f"  missed gold event in {doc}: {desc} (predicted: {found})")
    return EXIT_OK


def _eval_actors(args: argparse.Namespace) -> int:
    from rich.table import Table

    from veille.actors.evaluate import KINDS, ROLES, actor_report

    reports = [actor_report(path, args.lang) for path in args.gold]
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], indent=2))
        return EXIT_OK
    console = _console()
    for report in reports:
        table = Table(title=f"{report.name}: actor codes ({report.not_found} gold actors not found in their text)")
        for col in ("role", "kind", "gold", "correct", "accuracy"):
            table.add_column(col, justify="left" if col in ("role", "kind") else "right")
        for role in ROLES:
            for kind in (*KINDS, "all"):
                if (c := report.cell(role, kind)).n:
                    table.add_row(role, kind, str(c.n), str(c.ok), f"{c.accuracy:.3f}")
        console.print(table)
        confusions = Table(title=f"{report.name}: most frequent confusions")
        for col in ("role", "gold", "predicted", "count"):
            confusions.add_column(col, justify="right" if col == "count" else "left")
        for role, gold, pred, count in report.top_confusions(15):
            confusions.add_row(role, gold, pred, str(count))
        console.print(confusions)
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


COMMANDS = {"code": cmd_code, "run": cmd_run, "ingest": cmd_ingest, "recode": cmd_recode,
            "watch": cmd_watch, "load": cmd_load, "copy": cmd_copy,
            "events": cmd_events, "failures": cmd_failures, "eval": cmd_eval, "places": cmd_places}

def cmd_actors(args: argparse.Namespace) -> int:
    from veille.actors.cli import run_actors_command

    for line in run_actors_command(args.actors_command, vars(args)):
        print(line)
    return EXIT_OK


COMMANDS["actors"] = cmd_actors


# -- analysis and exports (veille.store.analysis, veille.export) -------------------------------
def _filters(args: argparse.Namespace) -> Any:
    from veille.store.query import Filters

    values = {name: getattr(args, name, None) for name in (
        "actor", "recipient", "involving", "dyad", "sector", "mode", "context", "country", "place", "since",
        "until", "language", "source", "q", "modality", "negated", "min_confidence")}
    values["event"] = args.event_type
    values["quad_class"] = args.quad_class
    if args.command == "events" and values["actor"]:  # `veille events --actor`: actor or recipient
        values["involving"] = ",".join(filter(None, (values["involving"], values.pop("actor"))))
    f = Filters.from_dict(values)
    if getattr(args, "actual_only", False):
        from veille.store.analysis import actual_only

        f = actual_only(f)
    return f


def _table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], caption: str | None = None) -> Any:
    from rich.table import Table

    table = Table(title=title, caption=caption)
    for i, col in enumerate(columns):
        table.add_column(col, justify="left" if i == 0 or col in ("key", "partner", "source", "target", "code",
                                                                   "name", "period") else "right")
    for row in rows:
        table.add_row(*("-" if v is None else str(v) for v in row))
    return table


def _scope(args: argparse.Namespace) -> str:
    which = "every modality and negation"
    if args.modality or args.negated is not None:
        which = "modality and negation as filtered"
    elif args.actual_only:
        which = "actual and not negated only"
    return f"counting {'event clusters' if args.unit == 'clusters' else 'events'}, {which}"


def _nothing(what: str = "events") -> int:
    print(f"veille: no {what} match these filters", file=sys.stderr)
    return EXIT_OK


def _png(args: argparse.Namespace, draw: Any, *data: Any) -> None:
    if getattr(args, "png", None):
        draw(*data, args.png)
        print(f"chart written to {args.png}", file=sys.stderr)


def cmd_stats(args: argparse.Namespace) -> int:
    from veille.store import Store
    from veille.store.analysis import counts, summary

    f = _filters(args)
    with Store(_db(args)) as store:
        info = summary(store)
        rows = counts(store, f, by=args.by, split=args.split, unit=args.unit)
    if args.json:
        print(json.dumps({"summary": info, "counts": rows}, ensure_ascii=False))
        return EXIT_OK
    console = _console()
    langs = ", ".join(f"{k} {v}" for k, v in info["languages"].items())
    console.print(f"{_db(args)}: {info['articles']} articles ({langs}) in {info['stories']} stories, "
                  f"{info['sources']} sources; {info['events']} events in {info['clusters']} clusters, "
                  f"{info['first_day'] or '-'} to {info['last_day'] or '-'}; {info['failures']} failures")
    if not rows:
        return _nothing()
    title = f"events per {args.by}" + (f" and {args.split}" if args.split else "")
    if args.split:
        keys = sorted({r["key"] for r in rows}, key=str)
        cells = {(r["period"], r["key"]): r["count"] for r in rows}
        periods = sorted({r["period"] for r in rows})
        quads = {1: "1 verbal coop", 2: "2 material coop", 3: "3 verbal conflict", 4: "4 material conflict"}
        names = [quads.get(k, str(k)) if args.split == "quad_class" else str(k or "-") for k in keys]
        console.print(_table(title, [args.by, *names, "total"],
                             ([p, *(cells.get((p, k), 0) for k in keys), sum(cells.get((p, k), 0) for k in keys)]
                              for p in periods), _scope(args)))
    else:
        top = max(r["count"] for r in rows)
        console.print(_table(title, [args.by, "count", "Goldstein", ""],
                             ([r["period"], r["count"], r["goldstein"], "█" * max(1, round(30 * r["count"] / top))]
                              for r in rows), _scope(args)))
    from veille.export.charts import counts_chart

    _png(args, lambda data, path: counts_chart(data, path, title), rows)
    return EXIT_OK


def cmd_dyad(args: argparse.Namespace) -> int:
    from veille.store import Store
    from veille.store.analysis import dyad_series

    f = _filters(args)
    with Store(_db(args)) as store:
        rows = dyad_series(store, args.a, args.b, by=args.by, filters=f, directed=args.directed, unit=args.unit)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        return _nothing(f"events between {args.a} and {args.b}")
    arrow = "->" if args.directed else "<->"
    title = f"{args.a} {arrow} {args.b} per {args.by}"
    cols = ["verbal_coop", "material_coop", "verbal_conflict", "material_conflict", "events", "goldstein_total",
            "goldstein_mean"]
    _console().print(_table(title, [args.by, *(c.replace("_", " ") for c in cols)],
                            ([r["period"], *(r[c] for c in cols)] for r in rows), _scope(args)))
    from veille.export.charts import dyad_chart

    _png(args, lambda data, path: dyad_chart(data, path, title), rows)
    return EXIT_OK


def cmd_network(args: argparse.Namespace) -> int:
    from veille.store import Store
    from veille.store.analysis import network, to_networkx

    f = _filters(args)
    if args.out and not args.out.endswith((".graphml", ".gexf")):
        print("veille: error: --out: expected a .graphml or .gexf file name", file=sys.stderr)
        return EXIT_USAGE
    with Store(_db(args)) as store:
        net = network(store, f, min_events=args.min_events, directed=args.directed, unit=args.unit)
    if args.json:
        print(json.dumps(net, ensure_ascii=False))
    if not net["edges"]:
        return _nothing("actor pairs")
    if args.out:
        import networkx as nx

        (nx.write_graphml if args.out.endswith(".graphml") else nx.write_gexf)(to_networkx(net), args.out)
        print(f"network written to {args.out}", file=sys.stderr)
    if not args.json:
        title = (f"{len(net['nodes'])} actors, {len(net['edges'])} {'directed ' if args.directed else ''}"
                 f"pairs; the {min(args.top, len(net['edges']))} busiest")
        cols = ["source", "target", "events", "cooperation", "conflict", "goldstein"]
        _console().print(_table(title, cols, ([e[c] for c in cols] for e in net["edges"][:args.top]), _scope(args)))
    from veille.export.charts import network_chart

    _png(args, lambda data, path: network_chart(data, path, f"actor network ({_scope(args)})"), net)
    return EXIT_OK


def cmd_partners(args: argparse.Namespace) -> int:
    from veille.store import Store
    from veille.store.analysis import top_partners

    f = _filters(args)
    with Store(_db(args)) as store:
        rows = top_partners(store, args.actor_spec, f, by=args.by, n=args.top, unit=args.unit)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        return _nothing(f"events with a partner of {args.actor_spec}")
    cols = ["period", "partner", "events", "cooperation", "conflict"]
    _console().print(_table(f"main partners of {args.actor_spec} per {args.by}", [args.by, *cols[1:]],
                            ([r[c] for c in cols] for r in rows), _scope(args)))
    return EXIT_OK


def cmd_alignment(args: argparse.Namespace) -> int:
    from veille.store import Store
    from veille.store.analysis import alignment

    f = _filters(args)
    actors, partners = args.actors.split(","), args.partners.split(",")
    with Store(_db(args)) as store:
        rows = alignment(store, actors, partners, by=args.by, filters=f, unit=args.unit)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        return _nothing("cooperation events")
    cells = {(r["period"], r["partner"]): r for r in rows}
    periods = sorted({r["period"] for r in rows})
    names = list(dict.fromkeys(r["partner"] for r in rows))
    title = f"cooperation of {args.actors} with {args.partners}: events (share)"
    _console().print(_table(title, [args.by, *names],
                            ([p, *(f"{cells[p, x]['cooperation']} ({cells[p, x]['share']:.0%})" for x in names)]
                             for p in periods), _scope(args)))
    from veille.export.charts import alignment_chart

    _png(args, lambda data, path: alignment_chart(data, path, title), rows)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from veille.export import export
    from veille.store import Store

    f = _filters(args)
    with Store(_db(args)) as store:
        n = export(store, args.format, f, args.out, min_events=args.min_events, unit=args.unit)
    what = {"tsv": "actor-recipient rows", "acled": "event clusters", "graphml": "actors",
            "gexf": "actors", "geojson": "events with coordinates"}.get(args.format, "events")
    print(f"{n} {what} written to {args.out} ({args.format})")
    return EXIT_OK


COMMANDS.update({"stats": cmd_stats, "dyad": cmd_dyad, "network": cmd_network, "partners": cmd_partners,
                 "alignment": cmd_alignment, "export": cmd_export})


# -- web app and corrections (veille.web, veille.store.corrections) ----------------------------
def _web_parsers(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve the dashboard and the JSON API (needs the web extra)")
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default: settings.db)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token-file", metavar="FILE",
                   help="file holding the bearer token of the write endpoints (default: the web_token setting; "
                        "none: read-only)")

    p = sub.add_parser("corrections", help="analysts' corrections of events (made in the web app)")
    corrections = p.add_subparsers(dest="corrections_command", required=True)
    q = corrections.add_parser("export", help="write the corrected articles as gold files for veille eval")
    q.add_argument("--out", metavar="DIR", required=True,
                   help="folder for ID.gold.json and ID.jsonl per corrected article (created)")
    q.add_argument("--db", help="SQLite file or postgresql:// URL (default: settings.db)")


def cmd_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    token = None
    if args.token_file:
        try:
            token = Path(args.token_file).read_text("utf-8").strip()
        except OSError as exc:
            print(f"veille: error: cannot read the token file: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if not token:
            print(f"veille: error: {args.token_file} is empty", file=sys.stderr)
            return EXIT_USAGE
    try:
        import uvicorn

        from veille.web import create_app
    except ImportError as exc:
        print(f"veille: error: the web app needs the web extra: pip install 'veille[web]' ({exc})", file=sys.stderr)
        return EXIT_USAGE
    app = create_app(_db(args), token=token)
    mode = "corrections and ingest enabled" if app.state.web.writes_enabled else "read-only"
    print(f"veille: serving {_db(args)} on http://{args.host}:{args.port}/ ({mode})", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return EXIT_OK


def cmd_corrections(args: argparse.Namespace) -> int:
    from veille.store import Store
    from veille.store.corrections import export_gold

    with Store(_db(args)) as store:
        written = export_gold(store, args.out)
    print(f"{len(written)} gold file(s) written to {args.out}; "
          f"score the coder with: veille eval {args.out}/*.gold.json")
    return EXIT_OK


COMMANDS.update({"serve": cmd_serve, "corrections": cmd_corrections})


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
    except ValueError as exc:  # a bad filter value (veille.store.query.FilterError) is a usage error
        from veille.store.query import FilterError

        if not isinstance(exc, FilterError):
            raise
        print(f"veille: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `veille code ... | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("veille: interrupted", file=sys.stderr)
        return 130
