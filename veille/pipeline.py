"""The one entry point: articles in, events out (`code_articles`), and the stored run (`run`).

The per-article work is pure: an `Article` and its parse give a list of `Event`s. Articles are
parsed in batches with spaCy's `nlp.pipe`, one language at a time; each article is coded inside
its own error boundary, so one bad article becomes a `Failure` and the batch goes on."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import chain, islice
from typing import TYPE_CHECKING

from veille import CODER_VERSION
from veille.actors.kb import load_kb
from veille.actors.mentions import MentionFinder
from veille.actors.resolver import DocActors
from veille.errors import InputError, UnsupportedLanguage
from veille.events.coder import SentenceCoder, code_sentence
from veille.events.lexicon import load_lexicon
from veille.ingest import read_inputs
from veille.models import Article, Event, Failure
from veille.nlp import detect_language, load_model
from veille.nlp.normalise import for_parsing
from veille.settings import get_settings
from veille.timing import stage

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from veille.store import AddResult, Store

__all__ = ["Coded", "RunSummary", "code_doc", "code_batch", "code_articles", "code_paths", "run", "run_articles",
           "ingest", "recode", "with_language"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Coded:
    """An article and the events coded from it."""

    article: Article
    events: list[Event]


@dataclass
class RunSummary:
    articles: int = 0  # articles read (coded or recognised as stored)
    new_articles: int = 0  # stored as new texts (new stories and syndicated copies)
    near_duplicates: int = 0  # new texts that joined a story as syndicated copies
    copies: int = 0  # texts already stored, seen at another URL or path
    events: int = 0  # events coded
    new_events: int = 0  # events stored
    merged_events: int = 0  # events of copies merged into their story's events
    removed_events: int = 0  # events dropped by a recode
    failures: list[Failure] = field(default_factory=list)

    def count(self, added: AddResult) -> None:
        self.new_articles += int(added.article_added)
        self.near_duplicates += int(added.status == "near_duplicate")
        self.copies += int(added.status == "copy")
        self.new_events += added.events_added
        self.merged_events += added.events_merged


@cache
def _finder(lang: str) -> MentionFinder:
    return MentionFinder(load_kb(), lang, load_model(lang))


def with_language(article: Article, lang: str = "auto") -> Article:
    """The article with its language set: forced, already known, or detected."""
    settings = get_settings()
    if lang != "auto":
        chosen = lang
    elif article.language:
        chosen = article.language
    else:
        chosen, score = detect_language(article.title + "\n" + article.text)
        if score < settings.langid_min_score:
            raise UnsupportedLanguage(f"{article.location}: language unclear ({chosen}, {score:.2f})")
    if chosen not in settings.models:
        raise UnsupportedLanguage(
            f"{article.location}: language {chosen!r} is not supported "
            f"(supported: {', '.join(settings.languages)})"
        )
    return dataclasses.replace(article, language=chosen)


def code_doc(doc: Doc, article: Article, finder: MentionFinder | None = None) -> list[Event]:
    """Events of one parsed article (language already set). `finder` defaults to the one built
    for the language's model; tests pass their own."""
    lang = article.language or "en"
    finder = finder or _finder(lang)
    lexicon = load_lexicon(lang)
    with stage("actors"):
        mentions = finder(doc, article.published)
    actors = DocActors(doc, finder.kb, lexicon.grammar, lang, mentions, article.published, source=article.text)
    coder = SentenceCoder(article, lexicon, actors)
    events: dict[str, Event] = {}
    with stage("events"):
        for index, sent in enumerate(doc.sents):
            for event in code_sentence(coder, sent, index):
                events.setdefault(event.id, event)
    return list(events.values())


