"""Resolve a noun phrase of a parsed sentence to actors.

Rules, tried in order on the phrase's head token (each leaves its name in `Actor.how`):
1. the head is a KB name (state, capital as metonymy, organisation, group) -> that entry;
2. the head is a role noun ("ministre", "general") -> sector from the role, nationality from a
   demonym, a "de X"/"of X" complement, a possessive or a parenthesis ("(Mali)");
3. a personal pronoun -> the subject of the previous sentences;
4. "les trois pays", "the two countries" -> the last N states mentioned;
5. otherwise look one to three levels down the phrase's modifiers ("l'initiative de l'AES").
Conjuncts ("du Niger, du Mali et du Burkina Faso") give one actor each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from veille.actors.kb import KnowledgeBase
from veille.models import Actor, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from veille.events.lexicon import Grammar

__all__ = ["DocActors", "PLACE_KINDS"]

#: Mention kinds that can be a location rather than an actor ("à Moscou", "in Mali").
PLACE_KINDS = frozenset({"capital", "city", "name"})
_NATIONALITY_DEPS = frozenset(
    {"amod", "nmod", "appos", "flat:name", "flat", "compound", "poss", "nmod:poss", "prep", "pobj",
     "npadvmod", "dep", "nummod"}
)
_DESCEND_DEPS = frozenset(
    {"nmod", "amod", "appos", "compound", "poss", "nmod:poss", "prep", "pobj", "flat:name", "obl:mod"}
)
_MAX_ROLE_WORDS = 6


@dataclass
class DocActors:
    """Actor resolution over one parsed document, with the memory discourse rules need."""

    doc: Doc
    kb: KnowledgeBase
    grammar: Grammar
    lang: str
    mentions: list[Mention]
    when: date | None = None
    source: str | None = None  # the source text, if the Doc was parsed from a normalised copy
    last_subject: list[Actor] = field(default_factory=list)
    recent_states: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_token: dict[int, Mention] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                self._by_token[i] = m

    # -- mentions --------------------------------------------------------------------------
    def mention_at(self, token: Token) -> Mention | None:
        return self._by_token.get(token.i)

    def place_mention(self, token: Token) -> Mention | None:
        m = self.mention_at(token)
        if m and m.kind in PLACE_KINDS and self.kb.get(m.entry_id).kind == "state":
            return m
        return None

    def text_of(self, start_char: int, end_char: int) -> str:
        """The source text between two character offsets."""
        return (self.source if self.source is not None else self.doc.text)[start_char:end_char]

    def _char_span(self, start: int, end: int) -> tuple[str, int, int]:
        span = self.doc[start:end]
        return self.text_of(span.start_char, span.end_char), span.start_char, span.end_char

    def actor_from_mention(self, m: Mention, sector: str | None = None, how: str = "") -> Actor:
        entry = self.kb.get(m.entry_id)
        text, start, end = self._char_span(m.start, m.end)
        if sector is None:  # a state named or its capital = its government (metonymy);
            # a bare demonym ("les Maliens", "the Russians") does not say which sector
            sector = "GOV" if m.kind in ("name", "capital", "city") else entry.sector
            if m.kind == "demonym" and entry.kind == "state":
                sector = ""
        return Actor(
            code=entry.code,
            sector=sector or "",
            id=entry.id,
            name=entry.name(self.lang),
            text=text,
            start=start,
            end=end,
            members=entry.members_on(self.when) if entry.kind != "state" else (),
            how=how or f"{m.kind} '{m.text}'",
        )

    # -- roles -----------------------------------------------------------------------------
    def role_at(self, token: Token) -> tuple[str, int] | None:
        """(sector, end token index) of the longest role term starting at `token`."""
        if token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return None
        doc = self.doc
        for n in range(min(_MAX_ROLE_WORDS, len(doc) - token.i), 0, -1):
            span = doc[token.i : token.i + n]
            text = span.text.lower().replace("’", "'")
            sector = self.kb.role_sector(self.lang, text)
            if sector is None and n > 1:
                sector = self.kb.role_sector(self.lang, token.lemma_.lower() + text[len(token.text):])
            if sector is None and n == 1:
                sector = self.kb.role_sector(self.lang, token.lemma_.lower())
            if sector:
                return sector, token.i + n
        return None

    def _nationality(self, head: Token, role_end: int, depth: int = 0) -> list[Mention]:
        """Mentions of states/organisations that qualify a role noun: "ministre russe",
        "ministres de la Défense du Niger, du Mali et du Burkina Faso", "général X (Mali)"."""
        found: list[Mention] = []
        for child in head.children:
            inside_role = head.i < child.i < role_end
            if child.dep_ not in _NATIONALITY_DEPS and not (depth and child.dep_ == "conj"):
                continue
            m = None if inside_role and child.dep_ != "amod" else self.mention_at(child)
            if m and m.kind != "city":
                found.append(m)
                found.extend(cm for c in child.conjuncts if (cm := self.mention_at(c)))
            elif depth < 2 and not (m and m.kind == "city"):
                found.extend(self._nationality(child, role_end, depth + 1))
        return found

    def is_locative(self, token: Token) -> bool:
        """A place introduced by a locative preposition: "à Moscou", "in Mali"."""
        if self.place_mention(token) is None:
            return False
        prep = next((c.lemma_.lower() for c in token.children if c.dep_ == "case"), None)
        if prep is None and token.dep_ == "pobj":
            prep = token.head.lemma_.lower()
        return prep in self.grammar.locative_preps

    # -- resolution ------------------------------------------------------------------------
    def resolve(self, token: Token, depth: int = 0, seen: set[int] | None = None,
                exclude: frozenset[str] = frozenset()) -> list[Actor]:
        """Actors named by the phrase headed by `token` (conjuncts included). `exclude` holds
        codes a group reference ("les trois pays") cannot mean: the event's own actors."""
        seen = seen if seen is not None else set()
        heads = [token, *(c for c in token.conjuncts if c.i > token.i)]
        actors: list[Actor] = []
        for head in heads:
            if head.i in seen:
                continue
            seen.add(head.i)
            actors.extend(self._resolve_head(head, depth, seen, exclude))
        return _unique(actors)

    def _resolve_head(self, token: Token, depth: int, seen: set[int], exclude: frozenset[str]) -> list[Actor]:
        m = self.mention_at(token)
        if m and m.kind != "demonym":
            return [self.actor_from_mention(m)]
        role = self.role_at(token)
        if role:
            return self._role_actors(token, *role)
        if m:  # a demonym: of a state's act ("l'opération russe": GOV) or people ("les Russes")
            modifier = token.dep_ in ("amod", "compound", "nmod:poss", "poss") or token.pos_ == "ADJ"
            return [self.actor_from_mention(m, "GOV" if modifier else None)]
        low = token.lower_
        if token.pos_ == "PRON" and low in self.grammar.personal_pronouns:
            return [_with_how(a, f"pronoun '{token.text}' -> previous subject") for a in self.last_subject]
        group = self._group_reference(token, exclude)
        if group:
            return group
        if depth >= 3:
            return []
        actors: list[Actor] = []
        for child in token.children:
            if child.dep_ in _DESCEND_DEPS and child.i not in seen and not self.is_locative(child):
                actors.extend(self.resolve(child, depth + 1, seen, exclude))
        return actors

    def _role_actors(self, token: Token, sector: str, role_end: int) -> list[Actor]:
        role_text = self.doc[token.i : role_end].text
        actors = []
        for m in self._nationality(token, role_end):
            entry = self.kb.get(m.entry_id)
            role_sector = sector if entry.kind == "state" else (entry.sector or sector)
            how = f"role '{role_text}' ({sector}) + {m.kind} '{m.text}'"
            actors.append(self.actor_from_mention(m, role_sector, how))
        return actors

    def _group_reference(self, token: Token, exclude: frozenset[str]) -> list[Actor]:
        """'les trois pays partenaires' / 'the two countries' -> the last N states mentioned
        (other than those in `exclude`)."""
        if token.lemma_.lower() not in self.grammar.group_nouns:
            return []
        count = 0
        for child in token.children:
            count = count or self.grammar.numbers.get(child.lower_, 0)
        candidates = [c for c in self.recent_states if c not in exclude]
        if not count or len(candidates) < count:
            return []
        codes = candidates[-count:]
        text, start, end = self._char_span(token.left_edge.i, token.i + 1)
        how = f"'{text}' -> the last {count} states mentioned"
        return [
            Actor(code=c, sector="GOV", id=c, name=self.kb.get(c).name(self.lang), text=text,
                  start=start, end=end, how=how)
            for c in codes
            if c in self.kb.entries
        ]

    # -- discourse memory -------------------------------------------------------------------
    def remember(self, subject: Iterable[Actor], sentence_mentions: Iterable[Mention]) -> None:
        subject = list(subject)
        if subject:
            self.last_subject = subject
        for m in sentence_mentions:
            entry = self.kb.get(m.entry_id)
            if entry.kind == "state" and m.kind in ("name", "demonym"):
                if m.entry_id in self.recent_states:
                    self.recent_states.remove(m.entry_id)
                self.recent_states.append(m.entry_id)


def _with_how(actor: Actor, how: str) -> Actor:
    from dataclasses import replace

    return replace(actor, how=how)


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for a in actors:
        key = (a.code, a.sector, a.id)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out
