"""Find knowledge-base names in a spaCy Doc: one token-sequence table per language, built once
from the KB's surface forms (names, demonyms, capitals, cities, organisations, people).

Matching is accent-insensitive ("Etat islamique" = "État islamique", both apostrophes) and
case-insensitive where that is safe: a capitalised or upper-case span matches a name in any case
("CÔTE D'IVOIRE", "Burkina faso"), but a lower-case span only matches forms written in lower
case (demonyms: "russes"), so "turkey" or "us" never become states, and short acronyms ("US",
"AES", "UA") match only as written. A one-word adjective or noun also matches by its lemma
("burkinabés" -> "burkinabé"). Surnames of people match only after that person's full name in
the same article ("Sadio Camara ... Camara"): that is coreference, not a guess; or right after
a title word of `lang.yaml` ("President Mugabe", "le président Gbagbo")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from veille.actors.kb import KnowledgeBase, SurfaceForm, fold
from veille.models import Mention

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["MentionFinder", "surface_variants", "is_short_acronym"]

_APOSTROPHES = ("'", "’")
_PLAIN = re.compile(r"^[^\W\d_]{2,}( [^\W\d_]{2,})*$")
_LEMMA_POS = frozenset({"ADJ", "NOUN", "PROPN"})
_STANCE_PREFIXES = frozenset({"anti", "pro"})


def surface_variants(form: SurfaceForm) -> set[str]:
    """Spellings a form is matched in: both apostrophes; demonyms also capitalised
    (sentence-initial "Russe", English "Russian") and lowercased."""
    texts = {form.text}
    if form.kind == "demonym":
        texts |= {form.text.lower(), form.text[:1].upper() + form.text[1:]}
    for text in list(texts):
        for a, b in (_APOSTROPHES, _APOSTROPHES[::-1]):
            texts.add(text.replace(a, b))
    return {t for t in texts if t.strip()}


def is_short_acronym(text: str) -> bool:
    """"US", "AES", "UA", "FLA": matched only exactly as written."""
    letters = text.replace(".", "").replace("-", "")
    return len(letters) <= 5 and letters.isalpha() and letters.isupper()


@dataclass(frozen=True, slots=True)
class _Variant:
    key: str  # "entry_id|kind"
    words: tuple[str, ...]  # the form's tokens as written (accents folded, case kept)
    lowercase: bool  # the form starts in lower case (demonyms, "groupe Wagner")
    acronym: bool


@lru_cache(maxsize=65_536)
def _unaccent(text: str) -> str:
    """`fold` without lowercasing."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