def _batches(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def code_batch(batch: list[Article | Failure], lang: str = "auto") -> list[Coded | Failure]:
    """Code one batch (the unit of work of a worker process), in input order."""
    results: list[Coded | Failure | None] = [None] * len(batch)
    by_lang: dict[str, list[tuple[int, Article]]] = {}
    for i, item in enumerate(batch):
        if isinstance(item, Failure):
            results[i] = item
            continue
        try:
            with stage("language id"):
                article = with_language(item, lang)
        except InputError as exc:
            results[i] = Failure(item.location, str(exc), exc.code)
            continue
        by_lang.setdefault(article.language or "", []).append((i, article))
    for language, group in by_lang.items():
        nlp = load_model(language)
        nlp.max_length = max(nlp.max_length, get_settings().max_article_bytes + 1)
        with stage("parse"):
            docs = list(nlp.pipe(for_parsing(a.text) for _, a in group))
        for (i, article), doc in zip(group, docs, strict=True):
            results[i] = _code_one(doc, article)
    return [r for r in results if r is not None]


def _code_one(doc: Doc, article: Article) -> Coded | Failure:
    try:
        return Coded(article, code_doc(doc, article))
    except Exception as exc:  # one article's bug must not stop the batch
        log.exception("coding failed for %s", article.location)
        return Failure(article.location, f"internal error while coding: {exc!r}", "E900")


def code_articles(
    items: Iterable[Article | Failure], lang: str = "auto", batch_size: int | None = None,
    workers: int = 1,
) -> Iterator[Coded | Failure]:
    """Code a stream of articles, in input order; failures pass through. With `workers` > 1,
    batches are coded in that many processes (see veille.scale.pool); the results are the same.
    A stream shorter than two batches is coded here, without starting processes."""
    size = batch_size or get_settings().batch_size
    batches = _batches(items, size)
    if workers > 1:
        head = list(islice(batches, 2))
        if len(head) == 2:
            from veille.scale.pool import code_in_pool

            for coded in code_in_pool(chain(head, batches), lang, workers):
                yield from coded
            return
        batches = iter(head)
    for batch in batches:
        yield from code_batch(batch, lang)


def code_paths(paths: Iterable[str], lang: str = "auto", published: date | None = None,
               workers: int = 1) -> Iterator[Coded | Failure]:
    """Read and code files, directories or stdin ("-")."""
    return code_articles(read_inputs(paths, published), lang, workers=workers)


@contextmanager
def _recorded_run(store: Store, command: str, coder: str | None = None) -> Iterator[tuple[int, RunSummary]]:
    """A row in `runs` for the command: "running", then "done", or "interrupted" when it
    raises (Ctrl-C, a kill leaves "running"), with the summary's counts."""
    summary = RunSummary()
    run_id = store.start_run(command, coder)
    status = "interrupted"
    try:
        yield run_id, summary
        status = "done"
    finally:
        store.finish_run(run_id, status, articles=summary.articles, new_articles=summary.new_articles,
                         events=summary.new_events, failures=len(summary.failures))


def _fail(store: Store, failure: Failure, summary: RunSummary, run_id: int) -> None:
    summary.failures.append(failure)
    store.add_failure(failure, run_id)


def _store_result(store: Store, result: Coded | Failure, summary: RunSummary, run_id: int) -> None:
    if isinstance(result, Failure):
        _fail(store, result, summary, run_id)
        return
    summary.articles += 1
    summary.events += len(result.events)
    with stage("store"):
        added = store.add(result.article, result.events, run_id, CODER_VERSION)
    summary.count(added)


def _new_only(items: Iterable[Article | Failure], store: Store, summary: RunSummary,
              on_item: Callable[[Coded | Failure], None] | None, run_id: int) -> Iterator[Article | Failure]:
    """Articles whose text is stored already are not coded again: their new source (another URL
    or path) is recorded at once."""
    for item in items:
        if isinstance(item, Article) and store.has_article(item.id):
            summary.articles += 1
            summary.count(store.add_records(item, None, run_id))
            if on_item:
                on_item(Coded(item, []))
            continue
        yield item


def run_articles(items: Iterable[Article | Failure], store: Store, lang: str = "auto",
                 on_item: Callable[[Coded | Failure], None] | None = None, workers: int = 1,
                 command: str = "run") -> RunSummary:
    """Code and store a stream of articles. Each article is stored in its own transaction as
    soon as it is coded, so an interrupted run loses nothing stored; run again, it resumes
    (stored texts are not coded twice). Recorded in the `runs` table."""
    with _recorded_run(store, command, CODER_VERSION) as (run_id, summary):
        for result in code_articles(_new_only(items, store, summary, on_item, run_id), lang, workers=workers):
            _store_result(store, result, summary, run_id)
            if on_item:
                on_item(result)
    return summary


def run(paths: Iterable[str], store: Store, lang: str = "auto", published: date | None = None,
        on_item: Callable[[Coded | Failure], None] | None = None, workers: int = 1) -> RunSummary:
    """Read, code and store files, directories, stdin, web pages and feeds (URLs); see
    `run_articles`. Feed entries whose page is already stored are not fetched again."""
    from veille.ingest.sources import read_sources

    return run_articles(read_sources(paths, published, skip=store.seen_url), store, lang, on_item, workers)


def ingest(items: Iterable[Article | Failure], store: Store,
           on_item: Callable[[Coded | Failure], None] | None = None) -> RunSummary:
    """Store articles without coding them (de-duplicated like `run`); `recode` codes them later."""
    with _recorded_run(store, "ingest") as (run_id, summary):
        for batch in _batches(items, 50):  # one transaction per 50 articles: all or nothing
            articles = [item for item in batch if isinstance(item, Article)]
            for added in store.add_many([(article, None) for article in articles], run_id):
                summary.articles += 1
                summary.count(added)
            for item in batch:
                if isinstance(item, Failure):
                    _fail(store, item, summary, run_id)
                if on_item:
                    on_item(item if isinstance(item, Failure) else Coded(item, []))
    return summary


def recode(store: Store, everything: bool = False, lang: str = "auto", workers: int = 1,
           on_item: Callable[[Coded | Failure], None] | None = None) -> RunSummary:
    """Code stored articles again with this coder: those never coded, those coded by another
    coder version, or all (`everything`). Each article's events are replaced in one
    transaction; events that other copies of its story still report are kept."""
    todo = store.articles(coder=None if everything else CODER_VERSION)
    with _recorded_run(store, "recode", CODER_VERSION) as (run_id, summary):
        for result in code_articles(todo, lang, workers=workers):
            if isinstance(result, Failure):
                _fail(store, result, summary, run_id)
            else:
                summary.articles += 1
                records = [e.to_record() for e in result.events]
                removed, added = store.replace_events(result.article.id, records, CODER_VERSION,
                                                      language=result.article.language)
                summary.events += len(records)
                summary.new_events += added
                summary.removed_events += removed
            if on_item:
                on_item(result)
    return summary
