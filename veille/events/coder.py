"""The rule-based PLOVER coder: trigger lexicon + dependency parse -> events.

For each sentence: find trigger words (lexicon lookup by lemma and part of speech, with optional
`with` conditions), drop triggers absorbed by a promise/demand/refusal that governs them, bind
actor (subject, passive agent, genitive of a nominal trigger, inherited subject, relative
pronoun antecedent) and recipients (objects and prepositional complements that name actors),
then set modality, negation, context, date and location. Every decision is written to
`Event.explain`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from veille import CODER_VERSION
from veille.actors.resolver import DocActors
from veille.dates import event_date
from veille.events.lexicon import Grammar, Lexicon, Trigger
from veille.events.ontology import (
    INTENT_AS_AGREE,
    INTENT_AS_THREATEN,
    MATERIAL_EVENTS,
    NEGATED_AS_REJECT,
    PLACE_TARGETED,
    REVERSED_AS,
    quad_class,
)
from veille.models import Actor, Article, Event, Place, TextInfo
from veille.places import DocPlaces, geocode

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Candidate", "SentenceCoder", "cite_info", "code_sentence"]

_VERB_POS = ("VERB", "AUX")
_NOUN_POS = ("NOUN", "PROPN")
_NO_DESCENT = 3
_OBJECT_DEPS = ("dobj", "obj")  # resolve a phrase from its head only, without looking into its modifiers
_CLAUSE_DEPS = ("xcomp", "ccomp", "advcl", "acl")


@dataclass
class Candidate:
    token: Token
    trigger: Trigger
    governor: Token | None = None  # light verb carrying a nominal trigger
    absorbed: list[Token] = field(default_factory=list)


def cite_info(article: Article) -> dict[str, Any]:
    info: dict[str, Any] = {
        "title": article.title,
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language or "",
    }
    if article.url:
        info["url"] = article.url
    info["path"] = article.path or ""
    if article.url and not article.path:
        del info["path"]
    return info


def _children_lemmas(token: Token) -> set[str]:
    """Lemmas and forms of the trigger's children, and of the words a preposition or particle
    child governs ("call for", "mettre en garde")."""
    lemmas = set()
    for child in token.children:
        lemmas.update((child.lemma_.lower(), child.lower_))
        if child.pos_ in ("ADP", "PART"):
            for grandchild in child.children:
                lemmas.update((grandchild.lemma_.lower(), grandchild.lower_))
        elif child.pos_ in ("NOUN", "NUM") and child.dep_ in _OBJECT_DEPS:
            # the object's own complement: "allow the return of inspectors", "send tons of food"
            for grandchild in child.children:
                if grandchild.dep_ == "nmod" or grandchild.lower_ == "of":
                    for noun in (grandchild, *grandchild.children):
                        if noun.pos_ == "NOUN":
                            lemmas.update((noun.lemma_.lower(), noun.lower_))
        # the preposition of a nominal child, a 'case' dependent in UD: "tirer sur la foule"
        lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ == "case")
        for grandchild in _stray_objects(child):
            lemmas.update((grandchild.lemma_.lower(), grandchild.lower_))
        if child.dep_ in _CLAUSE_DEPS:  # "appeler X à libérer": the clause's marker
            lemmas.update(g.lower_ for g in child.children if g.dep_ == "mark")
    return lemmas


def _stray_objects(child: Token) -> list[Token]:
    """Objects the parser hung on a nominal child of the trigger instead of the trigger itself
    ("a suspendu jusqu'à nouvel ordre la diffusion...", with "diffusion" under "ordre"): a noun
    takes no direct object, so these are the trigger's own; so is a determined noun phrase hung
    on it with no preposition ("jusqu'à nouvel ordre les activités de...", "activités" as nmod)."""
    if child.pos_ not in _NOUN_POS or child.dep_ in _OBJECT_DEPS:
        return []
    return [g for g in child.children if g.pos_ == "NOUN" and g.i > child.i and (
        g.dep_ in _OBJECT_DEPS or (g.dep_ == "nmod" and {c.dep_ for c in g.children} >= {"det"}
                                   and not {c.dep_ for c in g.children} & {"case", "prep"}))]


def _prep_of(token: Token, g: Grammar) -> str | None:
    """The preposition introducing `token`: a 'case' child (UD) or the prep head (ClearNLP)."""
    for child in token.children:
        if child.dep_ == "case":
            return child.lemma_.lower()
    if token.dep_ == "pobj":
        return token.head.lemma_.lower()
    return None


class SentenceCoder:
    """Codes the sentences of one document; keeps discourse memory between them."""

    def __init__(self, article: Article, lexicon: Lexicon, actors: DocActors) -> None:
        self.article = article
        self.lex = lexicon
        self.g = lexicon.grammar
        self.actors = actors
        self.cite = cite_info(article)
        self._doc_places: DocPlaces | None = None
        self._last_recipients: list[Actor] = []  # of the previous sentence: "Il lui a proposé..."

    # -- triggers ----------------------------------------------------------------------------
    def _match(self, token: Token) -> Trigger | None:
        if token.pos_ in _VERB_POS:
            pos = "VERB"
        elif token.pos_ in _NOUN_POS:
            pos = "NOUN"
        else:
            return None
        entries = self.lex.lookup(token.lemma_.lower(), pos) or self.lex.lookup(token.lower_, pos)
        if not entries:
            return None
        lemmas = self._trigger_lemmas(token, pos)
        has_object = any(c.dep_ in self.g.object_deps for c in token.children)
        for entry in entries:
            if entry.without and lemmas.intersection(entry.without):
                continue
            if entry.intransitive and has_object:
                continue
            if not entry.with_ or lemmas.intersection(entry.with_):
                return entry
        return None

    def _trigger_lemmas(self, token: Token, pos: str) -> set[str]:
        """The words `with`/`without` conditions look at: the trigger's children (see
        `_children_lemmas`), and for a noun carried by a light verb, the prepositions of the
        verb's obliques ("mener une opération contre X", "contre" hung on "mener")."""
        lemmas = _children_lemmas(token)
        if pos == "NOUN" and token.dep_ in self.g.object_deps and token.head.lemma_ in self.g.light_verbs:
            lemmas.update(g.lemma_.lower() for c in token.head.children if c.dep_ in self.g.oblique_deps
                          for g in c.children if g.dep_ == "case")
        return lemmas

    def _also(self, token: Token, first: Trigger) -> list[Trigger]:
        """Entries marked `also` that fire besides the first match: "une opération conjointe
        contre X" is both military cooperation and an attack."""
        lemmas = self._trigger_lemmas(token, first.pos)
        return [e for e in self.lex.lookup(first.lemma, first.pos) if e.also and e is not first
                and e.event != first.event and not (e.without and lemmas.intersection(e.without))
                and (not e.with_ or lemmas.intersection(e.with_))]

    def candidates(self, sent: Span) -> list[Candidate]:
        found = []
        for token in sent:
            trig = self._match(token)
            if trig is None:
                continue
            cand = Candidate(token, trig)
            head = token.head
            if trig.pos == "NOUN" and token.dep_ == "compound" and head.pos_ in _NOUN_POS:
                head = head.head if head.dep_ in self.g.object_deps else head  # "suspended aid deliveries"
                if head.pos_ in _VERB_POS and (head.lemma_ in self.g.light_verbs or head.lemma_.lower()
                                               in self.g.reversal_verbs):
                    cand.governor = head
            elif trig.pos == "NOUN" and token.dep_ in self.g.object_deps and head.lemma_ in self.g.light_verbs:
                cand.governor = head
            elif trig.pos == "NOUN" and cand.governor is None:
                cand.governor = self._quantity_governor(token)
            found.append(cand)
            found.extend(Candidate(token, other, cand.governor) for other in self._also(token, trig))
        taken = {c.token.i for c in found}
        found.extend(c for c in self._reported_obligations(sent) if c.token.i not in taken)
        found = [c for c in found if not c.trigger.agent_noun or not any(  # "des manifestants se sont rassemblés"
            o.trigger.event == c.trigger.event and o.token in c.token.ancestors for o in found)]
        return self._absorb(found)

    def _quantity_governor(self, token: Token) -> Token | None:
        """The verb of a nominal trigger given as an amount: "gave Ghana 5 million dollars of aid",
        "will provide 25,000 tons of food aid", "a envoyé des tonnes d'aide"."""
        g = self.g
        prep = token.head if token.dep_ == "pobj" else next((c for c in token.children if c.dep_ == "case"), None)
        amount = token.head.head if token.dep_ == "pobj" else token.head
        if prep is None or prep.lemma_.lower() not in g.sets.get("quantity_preps", ()):
            return None
        if amount.dep_ not in g.object_deps or amount.head.pos_ not in _VERB_POS:
            return None
        if not (amount.like_num or amount.pos_ == "NUM" or any(c.dep_ in ("nummod", "quantmod") or c.like_num
                                                                 for c in amount.children)):
            return None
        return amount.head

    def _reported_obligations(self, sent: Span) -> Iterator[Candidate]:
        """"X said that Y must/should ..." / "X a déclaré que Y doit ...": a REQUEST by the
        speaker, whose recipient is the subject of the obliged clause."""
        g = self.g
        for token in sent:
            if token.dep_ != "ccomp" or token.head.lemma_.lower() not in g.speech_verbs:
                continue
            modal = next((c for c in token.children if c.dep_.startswith("aux") and c.lemma_.lower()
                          in g.obligation_modals), None)
            if modal is None and token.lemma_.lower() in g.obligation_modals:
                modal = token
            if modal is None:
                continue
            speech = token.head
            trig = Trigger(lemma=speech.lemma_.lower(), pos="VERB", event="REQUEST", cameo="100",
                           absorbs=True, rule=f"obligation '{modal.text}' reported by '{speech.text}'")
            yield Candidate(speech, trig)

    def _scope(self, cand: Candidate) -> set[int]:
        """Token indices of the complements an absorbing trigger takes over."""
        heads = [cand.token] + ([cand.governor] if cand.governor is not None else [])
        scope: set[int] = set()
        for head in heads:
            for child in head.children:
                if child.dep_ in self.g.complement_deps and child.i != cand.token.i:
                    scope.update(t.i for t in child.subtree)
                elif child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.g.sets.get(
                        "purpose_marks", ()) for m in child.children):  # "se sont rassemblés pour exiger"
                    scope.update(t.i for t in child.subtree)
                elif cand.trigger.agent_noun and child.dep_ in self.g.relative_deps:
                    scope.update(t.i for t in child.subtree)  # "des manifestants qui réclamaient ..."
        return scope

    def _absorb(self, cands: list[Candidate]) -> list[Candidate]:
        absorbed: set[int] = set()
        for cand in cands:
            # a protest's stated aim ("rallied to demand reforms", "a strike calling for ...") is
            # what the protest is about, not a separate request
            aims = cand.trigger.event == "PROTEST"
            if not cand.trigger.absorbs and not aims:
                continue
            scope = self._scope(cand)
            for other in cands:
                if aims and not cand.trigger.absorbs and other.trigger.event != "REQUEST":
                    continue
                if other is not cand and other.token.i in scope and other.token.i not in absorbed:
                    cand.absorbed.append(other.token)
                    absorbed.add(other.token.i)
        return [c for c in cands if c.token.i not in absorbed]

    # -- arguments -------------------------------------------------------------------------
    def _arguments(self, head: Token) -> Iterator[tuple[str, str | None, Token]]:
        """(relation, preposition, noun) for each argument of a verb or noun."""
        g = self.g
        for child in head.children:
            dep = child.dep_
            if dep in g.object_deps:
                yield "obj", None, child
            elif head.pos_ in _VERB_POS and (stray := _stray_objects(child)):
                yield from (("obj", None, noun) for noun in stray)
            elif dep in g.agent_deps:
                nouns = [c for c in child.children if c.dep_ == "pobj"] or [child]
                for noun in nouns:
                    yield "agent", "by", noun
            elif dep in g.oblique_deps:
                if child.pos_ == "ADP":
                    for noun in child.children:
                        if noun.dep_ == "pobj":
                            yield "obl", child.lemma_.lower(), noun
                else:
                    yield "obl", _prep_of(child, g), child

    def _subject(self, verb: Token) -> tuple[list[Actor], str, Token | None]:
        """Actors of the subject of `verb`, climbing to governing verbs when it has none. A
        participle or gerund attached to a noun ("les forces unissant...", or a nominal root
        left by a misparse) takes that noun as subject when it names an actor."""
        g = self.g
        current: Token | None = verb
        for _ in range(4):
            if current is None:
                break
            for child in current.children:
                if child.dep_ in g.subject_deps:
                    if child.pos_ in _VERB_POS:  # "The Red Cross operating in Iraq said": a misparsed participle
                        child = next((c for c in child.children if c.dep_ in g.subject_deps), child)
                    if child.lower_ in g.relative_pronouns and current.dep_ in g.relative_deps:
                        actors = self.actors.resolve(current.head)
                        return actors, f"antecedent of '{child.text}'", current.head
                    if child.lower_ in g.personal_pronouns:
                        governing = self._clause_subject(current)
                        if governing:
                            return governing[0], f"pronoun '{child.text}' -> {governing[1]}", child
                    how = "subject" if current == verb else f"subject of '{current.text}'"
                    # a list the parser split into several subjects: "Le Mali, le Burkina Faso et le Niger ont"
                    others = [c for c in current.children if c.dep_ in g.subject_deps and child.i < c.i < current.i
                              and c.pos_ in _NOUN_POS]
                    return [a for s in (child, *others) for a in self.actors.resolve(s)], how, child
            if current.dep_ in g.relative_deps:
                return self.actors.resolve(current.head), "antecedent of relative clause", current.head
            head = current.head
            if head == current or current.dep_ not in (*g.subject_inherit_deps, "acl"):
                break
            if head.pos_ in _NOUN_POS:
                purpose = any(c.dep_ == "mark" and c.lower_ in g.sets.get("purpose_marks", ())
                              for c in current.children)
                actors = [] if purpose else self.actors.resolve(head, depth=_NO_DESCENT)
                host = self._clause_host(current, head) if purpose or not actors else None
                if host is None:
                    return actors, f"noun '{head.text}' the clause depends on", head
                current = host  # "annoncé leur retrait, accusant X de...": the participle is the verb's
                continue
            current = head
        return [], "", None

    @staticmethod
    def _clause_host(clause: Token, noun: Token) -> Token | None:
        """The verb a marked clause ("pour protester", "sa volonté de coopérer") or a present
        participle ("accusant") hung on a noun really modifies: the nearest verb above that noun."""
        marked = any(c.dep_ == "mark" for c in clause.children)
        if not marked and "Pres" not in clause.morph.get("Tense") and "Ger" not in clause.morph.get("VerbForm"):
            return None
        up = noun
        for _ in range(3):
            if up.head == up:
                return None
            up = up.head
            if up.pos_ in _VERB_POS:
                return up
        return None

    def _clause_subject(self, clause: Token) -> tuple[list[Actor], str] | None:
        """For a pronoun subject of a reported clause ("Japan said it had halted aid"), the
        subject of the verb that reports it, if it names an actor."""
        g = self.g
        if clause.dep_ not in ("ccomp", "conj", "advcl") or clause.head == clause:
            return None
        speaker = clause.head
        for child in speaker.children:
            if child.dep_ in g.subject_deps and child.lower_ not in g.personal_pronouns:
                actors = self.actors.resolve(child)
                return (actors, f"subject of '{speaker.text}'") if actors else None
        return None

    def _is_passive(self, verb: Token) -> bool:
        deps = {c.dep_ for c in verb.children}
        if deps & self.g.sets.get("reflexive_deps", frozenset()) and not deps & self.g.passive_aux_deps:
            return False  # pronominal, not passive: "des manifestants se sont rassemblés"
        if verb.lemma_.lower() in self.g.sets.get("unaccusative_verbs", ()):
            return False  # "être" as tense auxiliary, tagged aux:pass: "ils sont arrivés"
        return bool(deps & (self.g.passive_aux_deps | self.g.passive_subject_deps))

    def _verb_roles(self, verb: Token) -> tuple[list[Actor], str, list[Token]]:
        """(actor, how, candidate recipient tokens) of a verbal trigger."""
        g = self.g
        if verb.lemma_.lower() in g.sets.get("expected_verbs", ()):
            # "X est attendu à Alger": the subject of the passive is the visitor; the active
            # ("X attend Y") is no visit
            subjects = [c for c in verb.children if c.dep_ in g.passive_subject_deps or c.dep_ in g.subject_deps] \
                if self._is_passive(verb) else []
            actors = [a for c in subjects for a in self.actors.resolve(c)]
            return actors, f"subject of the passive '{verb.text}'" if actors else "", []
        if self._is_passive(verb):
            agents = self._passive_agents(verb) or self._stray_agents(verb)
            actors = [a for n in agents for a in self.actors.resolve(n)]
            patients = [c for c in verb.children if c.dep_ in g.passive_subject_deps]
            if not actors and agents and agents[0].pos_ in _NOUN_POS:  # "par des agents de la police"
                actors, how = self._role_context(agents[0])
                return actors, f"passive agent, {how}" if actors else "", patients
            if not agents and verb.lemma_.lower() in g.sets.get("stative_participles", ()):
                # "Vietnam is committed to ...", "X is prepared to ...": a state of the subject
                actors = [a for p in patients for a in self.actors.resolve(p)]
                return actors, "subject of a stative participle", []
            return actors, "passive agent", patients
        actors, how, subj = self._subject(verb)
        if not actors and subj is not None and subj.pos_ in _NOUN_POS:
            actors, how = self._role_context(subj)
        if not actors and subj is None:
            actors, how = self._stranded_subject(verb)
        return actors, how, []

    def _stranded_subject(self, verb: Token) -> tuple[list[Actor], str]:
        """A finite main verb with no subject right after a name that the parser cut off as a
        fragment of its own ("Human Rights Watch accuse ...", "Philippe Gosselin (UMP) a
        dénoncé ...": foreign or bracketed names in French text): that name is the subject. Only
        auxiliaries, clitics and one bracketed aside may stand between the name and the verb."""
        if verb.dep_ != "ROOT" or not ("Fin" in verb.morph.get("VerbForm") or any(
                c.dep_.startswith("aux") and "Fin" in c.morph.get("VerbForm") for c in verb.children)):
            return [], ""
        doc, i = verb.doc, verb.i - 1
        while i >= 0 and doc[i].head == verb and doc[i].dep_.startswith(("aux", "expl", "advmod")):
            i -= 1
        if i >= 0 and doc[i].text == ")":
            while i >= 0 and doc[i].text != "(":
                i -= 1
            i -= 1
        if i < 0 or doc[i].is_punct or doc[i] == verb or verb in doc[i].ancestors:
            return [], ""
        token = doc[i]
        m = self.actors.mention_at(token)
        how = "name right before the verb (a fragment the parser cut off)"
        if m is not None and m.kind != "demonym" and m.end == token.i + 1:
            return [self.actors.actor_from_mention(m)], how
        head = token
        while head.dep_ in ("flat:name", "flat", "compound") and head.head != head:
            head = head.head
        if head.pos_ != "PROPN":
            return [], ""
        actors = self.actors.resolve(head, depth=_NO_DESCENT) or [
            a for c in head.children if c.dep_ == "appos" for a in self.actors.resolve(c)]
        return actors, how if actors else ""

    def _role_context(self, phrase: Token) -> tuple[list[Actor], str]:
        """`_subject_context` of a phrase, or of its complement when its head is a quantity or
        a generic noun: "des milliers de manifestants", "des agents de la police judiciaire"."""
        found = self._subject_context(phrase)
        if found[0]:
            return found
        group = self._group_in_sentence(phrase)
        if group:
            return group, f"'{phrase.text}' -> the last {len(group)} states named before it in the sentence"
        role_token = phrase if self.actors.role_at(phrase) is not None else None
        for child in phrase.children:
            if role_token is None and child.dep_ in ("nmod", "prep") and child.i > phrase.i:
                noun = next((c for c in child.children if c.dep_ == "pobj"), child)
                if noun.pos_ in _NOUN_POS and self.actors.role_at(noun) is not None:
                    found = self._subject_context(noun)
                    if found[0]:
                        return found
                    role_token = noun
        if role_token is None:
            return [], ""
        # no place in the clause: the article's dateline city, else its main place if the
        # phrase's own sentence names it ("À Conakry, la police..." parsed as two sentences)
        if self._doc_places is None:
            self._doc_places = DocPlaces.of(self.actors.text, self.lex.language)
        sent = phrase.sent
        main = self._doc_places.main
        if main is not None and not sent.start_char <= main.start < sent.end_char:
            main = None
        place = next((p.to_place() for p in (self._doc_places.dateline, main) if p is not None), None)
        kb = self.actors.kb
        if place is None or place.country not in kb.entries or kb.get(place.country).kind != "state":
            return [], ""
        entry, sector = kb.get(place.country), self.actors.role_at(role_token)[0]
        start, end = role_token.idx, role_token.idx + len(role_token.text)
        how = f"role '{role_token.text}' ({sector}) with no nationality -> the article's place '{place.text}'"
        return [Actor(code=entry.code, sector=sector, id=entry.id, name=entry.name(self.lex.language),
                      text=self.actors.text_of(start, end), start=start, end=end, how=how)], f"'{role_token.text}'"

    def _subject_context(self, subj: Token) -> tuple[list[Actor], str]:
        """A subject that names no actor at its head ("Opposition groups in Zimbabwe", "Leaders
        of the Azadliq coalition ... in Baku"): a state named inside the subject phrase, else,
        for a role or group word (KB roles), the state where the sentence places the event."""
        kb = self.actors.kb
        role = next(filter(None, (self.actors.role_at(t) for t in (subj, *subj.lefts)
                                  if t == subj or t.dep_ in ("compound", "amod"))), None)
        if role is None:
            return [], ""
        inside = {t.i for t in subj.subtree}
        for m in sorted(self.actors.mentions, key=lambda m: m.start):
            entry = kb.get(m.entry_id)
            if m.start in inside and entry.kind == "state":
                actor = self.actors.actor_from_mention(m, role[0], how=f"named inside the subject '{subj.text}'")
                return [actor], f"subject '{subj.text}' ({m.kind} '{m.text}' inside it)"
        place = self._sentence_place(subj.sent.root)
        if place is None or place.country not in kb.entries or kb.get(place.country).kind != "state":
            return [], ""
        entry = kb.get(place.country)
        start, end = subj.idx, subj.idx + len(subj.text)
        how = f"role '{subj.text}' ({role[0]}) with no nationality, in '{place.text}'"
        return [Actor(code=entry.code, sector=role[0], id=entry.id, name=entry.name(self.lex.language),
                      text=self.actors.text_of(start, end), start=start, end=end, how=how)], f"subject '{subj.text}'"

    def _group_in_sentence(self, phrase: Token) -> list[Actor]:
        """"les deux dirigeants" after two states were named earlier in the same sentence (the
        resolver only knows the states of the previous sentences): those states."""
        if phrase.lemma_.lower() not in self.g.group_nouns:
            return []
        count = next((self.g.numbers.get(c.lower_, 0) for c in phrase.children if c.lower_ in self.g.numbers), 0)
        kb, codes = self.actors.kb, []
        for m in sorted(self.actors.mentions, key=lambda m: m.start):
            if phrase.sent.start <= m.start < phrase.i and m.kind in ("name", "demonym", "capital"):
                entry = kb.get(m.entry_id)
                if entry.kind == "state" and entry.id not in codes:
                    codes.append(entry.id)
        if not count or len(codes) < count:
            return []
        start, end = phrase.left_edge.idx, phrase.idx + len(phrase.text)
        return [Actor(code=kb.get(c).code, sector="GOV", id=c, name=kb.get(c).name(self.lex.language),
                      text=self.actors.text_of(start, end), start=start, end=end,
                      how=f"'{self.actors.text_of(start, end)}' -> states named before it") for c in codes[-count:]]

    def _organisation_left(self, actors: list[Actor], recipients: list[Actor]) -> str | None:
        """The organisation a withdrawal is from, when the actors are among its members."""
        kb = self.actors.kb
        codes = {a.code for a in actors}
        for r in recipients:
            entry = kb.entries.get(r.id)
            if entry is not None and entry.kind == "org" and codes & set(entry.members_on(self.actors.when)):
                return entry.id
        return None

    def _domestic_targets(self, cand: Candidate, extra: list[Token], actors: list[Actor]) -> list[Actor]:
        """The target of a coercion or attack named by a role with no nationality ("les activités
        des partis politiques", "des chrétiens"), for the event types of grammar
        `domestic_events`: a group of the state of the article's dateline, else of the acting
        state (when the actors are of one state)."""
        kb = self.actors.kb
        if self._doc_places is None:
            self._doc_places = DocPlaces.of(self.actors.text, self.lex.language)
        dateline = self._doc_places.dateline.to_place() if self._doc_places.dateline is not None else None
        states = {a.code for a in actors if a.code in kb.entries and kb.get(a.code).kind == "state"}
        if dateline is not None and dateline.country in kb.entries and kb.get(dateline.country).kind == "state":
            states = {dateline.country}
        if len(states) != 1:
            return []
        entry = kb.get(states.pop())
        for _prep, arg in [*self._recipient_tokens(cand), *((None, t) for t in extra)]:
            for tok in (arg, *(c for c in arg.children if c.dep_ in ("nmod", "prep") and c.i > arg.i)):
                tok = next((c for c in tok.children if c.dep_ == "pobj"), tok)
                role = self.actors.role_at(tok) if tok.pos_ in _NOUN_POS else None
                if role is not None:
                    how = (f"role '{tok.text}' ({role[0]}) with no nationality, target of an act "
                           + (f"reported from '{dateline.text}'" if dateline is not None else f"by {entry.code}")
                           + f" -> {entry.code}")
                    return [Actor(code=entry.code, sector=role[0], id=entry.id, name=entry.name(self.lex.language),
                                  text=self.actors.text_of(tok.idx, tok.idx + len(tok.text)), start=tok.idx,
                                  end=tok.idx + len(tok.text), how=how)]
        return []

    def _implicit_authority(self, cand: Candidate) -> tuple[list[Actor], str]:
        """A state act in the passive whose agent names no actor ("deux gendarmes détenus au
        Burkina Faso ont été libérés", "trois journalistes ont été arrêtés à Bamako", "placé sous
        mandat de dépôt par le pôle judiciaire"): the authorities of the state where the sentence
        places it, else of the state of the people it is done to ("l'ancien Premier ministre
        malien ... a été placé sous mandat de dépôt"). Only for the modes of grammar
        `authority_modes`, and not when the agent is a name veille does not know."""
        verb = cand.token
        g = self.g
        if cand.trigger.pos != "VERB" or cand.trigger.mode not in g.sets.get("authority_modes", ()) \
                or not self._is_passive(verb):
            return [], ""
        agents = self._passive_agents(verb) + self._stray_agents(verb)
        if any(a.pos_ not in ("NOUN",) for a in agents):
            return [], ""  # a name (or a pronoun) veille cannot resolve: no guess
        kb = self.actors.kb
        place = self._sentence_place(verb)
        if place is not None and place.country in kb.entries and kb.get(place.country).kind == "state":
            entry, text = kb.get(place.country), place.text
            how = f"passive '{verb.text}', no known agent, in '{place.text}' -> its authorities"
        else:
            patients = [c for c in verb.children if c.dep_ in g.passive_subject_deps]
            states = {a.code for p in patients for a in self.actors.resolve(p)
                      if a.code in kb.entries and kb.get(a.code).kind == "state"}
            if len(states) != 1:
                return [], ""
            entry = kb.get(states.pop())
            text = patients[0].text
            how = (f"passive '{verb.text}', no known agent or place -> the authorities of the {entry.code} "
                   "people it targets")
        return [Actor(code=entry.code, sector="GOV", id=entry.id, name=entry.name(self.lex.language),
                      text=text, how=how)], "implicit agent"

    def _unidentified_attacker(self, cand: Candidate) -> tuple[list[Actor], str]:
        """An attack whose perpetrator the sentence does not name ("three civilians have been
        killed in a suicide bombing in Baghdad", "a roadside bomb near Samarra killed a soldier"):
        an unidentified armed force (sector UAF) of the state where the sentence places it, as
        CAMEO codes unidentified attackers. Only for verbal ASSAULT triggers whose subject (or
        passive agent, or, with neither, oblique complement) names a means of attack (grammar
        `attack_cues`: a bombing, a blast, a mine), or whose verb is one ("bombed"); a death with
        no such cue may be an accident, and a named but unknown perpetrator is left uncoded."""
        g = self.g
        cues = g.sets.get("attack_cues", frozenset())
        verb = cand.token
        if not cues or cand.trigger.event != "ASSAULT" or cand.trigger.pos != "VERB":
            return [], ""
        if self._is_passive(verb):
            named = self._passive_agents(verb)
            look = named or [n for rel, _p, n in self._arguments(verb) if rel == "obl"]
        else:
            named = [c for c in verb.children if c.dep_ in g.subject_deps]
            look = named
            if not named:
                return [], ""  # an active verb without a subject: an infinitive, or a misparse
        if any(n.pos_ in ("PROPN", "PRON") for n in named):
            return [], ""  # someone is named, or referred to, whom veille cannot resolve
        lemmas = [t.lemma_.lower() for n in look for t in n.subtree if t.pos_ in _NOUN_POS]
        cue = verb.lemma_.lower() if verb.lemma_.lower() in cues else next((lem for lem in lemmas if lem in cues), None)
        if cue is None:
            return [], ""
        place = self._sentence_place(verb)
        kb = self.actors.kb
        if place is None or len(place.text) < 3 or place.country not in kb.entries \
                or kb.get(place.country).kind != "state":
            return [], ""
        entry = kb.get(place.country)
        how = f"attack with no named perpetrator ('{cue}') in '{place.text}' -> unidentified armed force"
        return [Actor(code=entry.code, sector="UAF", id=entry.id, name=entry.name(self.lex.language),
                      text=place.text, how=how)], "unidentified perpetrator"

    def _passive_agents(self, verb: Token) -> list[Token]:
        """The agents a passive verb's own arguments name: "by X", "par X"."""
        preps = self.g.agent_preps
        return [n for rel, p, n in self._arguments(verb) if rel == "agent" or (rel == "obl" and p in preps)]

    def _stray_agents(self, verb: Token) -> list[Token]:
        """Passive agents the parser attached lower in the clause ("reçu à Niamey par le
        Premier ministre", with "par" hung on "Niamey"), not inside another verb's clause."""
        found = []
        for token in verb.subtree:
            if token == verb or token.dep_ not in self.g.agent_deps:
                continue
            path, ok = token.head, True
            while path != verb and path.head != path:
                ok = ok and path.pos_ not in _VERB_POS
                path = path.head
            if ok and path == verb:
                found.extend([c for c in token.children if c.dep_ == "pobj"] or [token])
        return found

    def _claimed_by(self, noun: Token) -> tuple[list[Actor], str]:
        """The actor of an act claimed or attributed in a participle: "des attaques revendiquées
        par Boko Haram", "attacks claimed by the group"; also hung on the act's complement
        ("l'attaque contre le détachement de X, revendiquée par Y")."""
        nested = [g for c in noun.children if c.dep_ in ("nmod", "prep", "pobj") for g in c.children]
        for child in [*noun.children, *nested]:
            if child.dep_ in ("acl", "acl:relcl", "relcl") and child.lemma_.lower() in self.g.claim_verbs:
                agents = [n for rel, p, n in self._arguments(child)
                          if rel == "agent" or (rel == "obl" and p in self.g.agent_preps)]
                actors = [a for n in agents for a in self.actors.resolve(n)]
                if actors:
                    return actors, f"claimed by ('{child.text}')"
        return [], ""

    def _noun_roles(self, cand: Candidate) -> tuple[list[Actor], str, list[Token]]:
        """(actor, how, recipient tokens) of a nominal trigger."""
        g = self.g
        noun = cand.token
        if cand.trigger.agent_noun:  # "des manifestants": the phrase names the actors themselves
            actors = self.actors.resolve(noun)
            if actors:
                return actors, f"the agent noun '{noun.text}'", []
            actors, how = self._role_context(noun)
            return actors, f"the agent noun '{noun.text}', {how}" if actors else "", []
        genitive_recipient = cand.trigger.event in g.genitive_is_recipient
        if cand.governor is not None and any(c.dep_ == "det" and "Yes" in c.morph.get("Poss") for c in noun.children):
            # "ont annoncé leur retrait de la CEDEAO": the possessive is the governor's subject,
            # so the "de" complement is what the act is about, not its actor
            genitive_recipient = True
        extra: list[Token] = []
        for rel, prep, arg in self._arguments(noun):
            if rel == "obl" and prep in g.noun_actor_preps and not genitive_recipient:
                actors = self.actors.resolve(arg)
                if actors:
                    return actors, f"'{prep}' complement of '{noun.text}'", extra
            elif rel == "obl" and prep in g.noun_actor_preps:
                extra.append(arg)
        for child in noun.children:
            if child.dep_ in ("poss", "nmod:poss"):
                actors = self.actors.resolve(child)
                if actors:
                    return actors, f"possessive of '{noun.text}'", extra
        for child in noun.children:  # "Palestinian riots", "French mediation", "les frappes russes"
            if child.dep_ == "amod" and (m := self.actors.mention_at(child)) is not None and m.kind == "demonym" \
                    and not genitive_recipient:
                actors = self.actors.resolve(child)
                if actors:
                    return actors, f"adjective '{child.text}' of '{noun.text}'", extra
        claimed, how = self._claimed_by(noun)
        if claimed:
            return claimed, how, extra
        head = cand.governor if cand.governor is not None else noun.head
        oblique = noun.dep_ in g.oblique_deps
        if cand.governor is None and noun.dep_ == "pobj" and head.pos_ == "ADP" and head.dep_ in g.oblique_deps \
                and head.lemma_.lower() not in g.sets.get("background_preps", ()):
            head, oblique = head.head, True  # "arrived on a visit", "returned to Geneva for talks"
        if noun.dep_ in g.object_deps or oblique or cand.governor is not None:
            if head != noun and head.pos_ in _VERB_POS:
                if cand.governor is None and noun.dep_ in g.object_deps and head.lemma_.lower() not in g.light_verbs \
                        and (act := self._match(head)) is not None and act.event != cand.trigger.event:
                    # "HRW dénonce la détention de ...", "condemned the arrest of ...": the noun is
                    # what another act is about, and that act's subject is not its author
                    return [], "", extra
                actors, how, _ = self._verb_roles(head)
                return actors, f"{how} of '{head.text}'" if how else "", extra
        return [], "", extra

    def _complement_verbs(self, cand: Candidate) -> list[Token]:
        """Verbs of the clauses an absorbing trigger governs: "promised to keep supporting X"."""
        if not cand.trigger.absorbs:
            return []
        frontier = [cand.token] + ([cand.governor] if cand.governor is not None else [])
        verbs: list[Token] = []
        for _ in range(3):
            frontier = [c for t in frontier for c in t.children
                        if c.dep_ in ("xcomp", "ccomp") and c.pos_ in _VERB_POS]
            verbs.extend(frontier)
        return verbs

    def _recipient_tokens(self, cand: Candidate) -> list[tuple[str | None, Token]]:
        heads = [cand.token, *cand.absorbed, *self._complement_verbs(cand)]
        if cand.governor is not None:
            heads.append(cand.governor)
        heads = list({t.i: t for t in heads}.values())
        out: list[tuple[str | None, Token]] = []
        for verb in self._complement_verbs(cand):  # "demanded that the US cancel ..."
            out.extend((None, c) for c in verb.children if c.dep_ in self.g.subject_deps)
        for head in heads:
            for rel, prep, arg in self._arguments(head):
                if (rel == "agent" and (head.pos_ not in _VERB_POS or self._is_passive(head))) \
                        or arg.i == cand.token.i:
                    continue  # (an agent hung on an active verb belongs to a participle: "convoquée par X")
                if cand.trigger.pos == "NOUN" and head == cand.token and prep in self.g.noun_actor_preps \
                        and cand.trigger.event not in self.g.genitive_is_recipient:
                    continue
                if rel == "obl" and prep is not None and prep not in self.g.recipient_preps \
                        and prep not in self.g.locative_preps and prep not in self.g.noun_actor_preps:
                    continue
                out.append((prep, arg))
        return out

    def _recipients(self, cand: Candidate, extra: list[Token],
                    actors: list[Actor]) -> tuple[list[Actor], Place | None]:
        recipients: list[Actor] = []
        places: list[Place] = []
        exclude = frozenset(a.code for a in actors)
        for prep, arg in [*self._recipient_tokens(cand), *((None, t) for t in extra)]:
            place = self.actors.place_mention(arg)
            if place and self._is_location(cand, place, prep, arg):
                places.append(self._place(place))
                continue
            found = self.actors.resolve(arg, exclude=exclude)
            if not found and arg.lower_ in self.g.sets.get("dative_pronouns", ()):
                found = self._dative_antecedent(arg, exclude)
            recipients.extend(found)
        location = places[0] if places else self._fallback_place(cand)
        if not recipients and places and cand.trigger.mode == "visit":
            recipients = [self._place_actor(places[0])]
        elif not recipients and location is not None and cand.trigger.mode == "visit" \
                and location.country in self.actors.kb.entries \
                and location.country not in {a.code for a in actors}:
            # a visit with no named host: the host is the country visited ("sa visite à Bamako")
            recipients = [self._place_actor(location)]
        return recipients, location

    def _dative_antecedent(self, pronoun: Token, exclude: frozenset[str]) -> list[Actor]:
        """What a dative clitic ("lui", "leur") stands for: in a participle or coordinated clause,
        the object of the verb it depends on ("a suspendu la diffusion de RFI, lui reprochant");
        else the recipients of the previous sentence ("Il a rencontré son homologue. Il lui a
        proposé...")."""
        clause = pronoun.head
        if clause.dep_ in ("advcl", "acl", "conj") and clause.head.pos_ in _VERB_POS:
            for rel, _prep, arg in self._arguments(clause.head):
                found = self.actors.resolve(arg, exclude=exclude) if rel == "obj" else []
                if found:
                    return [_with_how(a, f"'{pronoun.text}' -> object of '{clause.head.text}' ({a.how})")
                            for a in found]
        return [_with_how(a, f"'{pronoun.text}' -> recipient of the previous sentence ({a.how})")
                for a in self._last_recipients if a.code not in exclude]

    def _threat_condition(self, token: Token) -> bool:
        """Whether the clause of `token` (or a clause it depends on) carries a threat's condition
        ("unless ...")."""
        marks = self.g.sets.get("threat_conditions", frozenset())
        current, steps = token, 0
        while steps < 4:
            for child in current.children:
                if child.dep_ == "advcl" and any(c.lower_ in marks for c in child.children):
                    return True
            if current.dep_ not in ("xcomp", "ccomp", "conj") or current.head == current:
                return False
            current, steps = current.head, steps + 1
        return False

    def _reverser(self, cand: Candidate) -> Token | None:
        """The verb that undoes a nominal measure: "lifted the curfew", "a levé l'embargo"."""
        token = cand.token
        if token.dep_ == "compound" and token.head.pos_ in _NOUN_POS:  # "suspended aid deliveries"
            token = token.head
        if cand.trigger.pos != "NOUN" or token.dep_ not in self.g.object_deps:
            return None
        head = token.head
        return head if head.lemma_.lower() in self.g.reversal_verbs else None

    # -- places ----------------------------------------------------------------------------
    def _is_location(self, cand: Candidate, place: Any, prep: str | None, arg: Token) -> bool:
        """Whether a place complement is where the event happened rather than its recipient."""
        g = self.g
        if prep in g.strict_locative_preps:
            return True
        if prep not in g.locative_preps:
            return False
        if cand.trigger.event in MATERIAL_EVENTS:
            return True
        return place.kind in ("capital", "city") and arg.head.pos_ in _VERB_POS
    def _place(self, m: Any) -> Place:
        """A KB place mention (state, capital, city), geocoded with the gazetteer."""
        entry = self.actors.kb.get(m.entry_id)
        span = self.actors.doc[m.start : m.end]
        text = self.actors.text_of(span.start_char, span.end_char)
        found = geocode(text, entry.code, country_level=m.kind == "name")
        if found is not None:
            return found
        precision = "country" if m.kind == "name" else "city"
        name = text if m.kind != "name" else entry.name(self.lex.language)
        return Place(text=text, name=name, country=entry.code, precision=precision)

    def _fallback_place(self, cand: Candidate) -> Place | None:
        """Where an event with no place of its own happened: a location named in its sentence
        ("dans la région de Tillabéri"), else the dateline city, else the article's main place."""
        if self._doc_places is None:
            self._doc_places = DocPlaces.of(self.actors.text, self.lex.language)
        sent = cand.token.sent
        return self._doc_places.place_for(sent.start_char, sent.end_char, cand.token.idx)

    def _protest_target(self, actors: list[Actor], location: Place | None) -> list[Actor]:
        """A protest with no stated target is aimed at the government where it takes place, or
        else at the protesters' own government (the convention of CAMEO-coded data)."""
        kb = self.actors.kb
        if location is not None and location.country in kb.entries:
            entry, how = kb.get(location.country), f"protest in '{location.text}' -> its government"
        else:
            state = next((a for a in actors if a.id in kb.entries and kb.get(a.id).kind == "state"), None)
            if state is None:
                return []
            entry, how = kb.get(state.id), "protest with no stated target -> own government"
        return [Actor(code=entry.code, sector="GOV", id=entry.id, name=entry.name(self.lex.language), how=how)]

    def _implicit_recipients(self, cand: Candidate, actors: list[Actor], event_type: str) -> list[Actor]:
        """When no argument of the trigger names a recipient: the first actor named deeper in
        the clause the trigger governs (its objects' modifiers, its complement and condition
        clauses: "rejected an offer from Afghanistan", "threatened to stop the talks if the
        United States ..."), else, for acts done somewhere (PLACE_TARGETED), the state where
        the sentence places the event ("imposed a curfew in Cizre" -> TUR)."""
        g = self.g
        heads = [cand.token] + ([cand.governor] if cand.governor is not None else [])
        region: set[int] = set()
        for head in heads:
            for child in head.children:
                if child.dep_ in g.subject_deps or child.dep_ in g.agent_deps or child.dep_ == "punct" \
                        or child.i in (cand.token.i, *(h.i for h in heads)) or not self._same_act(child):
                    continue
                region.update(t.i for t in child.subtree)
        if cand.trigger.pos == "NOUN":  # its complements, not its name modifiers ("U.S. sanctions": the actor)
            for child in cand.token.children:
                if child.dep_ not in ("compound", "amod", "poss", "nmod:poss", "det") and self._same_act(child):
                    region.update(t.i for t in child.subtree)
        doc = self.actors.doc
        for i in list(region):  # the author of a participle inside ("restrictions imposed by X") is no target
            if doc[i].dep_ in g.agent_deps:
                region.difference_update(t.i for t in doc[i].subtree)
        taken = [(a.start, a.end) for a in actors if a.start >= 0]
        codes = {a.code for a in actors}
        for m in sorted(self.actors.mentions, key=lambda m: m.start):
            if m.start not in region:
                continue
            span = doc[m.start:m.end]
            if any(s < span.end_char and span.start_char < e for s, e in taken):
                continue
            head = span.root
            if m.kind in ("surname", "city", "capital") or self.actors.is_locative(head):
                continue  # a bare surname or a town deep in a clause is too weak a clue
            found = [a for a in self.actors.resolve(head, depth=_NO_DESCENT) if a.code not in codes]
            if found:
                return [_with_how(a, f"inferred: named inside the clause of '{cand.token.text}' ({a.how})")
                        for a in found]
        if event_type not in PLACE_TARGETED and cand.trigger.event not in PLACE_TARGETED:
            return []  # (an intended act keeps the target of the act: "will evacuate settlements in Gaza")
        place = self._sentence_place(cand.token)
        kb = self.actors.kb
        if place is None or place.country not in kb.entries or kb.get(place.country).kind != "state" \
                or len(place.text) < 3:
            return []
        entry = kb.get(place.country)
        return [Actor(code=entry.code, sector="", id=entry.id, name=entry.name(self.lex.language),
                      text=place.text, how=f"inferred: no named target, the state where it happened ('{place.text}')")]

    def _same_act(self, child: Token) -> bool:
        """Whether a dependent clause belongs to the act of its head (objects, complements,
        conditions, purposes) rather than telling another one (coordinated, participial or
        parenthetical clauses: "convened a meeting ..., calling on them to ...")."""
        if child.dep_ not in ("conj", "parataxis", "appos", "advcl"):
            return True
        before = child.doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        if before is None or before.text not in (",", ";", "—", "–", "(", ":"):
            return True  # not set off: often a reduced relative the parser took for a clause
        marks = self.g.sets.get("threat_conditions", frozenset()) | self.g.sets.get("condition_marks", frozenset())
        return child.dep_ == "advcl" and any(
            c.lower_ in marks or (c.dep_ in ("aux", "mark") and c.lower_ in ("to", "pour", "afin"))
            for c in child.children)

    def _sentence_place(self, token: Token) -> Place | None:
        """The place a locative phrase of the token's own clause names, nearest the token; not
        the place of the reporting clause ("..., officials in Nairobi said")."""
        if self._doc_places is None:
            self._doc_places = DocPlaces.of(self.actors.text, self.lex.language)
        clause = token
        while clause.pos_ not in _VERB_POS and clause.head != clause:
            clause = clause.head
        skip = [c for c in clause.children
                if c.lemma_.lower() in self.g.speech_verbs and c.dep_ in ("ccomp", "parataxis", "advcl", "conj")]
        skip_chars = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)) for c in skip]
        start = clause.left_edge.idx
        end = clause.right_edge.idx + len(clause.right_edge.text)
        near = [t for t in self._doc_places.toponyms
                if start <= t.start < end and t.role == "location"
                and (t.locative or self._parsed_locative(token.doc, t.start, t.end))
                and not any(a <= t.start < b for a, b in skip_chars)]
        if not near:
            return None
        return min(near, key=lambda t: abs(t.start - token.idx)).to_place()

    def _parsed_locative(self, doc: Doc, start: int, end: int) -> bool:
        """Whether the parse puts a place name under a locative preposition with words between
        them that the text cue misses: "in central Baghdad", "near the town of Samarra",
        "dans la ville de Gao"."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        tok = span.root
        genitive = self.g.sets.get("genitive_preps", frozenset())
        for _ in range(5):
            case = next((c for c in tok.children if c.dep_ == "case"), None)  # UD: "à Bamako"
            prep = case if case is not None else tok.head if tok.dep_ == "pobj" else None
            if prep is not None:
                lemma = prep.lemma_.lower()
                if lemma in self.g.locative_preps or any(
                        c.dep_ == "advmod" and c.lemma_.lower() in self.g.locative_preps for c in tok.children):
                    return True  # "près de la ville de Kidal": the preposition is "près de"
                if lemma not in genitive or prep.head == prep:
                    return False
                if prep.head.pos_ == "ADP":  # "outside of Basra"
                    return prep.head.lemma_.lower() in self.g.locative_preps
                tok = tok.head if case is not None else prep.head  # "the town of X", "la ville de X"
                continue
            if tok.dep_ not in ("compound", "amod", "appos", "flat", "flat:name") or tok.head == tok:
                return False
            tok = tok.head
        return False

    def _place_actor(self, place: Place) -> Actor:
        entry = self.actors.kb.get(place.country)
        return Actor(code=entry.code, sector="GOV", id=entry.id, name=entry.name(self.lex.language),
                     text=place.text, how=f"destination '{place.text}' of a visit")

    # -- modality and context --------------------------------------------------------------
    def _modality(self, token: Token) -> tuple[str, bool, str]:
        g = self.g
        chain = [token]
        while chain[-1].dep_ in ("xcomp", "ccomp") and len(chain) < 4:
            chain.append(chain[-1].head)
        negated = any(c.lower_ in g.negations or c.dep_ == "neg" for t in chain for c in t.children) \
            or any(t.lemma_.lower() in g.sets.get("negating_verbs", ()) for t in chain[1:])  # "failed to reach"
        expected = g.sets.get("expected_verbs", ())
        if token.lemma_.lower() in expected or (token.pos_ in _NOUN_POS and token.head.lemma_.lower() in expected):
            # "X est attendu à Alger", "attendu à Ouagadougou pour une visite"
            return "intent", negated, f"'{token.text}': expected, to come"
        for t in chain:
            auxes = [t, *(c for c in t.children if c.dep_.startswith("aux"))]
            if any("Cnd" in a.morph.get("Mood") for a in auxes) or any(
                a.lower_ in g.hypothetical_verbs for a in auxes if a != t
            ):
                if t.dep_ == "ccomp" and t.head.lemma_.lower() in g.speech_verbs:
                    # sequence of tenses: "said it would attack", "a annoncé qu'il se rendrait"
                    return "intent", negated, f"reported future '{t.text}' after '{t.head.text}'"
                return "hypothetical", negated, f"conditional '{t.text}'"
            if t != token and t.lemma_.lower() in g.intent_verbs:
                return "intent", negated, f"intent verb '{t.text}'"
            if any(a.lemma_.lower() in g.intent_verbs and a != t for a in auxes) or any(
                "Fut" in a.morph.get("Tense") for a in auxes
            ):
                return "intent", negated, "future"
        return "actual", negated, ""

    def _condition(self, cand: Candidate) -> tuple[bool, Token | None]:
        """(whether the trigger is inside a condition clause, the condition clause it governs):
        "si la junte ne libère pas X" states no event; "X pourrait suspendre son aide si ..."
        is a conditional threat (grammar `condition_marks`)."""
        marks = self.g.sets.get("condition_marks", frozenset())
        verb = cand.governor or cand.token
        if not marks:
            return False, None
        if cand.trigger.pos == "NOUN" and cand.governor is None and verb.head.pos_ in _VERB_POS:
            verb = verb.head
        chain = [verb]
        while chain[-1].dep_ in ("xcomp", "ccomp", "conj") and len(chain) < 4:
            chain.append(chain[-1].head)
        if any(c.dep_ == "mark" and c.lower_ in marks for c in verb.children):
            return True, None
        for t in chain:
            for c in t.subtree:  # a condition clause the parser may have hung on a complement
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children) \
                        and next((a for a in c.ancestors if a.pos_ in _VERB_POS), None) == t:
                    return False, c
        return False, None

    def _context(self, trig: Trigger, sent: Span) -> tuple[str, ...]:
        contexts = list(trig.context)
        lemmas = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        text = sent.text.lower()
        for context, cues in self.g.context_cues.items():
            if context not in contexts and any(c in lemmas or (" " in c and c in text) for c in cues):
                contexts.append(context)
        return tuple(contexts)

    def _date(self, sent: Span, token: Token, modality: str) -> tuple[str | None, str, str]:
        """(date, precision, note): the date the trigger's clause gives (explicit, or relative to
        publication), else publication. Dates inside a noun's relative or participial clause that
        does not hold the trigger ("les échanges, suspendus depuis juillet 2023, ont repris") or
        after "since"/"depuis" (grammar `date_background_preps`) date something else. A statement
        of intent is dated when it is made: the date of the planned act goes into the note."""
        text = sent.text
        masked = list(text)
        background = self.g.sets.get("date_background_preps", frozenset())
        for t in sent:
            if (t.dep_ in ("acl", "relcl", "acl:relcl") and not (t.left_edge.i <= token.i <= t.right_edge.i)) \
                    or (t.lemma_.lower() in background and t.pos_ == "ADP"):
                head = t if t.dep_ != "case" else t.head
                if t.dep_ == "case" and head.left_edge.i <= token.i <= head.right_edge.i:
                    continue
                a = head.left_edge.idx - sent.start_char
                b = head.right_edge.idx + len(head.right_edge.text) - sent.start_char
                masked[a:b] = " " * (b - a)
        published = self.article.published
        found = event_date("".join(masked), published, self.lex.language)
        if found and modality == "intent" and published and found.value[:10] > published.isoformat():
            return published.isoformat(), "publication", f"planned for {found.value}"
        if found:
            return found.value, found.precision, ""
        if published:
            return published.isoformat(), "publication", ""
        return None, "unknown", ""

    # -- events ----------------------------------------------------------------------------
    def code(self, sent: Span, sent_index: int) -> list[Event]:
        events: dict[tuple[str, str, frozenset[str], frozenset[str]], Event] = {}
        for cand in self.candidates(sent):
            event = self._event(cand, sent, sent_index)
            if event is None:
                continue
            # one event per (type, mode, actors, recipients) and sentence: "exprimer sa volonté"
            # may fire on the verb and on the noun
            key = (event.event, event.mode, frozenset(a.code for a in event.actor),
                   frozenset(r.code for r in event.recipient))
            if key not in events or events[key].confidence < event.confidence:
                events[key] = event
        recipients = [r for e in events.values() for r in e.recipient]
        self._last_recipients = recipients or self._last_recipients
        return list(events.values())

    def _event(self, cand: Candidate, sent: Span, sent_index: int) -> Event | None:
        trig, token = cand.trigger, cand.token
        if trig.pos == "VERB":
            actors, actor_how, patients = self._verb_roles(token)
            extra = patients
        else:
            actors, actor_how, extra = self._noun_roles(cand)
        if not actors:
            actors, actor_how = self._implicit_authority(cand)
        if not actors:
            actors, actor_how = self._unidentified_attacker(cand)
        if not actors:
            return None
        actors = _distinct(actors)  # "le général Sadio Camara (Mali)": one MLI GOV, not two
        recipients, location = self._recipients(cand, extra, actors)
        actor_keys = {(a.code, a.sector) for a in actors}
        recipients = _distinct([r for r in recipients if (r.code, r.sector) not in actor_keys])
        modality, negated, modality_how = self._modality(cand.governor or token)
        event_type, mode, cameo = trig.event, trig.mode, trig.cameo
        if modality == "intent" and trig.event in INTENT_AS_AGREE:
            event_type, mode, cameo = "AGREE", "", INTENT_AS_AGREE[trig.event]
            modality_how += f"; intent to {trig.event} is AGREE in PLOVER"
        if modality == "intent" and trig.event in INTENT_AS_THREATEN:
            event_type, mode, cameo = "THREATEN", "", INTENT_AS_THREATEN[trig.event]
            modality_how += f"; intent to {trig.event} is THREATEN in PLOVER"
        inside, condition = self._condition(cand)
        if inside:
            return None  # "si la junte ne libère pas X, ...": a condition, not a reported event
        if condition is not None and modality == "hypothetical" and event_type in INTENT_AS_THREATEN:
            event_type, mode, cameo = "THREATEN", "", INTENT_AS_THREATEN[event_type]
            modality_how += f"; {trig.event} on condition '{condition.text}' is THREATEN in PLOVER"
        if modality == "intent" and event_type in ("AGREE", "PROTEST") \
                and self._threat_condition(cand.governor or token):
            # "will withdraw its force unless ...", "will boycott the vote unless ...": a threat
            modality_how += f"; intent to {trig.event} on a condition is THREATEN"
            event_type, mode, cameo = "THREATEN", "", "130"
        reverser = self._reverser(cand)
        if reverser is not None and self._match(reverser) is not None:
            return None  # the undoing verb has its own lexicon entry ("lift" + blockade): it codes the act
        if reverser is not None and event_type in REVERSED_AS:
            modality_how += f"; '{reverser.text}' undoes {event_type}"
            event_type, cameo = REVERSED_AS[event_type]
            mode = ""
        if negated and event_type in NEGATED_AS_REJECT:
            modality_how += f"; negated {event_type} is REJECT in PLOVER"
            event_type, mode, cameo, negated = "REJECT", "", NEGATED_AS_REJECT[event_type], False
        if not recipients:  # a protest's target named in its clause, else where it takes place
            recipients = self._implicit_recipients(cand, actors, event_type)
        if event_type == "PROTEST" and trig.pos == "VERB" and actors \
                and all(a.sector in self.g.sets.get("official_sectors", ()) for a in actors):
            # a ministry "protests against" X: a formal complaint, not a demonstration
            event_type, mode, cameo = "ACCUSE", "disapprove", "114"
            modality_how += "; a protest by officials is ACCUSE (formal complaint)"
        if event_type == "PROTEST" and not recipients:
            recipients = self._protest_target(actors, location)
        if not recipients and {event_type, f"{event_type}/{mode}"} & self.g.sets.get("domestic_events", frozenset()):
            recipients = self._domestic_targets(cand, extra, actors)
        left = self._organisation_left(actors, recipients) if (event_type, mode) == ("RETREAT", "withdraw") else None
        if left is not None:  # "leur retrait de la CEDEAO": members leaving their organisation
            event_type, cameo = "SANCTION", "161"
            modality_how += f"; members withdrawing from {left} is SANCTION/withdraw"
        date, precision, planned = self._date(sent, token, modality)
        if planned:
            modality_how += f"; {planned}"
        raw = self.actors.text_of(sent.start_char, sent.end_char)
        start = sent.start_char + len(raw) - len(raw.lstrip())
        end = sent.end_char - (len(raw) - len(raw.rstrip()))
        explain = self._explain(cand, actors, actor_how, recipients, modality_how, negated)
        return Event(
            doc_id=self.article.id,
            event=event_type,
            mode=mode,
            context=self._context(trig, sent),
            actor=tuple(actors),
            recipient=tuple(recipients),
            text=self.actors.text_of(start, end),
            text_info=TextInfo(sent_index, start, end,
                               self.actors.text_of(token.idx, token.idx + len(token.text)),
                               token.idx, token.idx + len(token.text)),
            cite_info=self.cite,
            date=date,
            date_precision=precision,
            location=location,
            cameo=cameo,
            quad_class=quad_class(cameo),
            modality=modality,  # type: ignore[arg-type]
            negated=negated,
            confidence=self._confidence(cand, actor_how, recipients),
            explain=explain,
            coder=CODER_VERSION,
        )

    @staticmethod
    def _confidence(cand: Candidate, actor_how: str, recipients: list[Actor]) -> float:
        score = 0.45
        score += 0.2 if actor_how in ("subject", "passive agent") or "complement" in actor_how else 0.1
        score += 0.15 if recipients and not recipients[0].how.startswith("inferred") else 0.05 if recipients else 0.0
        score += 0.1 if cand.trigger.pos == "VERB" else 0.0
        score -= 0.15 if "pronoun" in actor_how or "last" in actor_how else 0.0
        return max(0.05, min(0.95, score))

    def _explain(self, cand: Candidate, actors: list[Actor], actor_how: str,
                 recipients: list[Actor], modality_how: str, negated: bool) -> str:
        trig = cand.trigger
        parts = [
            f"rule {self.lex.language}:{trig.label} -> {trig.event}"
            + (f"/{trig.mode}" if trig.mode else "") + f" (CAMEO {trig.cameo})"
        ]
        if cand.governor is not None:
            parts.append(f"carried by '{cand.governor.text}'")
        if cand.absorbed:
            parts.append("absorbs " + ", ".join(f"'{t.text}'" for t in cand.absorbed))
        parts.append(f"actor [{actor_how}]: " + "; ".join(f"{a.code} {a.sector} <- {a.how}" for a in actors))
        if recipients:
            parts.append("recipient: " + "; ".join(f"{r.code} {r.sector} <- {r.how}" for r in recipients))
        if modality_how.strip("; "):
            parts.append(f"modality: {modality_how.strip('; ')}")
        if negated:
            parts.append("negated")
        return " | ".join(parts)


def code_sentence(coder: SentenceCoder, sent: Span, index: int) -> list[Event]:
    """Code one sentence and update the discourse memory (subject, states mentioned)."""
    events = coder.code(sent, index)
    actors = coder.actors
    subject: list[Actor] = []
    root = sent.root
    for child in root.children:
        if child.dep_ in coder.g.subject_deps and child.pos_ != "PRON":
            subject = actors.resolve(child)
    if not subject and root.pos_ in _NOUN_POS:  # a nominal root: "Le général X (Mali) a, ..."
        subject = actors.resolve(root, depth=_NO_DESCENT)
    in_sentence = [m for m in actors.mentions if sent.start <= m.start < sent.end]
    actors.remember(subject, in_sentence)
    return events


def _with_how(actor: Actor, how: str) -> Actor:
    return replace(actor, how=how)


def _distinct(actors: list[Actor]) -> list[Actor]:
    """Actors in order, one per (code, sector): a person and their country, both coded MLI GOV,
    are one PLOVER actor; the first mention (the more specific) is kept."""
    seen: set[tuple[str, str]] = set()
    out = []
    for actor in actors:
        if (actor.code, actor.sector) not in seen:
            seen.add((actor.code, actor.sector))
            out.append(actor)
    return out
