"""The one entry point: articles in, events out (`code_articles`), and the stored run (`run`).

The per-article work is pure: an `Article` and its parse give a list of `Event`s. Articles are
parsed in batches with spaCy's `nlp.pipe`, one language at a time; each article is coded inside
its own error boundary, so one bad article becomes a `Failure` and the batch goes on."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import chain, islice
from typing import TYPE_CHECKING

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

    from veille.store import Store

__all__ = ["Coded", "RunSummary", "code_doc", "code_batch", "code_articles", "code_paths", "run", "with_language"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Coded:
    """An article and the events coded from it."""

    article: Article
    events: list[Event]


@dataclass
class RunSummary:
    articles: int = 0
    new_articles: int = 0
    events: int = 0
    new_events: int = 0
    failures: list[Failure] = field(default_factory=list)


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


def run(paths: Iterable[str], store: Store, lang: str = "auto", published: date | None = None,
        on_item: Callable[[Coded | Failure], None] | None = None, workers: int = 1) -> RunSummary:
    """Read, code and store; already stored articles are not stored twice."""
    summary = RunSummary()
    for result in code_paths(paths, lang, published, workers):
        if isinstance(result, Failure):
            summary.failures.append(result)
            store.add_failure(result)
        else:
            summary.articles += 1
            summary.events += len(result.events)
            with stage("store"):
                added_article, added_events = store.add(result.article, result.events)
            summary.new_articles += int(added_article)
            summary.new_events += added_events
        if on_item:
            on_item(result)
    return summary
