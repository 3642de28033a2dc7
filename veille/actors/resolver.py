"""Resolve a noun phrase of a parsed sentence to actors.

Rules, tried in order on the phrase's head token (each leaves its name in `Actor.how`):
1. the head is a KB name (state, capital as metonymy, organisation, group) -> that entry; a KB
   person -> the state and sector of the office they hold on the article's date;
2. the head is a role noun ("ministre", "general") -> a KB person named with it ("le ministre
   russe de la Défense, Andrei Belousov"), else sector from the role and nationality from a
   demonym, a "de X"/"of X" complement, a possessive or a parenthesis ("(Mali)"), linked to the
   office holder on that date when the KB knows one; a person not in the KB named with a role
   and a nationality is still an actor, marked "not in KB"; a role alone ("le ministre") is the
   last person named with that role or office in the article (coreference);
3. a personal pronoun -> the subject of the previous sentences;
4. "les trois pays de l'AES", "ECOWAS member states" -> the organisation's members on the date;
   "les trois pays", "the two countries" -> the last N states mentioned;
5. otherwise look one to three levels down the phrase's modifiers ("l'initiative de l'AES").
Conjuncts ("du Niger, du Mali et du Burkina Faso") give one actor each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from veille.actors.kb import KBEntry, KnowledgeBase
from veille.models import Actor, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from veille.events.lexicon import Grammar

__all__ = ["DocActors", "PLACE_KINDS"]

#: Mention kinds that can be a location rather than an actor ("à Moscou", "in Mali", "au Darfour").
PLACE_KINDS = frozenset({"capital", "city", "name", "region"})
_NATIONALITY_DEPS = frozenset(
    {"amod", "nmod", "appos", "flat:name", "flat", "compound", "poss", "nmod:poss", "prep", "pobj",
     "npadvmod", "dep", "nummod"}
)
_DESCEND_DEPS = frozenset(
    {"nmod", "amod", "appos", "compound", "poss", "nmod:poss", "prep", "pobj", "flat:name", "obl:mod"}
)
_MAX_ROLE_WORDS = 6
#: Sectors of people who act where they are: a role with no nationality takes the state of the
#: city or region its sentence names (not GOV or MIL: ministers and soldiers travel).
_LOCAL_SECTORS = frozenset({"COP", "CVL", "JUD", "OPP", "PTY", "LAB", "AGR", "EDU", "REL", "REF"})
_NAME_DEPS = frozenset({"appos", "flat:name", "flat", "compound", "nmod", "dep", "npadvmod", "nsubj"})


@dataclass
class _Known:
    """A person named earlier in the article, for coreference ("Camara", "le ministre")."""

    actors: list[Actor]
    words: frozenset[str]  # role lemmas and office terms' head words it was named with
    office: str | None
    surname: str
    after: int = -1  # token index where the name ends: later tokens may refer to it


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
        self._known: list[_Known] = []
        self._doc_text = self.doc.text  # spaCy rebuilds Doc.text on every access
        self._article_country = self._dominant_state()

    def _dominant_state(self) -> tuple[str, int] | None:
        """(state id, mentions) of the state the document names at least twice and more than any
        other, if there is one (computed once per document)."""
        counts: dict[str, int] = {}
        people: set[str] = set()
        for m in self.mentions:
            entry = self.kb.get(m.entry_id)
            if entry.kind == "person" and entry.id not in people:  # "Arnaud Montebourg ... le gouvernement":
                people.add(entry.id)  # a French minister's country, once per person
                office = entry.office_on(self.when)
                state = office.code if office is not None else entry.code
                if state in self.kb.entries and self.kb.get(state).kind == "state":
                    counts[state] = counts.get(state, 0) + 1
            elif entry.kind == "state" and m.kind in ("name", "demonym", "capital") and not (
                    m.kind == "demonym" and self._ethnic_marker(m)):  # "ethnic Albanians" are not Albania's
                counts[entry.id] = counts.get(entry.id, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if len(ranked) == 1 and self._named_as_place(ranked[0][0]):
            return ranked[0]  # the only state the text names, and by its name or a city: "À Conakry, la police..."
        if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0]

    def _named_as_place(self, state: str) -> bool:
        """Whether the text names `state` by its name, capital, a city or a region (not only a
        demonym), once at least not as where something happens ("est attendu à Alger" is where
        a minister goes, not whose minister he is)."""
        return any(m.entry_id == state and m.kind in PLACE_KINDS and not self._governed(self.doc[m.start])
                   for m in self.mentions)

    def _governed(self, token: Token) -> bool:
        """Whether a preposition other than "of"/"de" introduces `token` ("à Alger", "against
        Nigeria"): where or to whom something is done, not whose people act."""
        preps = [c.lower_ for c in token.children if c.dep_ == "case" or (c.dep_ == "mark" and c.pos_ == "ADP")]
        if token.dep_ == "pobj":
            preps.append(token.head.lower_)
        return any(p not in self.kb.word_list(self.lang, "genitive_preps") for p in preps)

    @property
    def text(self) -> str:
        """The source text of the document (offsets of the Doc are offsets in it)."""
        return self.source if self.source is not None else self.doc.text

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
        return self.text[start_char:end_char]

    def _char_span(self, start: int, end: int) -> tuple[str, int, int]:
        span = self.doc[start:end]
        return self.text_of(span.start_char, span.end_char), span.start_char, span.end_char

    def actor_from_mention(self, m: Mention, sector: str | None = None, how: str = "") -> Actor:
        entry = self.kb.get(m.entry_id)
        if entry.kind == "person":
            return self.person_actor(m, how)
        if entry.kind == "ethnic" or (m.kind == "demonym" and entry.kind == "state" and self._ethnic_marker(m)):
            return self._ethnic_actor(m, entry, sector, how)
        text, start, end = self._char_span(m.start, m.end)
        if sector is None:  # a state named or its capital = its government (metonymy);
            # a bare demonym ("les Maliens", "the Russians") or a region ("Darfur") does not say which sector
            sector = "GOV" if m.kind in ("name", "capital", "city") else entry.sector
            if m.kind in ("demonym", "region") and entry.kind == "state":
                sector = ""
            elif m.kind == "city" and not self._metonymic_subject(m):
                sector = "CVL"  # a town shelled, besieged or placed under curfew: its people, not the government
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

    def _metonymic_subject(self, m: Mention) -> bool:
        """A town that speaks or acts, as the subject of a verb ("Benghazi a rejeté l'accord"):
        metonymy for the authorities there, unlike a town that is attacked or visited."""
        head = self.doc[m.start]
        while head.dep_ in ("conj", "flat:name", "compound") and head.head.i != head.i:
            head = head.head  # "Moscou et Benghazi ...": the first conjunct is the subject
        return head.dep_ in ("nsubj", "csubj")

    # -- ethnic groups ----------------------------------------------------------------------
    def _ethnic_marker(self, m: Mention) -> bool:
        """A state's demonym used for an ethnic group: "ethnic Albanians", "Albanais de souche"."""
        markers = self.kb.word_list(self.lang, "ethnic_markers")
        window = self.doc[max(0, m.start - 2) : min(len(self.doc), m.end + 2)]
        return bool(markers) and any(t.lower_ in markers for t in window if not m.start <= t.i < m.end)

    def _ethnic_actor(self, m: Mention, entry: KBEntry, sector: str | None, how: str) -> Actor:
        """People of an ethnic group, coded with the country where they are (PLOVER codes people by
        where they are, not by a kin state): a state named as a place in the sentence ("in
        Macedonia"), else one of the group's countries named in it, else (for a state's demonym
        with an ethnic marker) another state named in it, else the article's country, else the
        group's first country (or the kin state)."""
        kin = entry.id if entry.kind == "state" else None
        homes = () if kin else (entry.countries or (entry.code,))
        sentence = self.doc[m.start].sent
        named = [(x, self.kb.get(x.entry_id)) for x in self.mentions
                 if sentence.start <= x.start < sentence.end and x is not m and x.entry_id != kin
                 and x.kind in ("name", "capital", "city", "region", "demonym")
                 and self.kb.get(x.entry_id).kind == "state"]
        named.sort(key=lambda xe: abs(xe[0].start - m.start))
        where, why = None, ""
        for x, e in named:
            if x.kind != "demonym" and self.is_locative(self.doc[x.start]):
                where, why = e, f"placed in {e.id} ('{x.text}')"
                break
        if where is None:
            where, why = next(((e, f"{e.id} named in the sentence") for h in homes for x, e in named
                               if e.code == h), (None, ""))
        if where is None and kin and named:
            where, why = named[0][1], f"{named[0][1].id} named in the sentence"
        if where is None and self._article_country and self._article_country[0] != kin:
            where, why = self.kb.get(self._article_country[0]), f"the article's country {self._article_country[0]}"
        code = where.code if where is not None else (kin and entry.code) or homes[0]
        name = entry.name(self.lang)
        if kin:
            why = why or "no other country named: the kin state"
            name = f"{m.text} (ethnic group)"
        else:
            why = why or f"its main country {code}"
        text, start, end = self._char_span(m.start, m.end)
        return Actor(code=code, sector=sector or "", id=entry.id if not kin else "", name=name, text=text, start=start,
                     end=end, how=(how + "; " if how else "") + f"ethnic group '{m.text}' -> {code} ({why})")

    def person_actor(self, m: Mention, how: str = "") -> Actor:
        """A KB person: the state (or organisation) and sector of their office on the date; out of
        office, their country, as a former official (ELI) if they held one before."""
        entry = self.kb.get(m.entry_id)
        text, start, end = self._char_span(m.start, m.end)
        on = self.when.isoformat() if self.when else "today"
        office = entry.office_on(self.when)
        members: tuple[str, ...] = ()
        if office is not None:
            code, sector = office.code, office.sector
            where = office.org or office.code
            why = f"{office.office} of {where} on {on}"
            if office.org in self.kb.entries:
                members = self.kb.get(office.org).members_on(self.when)
        else:
            code, sector = entry.code, "ELI" if entry.held_before(self.when) else entry.sector
            why = f"no office on {on}" + (", former official" if sector == "ELI" else "")
        kind = "surname (named before, or after a title)" if m.kind == "surname" else "person"
        actor = Actor(code=code, sector=sector, id=entry.id, name=entry.name(self.lang), text=text, start=start,
                      end=end, members=members, how=(how + "; " if how else "") + f"{kind} '{m.text}' -> {why}")
        self._remember_person([actor], entry.name(self.lang), office.office if office else None, ())
        return actor

    def _office_words(self, office: str | None) -> set[str]:
        """Head words of the terms naming `office` ("ministre", "minister", "président")."""
        if not office:
            return set()
        terms = [t for t, o in self.kb.offices.get(self.lang, {}).items() if o == office]
        return {t.split()[0] for t in terms}

    def _remember_person(self, actors: list[Actor], name: str, office: str | None, lemmas: Iterable[str],
                         after: int = -1) -> None:
        words = frozenset({*lemmas, *self._office_words(office)})
        surname = name.split()[-1] if name.split() else name
        self._known = [k for k in self._known if k.actors[0].id != actors[0].id or not actors[0].id]
        self._known.append(_Known(actors, words, office, surname, after))

    def _coreferent(self, token: Token, role_end: int) -> list[Actor]:
        """The last person named with this role or office: "le ministre" after "Sadio Camara"."""
        role_text = self.doc[token.i : role_end].text
        office = self.kb.role_office(self.lang, role_text) or self.kb.role_office(self.lang, token.lemma_)
        lemma = token.lemma_.lower()
        text, start, end = self._char_span(token.i, role_end)
        for known in reversed(self._known):
            if (office and known.office == office) or lemma in known.words:
                who = known.actors[0]
                how = f"'{role_text}' -> {who.name or who.text}, named before (coreference)"
                return [replace(a, text=text, start=start, end=end, how=how) for a in known.actors]
        return []

    def _known_surname(self, token: Token) -> list[Actor]:
        """A later short mention of a person not in the KB: "Simpone" after "Célestin Simpone"."""
        for known in reversed(self._known):
            if not known.actors[0].id and known.surname == token.text and token.i >= known.after:
                text, start, end = self._char_span(token.i, token.i + 1)
                how = f"surname '{token.text}' -> {known.actors[0].name}, named before (coreference)"
                return [replace(a, text=text, start=start, end=end, how=how) for a in known.actors]
        return []

    # -- roles -----------------------------------------------------------------------------
    def role_at(self, token: Token) -> tuple[str, int] | None:
        """(sector, end token index) of the longest role term starting at `token`."""
        if token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return None
        first = self.kb.role_first_words(self.lang)
        if token.lower_.replace("’", "'") not in first and token.lemma_.lower() not in first:
            return None
        doc = self.doc
        longest = self.kb.role_max_words(self.lang, token.lower_.replace("’", "'"), token.lemma_.lower())
        for n in range(min(_MAX_ROLE_WORDS, longest, len(doc) - token.i), 0, -1):
            last = doc[token.i + n - 1]
            text = self._doc_text[token.idx : last.idx + len(last.text)].lower().replace("’", "'")
            sector = self.kb.role_sector(self.lang, text)
            if sector is None and n > 1:
                sector = self.kb.role_sector(self.lang, token.lemma_.lower() + text[len(token.text):])
            if sector is None and n == 1:
                sector = self.kb.role_sector(self.lang, token.lemma_.lower())
            if sector:
                return sector, token.i + n
        return None

    def _nationality(self, head: Token, role_end: int) -> list[Mention]:
        """Mentions of states/organisations that qualify a role noun: "ministre russe",
        "ministres de la Défense du Niger, du Mali et du Burkina Faso", "général X (Mali)". A
        place where the role is ("soldats français stationnés au Niger", "l'ambassadeur de France
        au Mali") counts only when nothing else qualifies it ("peacekeepers in Iraq")."""
        found = self._qualifiers(head, role_end)
        own = [m for m in found if not self.is_locative(self.doc[m.start])]
        return own or found

    def _qualifiers(self, head: Token, role_end: int, depth: int = 0) -> list[Mention]:
        found: list[Mention] = []
        for child in head.children:
            inside_role = head.i < child.i < role_end
            if child.dep_ == "acl" and child.pos_ in ("ADJ", "ADV"):  # misparsed "forces burkinabés", "milices haoussa"
                m = self.mention_at(child)
                found.extend([m] if m and m.kind in ("demonym", "ethnic") else [])
                continue
            if child.dep_ not in _NATIONALITY_DEPS and not (depth and child.dep_ == "conj"):
                continue
            m = None if inside_role and child.dep_ != "amod" else self.mention_at(child)
            if m and m.kind != "city":
                found.append(m)
                found.extend(cm for c in child.conjuncts if (cm := self.mention_at(c)))
            elif depth < 2 and not (m and m.kind == "city"):
                found.extend(self._qualifiers(child, role_end, depth + 1))
        return found

    def _demonym_head(self, role: Token, role_end: int) -> list[Mention]:
        """A demonym right after the role that the parser made the role's head: "L'armée malienne
        a mené..." parsed with "malienne" as the root and "armée" as its subject."""
        head = role.head
        if head.i == role.i or head.pos_ != "ADJ" or not role_end <= head.i <= role_end + 1:
            return []
        m = self.mention_at(head)
        return [m] if m and m.kind == "demonym" else []

    def is_locative(self, token: Token) -> bool:
        """A place introduced by a locative preposition: "à Moscou", "in Mali"."""
        if self.place_mention(token) is None:
            return False
        prep = next((c.lemma_.lower() for c in token.children
                     if c.dep_ == "case" or (c.dep_ == "mark" and c.pos_ == "ADP")), None)  # "à Alger" misparsed
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
            return self._role_actors(token, *role, depth=depth)
        if m:  # a demonym: of a state's act ("l'opération russe": GOV) or people ("les Russes")
            modifier = token.dep_ in ("amod", "compound", "nmod:poss", "poss") or token.pos_ == "ADJ"
            residents = None if modifier else self._residents(token, m)
            return [residents or self.actor_from_mention(m, "GOV" if modifier else None)]
        low = token.lower_
        if token.pos_ == "PRON" and low in self.grammar.personal_pronouns:
            return [_with_how(a, f"pronoun '{token.text}' -> previous subject") for a in self.last_subject]
        group = self._group_reference(token, exclude) or self._organisation_reference(token)
        if group:
            return group
        if token.pos_ == "PROPN":
            named = self._known_surname(token) or self._name_with_role(token) or self._name_with_party(token)
            if named:
                return named
        if depth >= 3:
            return []
        actors: list[Actor] = []
        for child in token.children:
            if child.dep_ in _DESCEND_DEPS and child.i not in seen and not self.is_locative(child):
                actors.extend(self.resolve(child, depth + 1, seen, exclude))
        return actors

    def _residents(self, token: Token, m: Mention) -> Actor | None:
        """People of one nation living in another state: "Bosnian Serbs", "Kosovo Albanians",
        "les Serbes de Bosnie", "les Maliens de France" -> the state where they live (no sector)."""
        for child in token.children:
            if child.dep_ not in ("amod", "compound", "nmod", "nmod:poss", "poss", "prep"):
                continue
            target = child
            if child.dep_ == "prep" and child.lower_ == "of":
                target = next((g for g in child.children if g.dep_ == "pobj"), child)
            where = self.mention_at(target)
            if where is None or where.entry_id == m.entry_id or where.kind not in ("name", "demonym"):
                continue
            entry = self.kb.get(where.entry_id)
            if entry.kind != "state":
                continue
            text, start, end = self._char_span(min(token.i, where.start), max(token.i + 1, where.end))
            how = f"'{text}': people named by '{m.text}' living in {entry.id} ('{where.text}')"
            return Actor(code=entry.code, sector="", id="", name=text, text=text, start=start, end=end, how=how)
        return None

    def _role_actors(self, token: Token, sector: str, role_end: int, depth: int = 0) -> list[Actor]:
        role_text = self.doc[token.i : role_end].text
        person = self._named_person(token, role_end)
        if person is not None:
            return [self.actor_from_mention(person, how=f"role '{role_text}'")]
        actors = []
        for m in self._nationality(token, role_end) or self._demonym_head(token, role_end):
            entry = self.kb.get(m.entry_id)
            if entry.kind == "person":
                continue
            role_sector = sector if entry.kind == "state" else (entry.sector or sector)
            how = f"role '{role_text}' ({sector}) + {m.kind} '{m.text}'"
            actors.append(self.actor_from_mention(m, role_sector, how))
        if not actors:
            found = self._coreferent(token, role_end) if depth == 0 and self._singular(token) else []
            return found or self._article_country_actor(token, role_end, sector) or \
                self._local_actor(token, role_end, sector)
        name = self._person_name(token, role_end)
        if name is not None:
            return self._unknown_person(actors, name, token)
        return self._office_holder(actors, token, role_end)

    def _article_country_actor(self, token: Token, role_end: int, sector: str) -> list[Actor]:
        """A role with no nationality ("le ministre de l'Intérieur") in an article about one
        country: that country, when it is named at least twice and more than any other state."""
        if token.pos_ != "NOUN" or token.dep_ == "amod":  # "une alliance militaire" is no actor
            return []
        if self._article_country is None:
            return []
        code, n = self._article_country
        entry = self.kb.get(code)
        text, start, end = self._char_span(token.i, role_end)
        how = f"role '{text}' ({sector}) with no nationality -> the article's country {code} (named {n} times)"
        return [Actor(code=entry.code, sector=sector, id=entry.id, name=entry.name(self.lang), text=text,
                      start=start, end=end, how=how)]

    def _local_actor(self, token: Token, role_end: int, sector: str) -> list[Actor]:
        """People who act where they are (police, protesters, residents, judges...), with no
        nationality and no article country: the one state whose city, capital or region the
        sentence names ("À Conakry, la police a dispersé...", "des milliers de manifestants devant
        la base de Niamey"). Not for officials and soldiers, who travel."""
        if sector not in _LOCAL_SECTORS or token.pos_ != "NOUN" or token.dep_ == "amod":
            return []
        sentence = token.sent
        first = sentence.start
        if first > 0:  # "À Conakry, | la police a dispersé...": a verbless fragment the parser cut off
            before = self.doc[first - 1].sent
            if not any(t.pos_ in ("VERB", "AUX") for t in before):
                first = before.start
        states = {m.entry_id for m in self.mentions if first <= m.start < sentence.end
                  and m.kind in ("capital", "city", "region") and self.kb.get(m.entry_id).kind == "state"}
        if len(states) != 1:
            return []
        entry = self.kb.get(states.pop())
        text, start, end = self._char_span(token.i, role_end)
        how = f"role '{text}' ({sector}) with no nationality -> {entry.id}, where the sentence places it"
        return [Actor(code=entry.code, sector=sector, id=entry.id, name=entry.name(self.lang), text=text,
                      start=start, end=end, how=how)]

    def _named_person(self, role: Token, role_end: int) -> Mention | None:
        """A KB person named with a role: "le général Sadio Camara", "le président Poutine"."""
        frontier = [c for c in role.children if c.i >= role_end or c.i < role.i]
        for _ in range(2):
            for child in frontier:
                m = self.mention_at(child)
                if m and self.kb.get(m.entry_id).kind == "person" and child.dep_ in _NAME_DEPS:
                    return m
            frontier = [g for c in frontier if c.dep_ in _NAME_DEPS for g in c.children]
        return None

    def _person_name(self, head: Token, skip_end: int) -> tuple[int, int] | None:
        """Token span of a proper name attached to a role or name head and not in the KB."""
        for child in head.children:
            if child.pos_ != "PROPN" or child.dep_ not in _NAME_DEPS or head.i < child.i < skip_end:
                continue
            if self.mention_at(child) is not None or self.role_at(child) is not None:
                continue
            parts = [child, *(c for c in child.children if c.dep_ in ("flat:name", "flat", "compound")
                              and c.pos_ == "PROPN" and self.mention_at(c) is None)]
            return min(p.i for p in parts), max(p.i for p in parts) + 1
        return None

    def _name_with_role(self, token: Token) -> list[Actor]:
        """A proper name not in the KB, qualified by a role and a nationality: "Malian Foreign
        Minister John Doe", "John Doe, le ministre malien des Affaires étrangères"."""
        if self.mention_at(token) is not None:
            return []
        for child in token.children:
            if child.dep_ not in (*_NAME_DEPS, "amod") or self.mention_at(child) is not None:
                continue
            role = self.role_at(child)
            if role is None:
                continue
            sector, role_end = role
            mentions = [m for m in self._nationality(token, token.i + 1) if self.kb.get(m.entry_id).kind != "person"]
            role_text = self.doc[child.i : role_end].text
            actors = [self.actor_from_mention(m, sector if self.kb.get(m.entry_id).kind == "state"
                                              else (self.kb.get(m.entry_id).sector or sector),
                                              f"role '{role_text}' ({sector}) + {m.kind} '{m.text}'")
                      for m in mentions]
            if not actors and self._article_country is not None and not self._other_state_in_sentence(token):
                code, n = self._article_country  # "Planning Minister Tran Xuan Gia said Vietnam..."
                entry = self.kb.get(code)
                actors = [Actor(code=entry.code, sector=sector, id=entry.id, name=entry.name(self.lang), text="",
                                start=0, end=0, how=f"role '{role_text}' ({sector}) with no nationality -> the "
                                                    f"article's country {code} (named {n} times)")]
            if not actors:
                return []
            parts = [token, *(c for c in token.children if c.dep_ in ("flat:name", "flat", "compound")
                              and c.pos_ == "PROPN" and self.mention_at(c) is None and self.role_at(c) is None)]
            return self._unknown_person(actors, (min(p.i for p in parts), max(p.i for p in parts) + 1), child)
        return []

    def _other_state_in_sentence(self, token: Token) -> bool:
        """Whether the sentence of `token` names a state other than the article's country ("China
        calls on..., Deputy Ambassador Geng Shuang said": not the article's North Korea)."""
        sentence = token.sent
        country = self._article_country[0] if self._article_country else None
        return any(sentence.start <= m.start < sentence.end and m.entry_id != country
                   and m.kind in ("name", "capital", "demonym") and self.kb.get(m.entry_id).kind == "state"
                   for m in self.mentions)

    def _name_with_party(self, token: Token) -> list[Actor]:
        """A proper name not in the KB followed by a party or a union in parentheses or after a
        comma and "de": "François Brottes (PS)", "Myriam Martinet, de la CGT" -> a member of it
        (its country and sector: PTY, LAB)."""
        if self.mention_at(token) is not None:
            return []
        for child in token.children:
            if child.i <= token.i or child.dep_ not in ("appos", "nmod", "dep", "parataxis", "flat:name", "flat"):
                continue
            m = self.mention_at(child)
            if m is None or m.start == 0:
                continue
            before = self.doc[max(0, m.start - 3) : m.start]
            parenthesis = self.doc[m.start - 1].text == "("
            comma_de = before[:1].text == "," and any(t.lower_ in self.kb.word_list(self.lang, "genitive_preps")
                                                      for t in before)
            if not (parenthesis or comma_de):
                continue
            entry = self.kb.get(m.entry_id)
            if entry.kind != "group" or entry.sector not in ("PTY", "LAB"):
                continue
            parts = [token, *(c for c in token.children if c.dep_ in ("flat:name", "flat", "compound")
                              and c.pos_ == "PROPN" and self.mention_at(c) is None)]
            last = max(p.i for p in parts) + 1
            text, start, end = self._char_span(min(p.i for p in parts), last)
            actor = Actor(code=entry.code, sector=entry.sector, id="", name=text, text=text, start=start, end=end,
                          how=f"person '{text}' not in KB, of '{m.text}' ({entry.id})")
            self._remember_person([actor], text, None, (), after=last)
            return [actor]
        return []

    def _unknown_person(self, actors: list[Actor], name: tuple[int, int], role: Token) -> list[Actor]:
        """Actors for a person the KB does not know: country and sector from role and nationality,
        no KB id, the person's name as name; remembered for later mentions of the surname."""
        text, start, end = self._char_span(*name)
        out = [replace(a, id="", name=text, text=text, start=start, end=end,
                       how=f"{a.how}; person '{text}' not in KB") for a in actors]
        self._remember_person(out, text, self.kb.role_office(self.lang, role.lemma_), (role.lemma_.lower(),),
                              after=name[1])
        return out

    def _office_holder(self, actors: list[Actor], role: Token, role_end: int) -> list[Actor]:
        """"le ministre russe de la Défense" -> who held that office on the date, if the KB knows."""
        office = self._office_of(role, role_end)
        if office is None or len(actors) != 1:
            if len(actors) == 1 and self._singular(role):
                self._remember_person(actors, "", None, (role.lemma_.lower(),))
            return actors
        actor = actors[0]
        holders = self.kb.holders(office, actor.id, self.when)
        if len(holders) != 1:
            return actors
        holder: KBEntry = holders[0]
        on = self.when.isoformat() if self.when else "today"
        named = replace(actor, how=f"{actor.how} -> {holder.name(self.lang)} ({office} on {on})")
        if self.kb.get(actor.id).kind == "state":  # the person is the actor; an organisation keeps its id
            named = replace(named, id=holder.id, name=holder.name(self.lang))
        self._remember_person([named], holder.name(self.lang), office, (role.lemma_.lower(),))
        return [named]

    def _office_of(self, role: Token, role_end: int) -> str | None:
        """The office a role phrase names, its nationality words aside: "ministre russe de la
        Défense" -> "ministre de la défense" -> defence_minister."""
        role_text = self.doc[role.i : role_end].text.lower().replace("’", "'")
        lemma = role.lemma_.lower()
        terms = [role_text, lemma + role_text[len(role.text):]]
        for child in role.children:
            if child.i >= role_end and child.dep_ in ("nmod", "prep", "amod") and self.mention_at(child) is None:
                end = child.i + 1
                while end < len(self.doc) and self.doc[end].head.i == child.i and self.doc[end].pos_ == "ADJ":
                    end += 1
                tail = self.doc[child.left_edge.i : end].text.lower().replace("’", "'")
                terms += [f"{role_text} {tail}", f"{lemma} {tail}"]
        return next((o for t in terms if (o := self.kb.role_office(self.lang, t))), None)

    @staticmethod
    def _singular(token: Token) -> bool:
        if "Plur" in token.morph.get("Number"):
            return False
        if any(c.dep_ == "det" and c.lower_ in ("un", "une", "a", "an", "des", "les", "ces") for c in token.children):
            return False
        return not (token.lower_ != token.lemma_.lower() and token.lower_.endswith(("s", "x")))

    def _group_reference(self, token: Token, exclude: frozenset[str]) -> list[Actor]:
        """'les trois pays de l'AES' / 'ECOWAS member states' -> the organisation's members on the
        date; 'les trois pays partenaires' / 'the two countries' -> the last N states mentioned
        (other than those in `exclude`)."""
        lemma = token.lemma_.lower()
        members = self.kb.word_list(self.lang, "member_nouns")
        if lemma in members or token.lower_ in members:
            expanded = self._members_of(token)
            if expanded:
                return expanded
        if lemma not in self.grammar.group_nouns:
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

    def _organisation_reference(self, token: Token) -> list[Actor]:
        """"l'organisation", "the bloc", "l'Alliance" with nothing after it -> the organisation
        named last before it in the article (coreference)."""
        nouns = self.kb.word_list(self.lang, "organisation_nouns")
        if token.lemma_.lower() not in nouns and token.lower_ not in nouns:
            return []
        adjectives = self.kb.word_list(self.lang, "organisation_adjectives")
        if not self._singular(token) or any(
                c.dep_ in ("nmod", "appos", "compound", "flat:name", "prep", "poss", "nmod:poss")
                or (c.dep_ == "amod" and c.lower_ not in adjectives) for c in token.children):
            return []  # "l'organisation des Nations unies", "la communauté internationale"
        if not any(c.dep_ == "det" and c.lower_ in self.kb.word_list(self.lang, "definite_articles")
                   for c in token.children) and not token.lower_.startswith(("l'", "l’")):
            return []
        last = next((m for m in sorted(self.mentions, key=lambda m: -m.start)
                     if m.end <= token.i and self.kb.get(m.entry_id).kind == "org"), None)
        if last is None:
            return []
        entry = self.kb.get(last.entry_id)
        text, start, end = self._char_span(token.left_edge.i, token.i + 1)
        return [replace(self.actor_from_mention(last), text=text, start=start, end=end,
                        how=f"'{text}' -> {entry.id}, the organisation named before (coreference)")]

    def _members_of(self, token: Token) -> list[Actor]:
        """Member states of the organisation a group noun is qualified by, on the date."""
        candidates = [c for c in token.children if c.dep_ in (*_DESCEND_DEPS, "nmod", "compound", "amod")]
        candidates += [g for c in candidates if c.pos_ == "ADP" for g in c.children]
        for child in candidates:
            m = self.mention_at(child)
            if m is None or self.kb.get(m.entry_id).kind != "org":
                continue
            org = self.kb.get(m.entry_id)
            codes = org.members_on(self.when)
            if not codes:
                return []
            on = self.when.isoformat() if self.when else "today"
            text, start, end = self._char_span(min(token.left_edge.i, child.i), max(token.i, m.end - 1) + 1)
            how = f"'{text}' -> members of {org.id} on {on}"
            return [Actor(code=c, sector="GOV", id=c, name=self.kb.get(c).name(self.lang) if c in self.kb.entries
                          else c, text=text, start=start, end=end, how=how) for c in codes]
        return []

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
