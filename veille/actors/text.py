"""Actors of a whole text, for `veille actors resolve` and for testing the resolver on real
sentences: parse, find KB mentions, then resolve every noun phrase in reading order (so the
coreference memory sees names before their later short mentions)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from veille.actors.kb import KnowledgeBase, load_kb
from veille.actors.mentions import MentionFinder
from veille.actors.resolver import DocActors
from veille.models import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["actors_in_doc", "resolve_text", "resolve_texts"]

_HEAD_POS = frozenset({"NOUN", "PROPN"})


def actors_in_doc(doc: Doc, kb: KnowledgeBase, lang: str, when: date | None = None,
                  finder: MentionFinder | None = None, source: str | None = None,
                  places: bool = False) -> list[Actor]:
    """Every actor named in `doc`, once per text span, in order. A name used as a place ("à
    Moscou", "in Mali") is not an actor unless `places` is true."""
    from veille.events.lexicon import load_lexicon

    if finder is None:
        from veille.nlp import load_model

        finder = MentionFinder(kb, lang, load_model(lang))
    actors = DocActors(doc, kb, load_lexicon(lang).grammar, lang, finder(doc, when), when, source=source)
    found: dict[tuple[int, int, str], Actor] = {}
    for sentence in doc.sents if doc.has_annotation("SENT_START") else [doc[:]]:
        inside = [m for m in actors.mentions if sentence.start <= m.start < sentence.end]
        # "the three countries" are not those the sentence itself names ("Russia ... with the three countries")
        named = frozenset(m.entry_id for m in inside if kb.get(m.entry_id).kind == "state")
        for token in sentence:
            if token.pos_ not in _HEAD_POS and not _mistagged_name(actors, token):
                continue
            if not places and actors.is_locative(token):
                continue
            head = actors.mention_at(token.head)
            if token.dep_ == "compound" and head is not None and head.kind == "person":
                continue  # "Defence Minister" in "Russian Defence Minister Sergei Shoigu": the person says it
            for actor in actors.resolve(token, exclude=named):
                key = (actor.start, actor.end, actor.code)
                if key not in found or (actor.sector and not found[key].sector):  # "Tuareg" < "Tuareg rebels"
                    found[key] = actor
        actors.remember((), inside)  # the states named so far, for later "the two countries"
    return sorted(found.values(), key=lambda a: (a.start, a.end, a.code))


def _mistagged_name(actors: DocActors, token: Token) -> bool:
    """A KB name the tagger took for a verb or an adjective ("livrer au Niger" with "Niger" a VERB)."""
    m = actors.mention_at(token)
    return m is not None and m.start == token.i and m.kind not in ("demonym", "ethnic") and token.text[:1].isupper()


def resolve_texts(texts: list[str], lang: str, when: date | None = None,
                  kb: KnowledgeBase | None = None) -> list[list[Actor]]:
    """`actors_in_doc` for several texts, parsed in one batch."""
    from veille.nlp import load_model
    from veille.nlp.normalise import for_parsing

    kb = kb or load_kb()
    nlp = load_model(lang)
    finder = MentionFinder(kb, lang, nlp)
    docs = nlp.pipe(for_parsing(t) for t in texts)
    return [actors_in_doc(doc, kb, lang, when, finder, source=text)
            for text, doc in zip(texts, docs, strict=True)]


def resolve_text(text: str, lang: str, when: date | None = None, kb: KnowledgeBase | None = None) -> list[Actor]:
    """The actors named in `text` (language `lang`), for the date `when`."""
    return resolve_texts([text], lang, when, kb)[0]