class MentionFinder:
    """Matches KB surface forms on folded token text, longest match first, left to right."""

    def __init__(self, kb: KnowledgeBase, lang: str, nlp: Language) -> None:
        self.kb = kb
        self.lang = lang
        self._titles = frozenset(fold(w) for w in kb.word_list(lang, "person_titles"))
        self._forms: dict[str, SurfaceForm] = {}
        self._table: dict[tuple[str, ...], list[_Variant]] = {}
        self._lengths: dict[str, set[int]] = {}  # first folded word -> phrase lengths
        by_key: dict[str, set[str]] = {}
        for form in kb.forms_for(lang):
            key = f"{form.entry_id}|{form.kind}"
            self._forms[key] = form
            by_key.setdefault(key, set()).update(surface_variants(form))
        hard: list[tuple[str, str]] = []
        special = set(getattr(nlp.tokenizer, "rules", None) or ())  # "Im" -> "I", "m" in English
        for key, texts in by_key.items():
            for text in sorted(texts):
                # letters and single spaces: the tokenizer splits on the spaces only (fast path)
                if _PLAIN.match(text) and not any(w in special for w in text.split(" ")):
                    self._add(key, text, text.split(" "))
                else:
                    hard.append((key, text))
        for (key, text), doc in zip(hard, nlp.tokenizer.pipe(t for _, t in hard), strict=True):
            self._add(key, text, [t.text for t in doc])
        self._sorted_lengths = {w: tuple(sorted(ns, reverse=True)) for w, ns in self._lengths.items()}

    def _add(self, key: str, text: str, words: list[str]) -> None:
        if not words:
            return
        folded = tuple(fold(w) for w in words)
        variant = _Variant(key, tuple(_unaccent(w) for w in words), text[:1].islower(), is_short_acronym(text))
        bucket = self._table.setdefault(folded, [])
        if variant not in bucket:
            bucket.append(variant)
        self._lengths.setdefault(folded[0], set()).add(len(folded))

    @staticmethod
    def _accepts(variant: _Variant, words: list[str]) -> bool:
        """The case rule: exact (accents aside), or a capitalised span for a name that is not a
        short acronym, or any span for a form written in lower case."""
        if tuple(_unaccent(w) for w in words) == variant.words:
            return True
        if variant.acronym:
            return False
        first = words[0][:1]
        return variant.lowercase or first.isupper()

    def _matches_at(self, doc: Doc, i: int, folded: list[str]) -> tuple[int, list[str]] | None:
        """(length, keys) of the longest form starting at token i."""
        for n in self._sorted_lengths.get(folded[i], ()):
            if i + n > len(doc):
                continue
            variants = self._table.get(tuple(folded[i : i + n]))
            if not variants:
                continue
            words = [doc[j].text for j in range(i, i + n)]
            # a short acronym before a number is a road or a model, not a party: "la RN 16"
            numbered = i + n < len(doc) and doc[i + n].like_num
            keys = [v.key for v in variants if self._accepts(v, words) and not (numbered and v.acronym)]
            if keys:
                return n, sorted(set(keys))
        return self._lemma_match(doc[i])

    def _lemma_match(self, token: Token) -> tuple[int, list[str]] | None:
        """A one-word demonym or name by its lemma: "burkinabés" -> "burkinabé"."""
        if token.pos_ not in _LEMMA_POS or not token.lemma_ or token.lemma_ == token.text:
            return None
        variants = self._table.get((fold(token.lemma_),), [])
        keys = [v.key for v in variants if self._forms[v.key].kind == "demonym"]
        return (1, sorted(set(keys))) if keys else None

    def __call__(self, doc: Doc, when: date | None = None) -> list[Mention]:
        """Mentions in `doc`, longest first, no overlaps. Where one text names several entries
        ("Moscou": RUS, and SUN until 1991), the entry valid on `when` wins, else a current one."""
        folded = [fold(t.text) for t in doc]
        titles = self._titles
        mentions: list[Mention] = []
        seen_people: dict[str, int] = {}  # person id -> token index of its last full-name mention
        i = 0
        while i < len(doc):
            found = self._matches_at(doc, i, folded)
            if found is not None and i >= 2 and folded[i - 1] == "-" and folded[i - 2] in _STANCE_PREFIXES:
                found = None  # "anti-Syria journalist", "pro-Russian separatists": a stance, not a nationality
            if found is None:
                i += 1
                continue
            n, keys = found
            # "President Mugabe", not "le général Jean Dupont": the surname after a title ends the name
            titled = i > 0 and folded[i - 1] in titles and not (
                i + n < len(doc) and (doc[i + n].is_alpha and doc[i + n].text[:1].isupper()
                                      or doc[i + n].text in ("-", "‑")))  # "President Jean-Bertrand ..."
            form = self._best(keys, when, seen_people, titled=titled)
            if form is not None and form.kind in ("person", "ethnic") and n == 1 and \
                    self._inside_name(doc, i, titles, folded):
                form = None  # "Hassan" in "Omar Hassan al-Bashir" is not the person "Hassan", nor "Karen Bass" a Karen
            if form is not None:
                if form.kind == "person":
                    seen_people[form.entry_id] = i
                mentions.append(Mention(i, i + n, doc[i : i + n].text, form.entry_id, form.kind))
            i += n if form is not None else 1
        return mentions

    @staticmethod
    def _inside_name(doc: Doc, i: int, titles: frozenset[str], folded: list[str]) -> bool:
        """Whether token i is one word of a longer proper name (a capitalised word or a name
        particle right before or after it, title words aside)."""
        def name_part(j: int) -> bool:
            if not 0 <= j < len(doc) or folded[j] in titles:
                return False
            text = doc[j].text
            return (text[:1].isupper() and doc[j].is_alpha and not doc[j].is_sent_start) or \
                text.lower() in ("al", "el", "bin", "ben", "ibn", "-", "al-", "el-")
        return name_part(i - 1) or name_part(i + 1)

    def _best(self, keys: list[str], when: date | None, seen_people: dict[str, int],
              titled: bool = False) -> SurfaceForm | None:
        """The entry a matched text names; a surname only if its person was named in full before
        (the most recently named one when several share it) or right after a title ("President
        Mugabe": then the person in office on the date, if one is)."""
        keys = [k for k in keys
                if self._forms[k].kind != "surname" or titled or self._forms[k].entry_id in seen_people]
        if not keys:
            return None

        def rank(key: str) -> tuple[int, int, int, str]:
            form = self._forms[key]
            entry = self.kb.get(form.entry_id)
            valid = entry.valid_on(when) if entry.kind != "person" else entry.office_on(when) is not None
            recency = -seen_people.get(form.entry_id, -1)
            kind = 0 if form.kind in ("name", "person") else 1 if form.kind == "capital" else 2
            return (0 if valid else 1, kind, recency, key)  # a capital before another state's town of that name

        return self._forms[min(keys, key=rank)]
