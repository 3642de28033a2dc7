"""Find knowledge-base names in a spaCy Doc: one PhraseMatcher per language and vocabulary,
built once from the KB's surface forms (names, demonyms, capitals, cities, organisations)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from veille.actors.kb import KnowledgeBase, SurfaceForm
from veille.models import Mention

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MentionFinder", "surface_variants"]

_APOSTROPHES = ("'", "’")


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


class MentionFinder:
    """Matches KB surface forms on token text (ORTH), longest match first."""

    def __init__(self, kb: KnowledgeBase, lang: str, nlp: Language) -> None:
        from spacy.matcher import PhraseMatcher

        self.kb = kb
        self.lang = lang
        self._matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._forms: dict[str, SurfaceForm] = {}
        by_key: dict[str, set[str]] = {}
        for form in kb.forms_for(lang):
            key = f"{form.entry_id}|{form.kind}"
            self._forms[key] = form
            by_key.setdefault(key, set()).update(surface_variants(form))
        for key, texts in by_key.items():
            self._matcher.add(key, list(nlp.tokenizer.pipe(sorted(texts))))

    def __call__(self, doc: Doc, when: date | None = None) -> list[Mention]:
        """Mentions in `doc`, longest first, no overlaps. Where one text names several entries
        ("Moscou": RUS, and SUN until 1991), the entry valid on `when` wins, else a current one."""
        from spacy.util import filter_spans

        keys: dict[tuple[int, int], list[str]] = {}
        for match_id, start, end in self._matcher(doc):
            keys.setdefault((start, end), []).append(doc.vocab.strings[match_id])
        spans = filter_spans([doc[start:end] for start, end in keys])
        mentions = []
        for span in spans:
            form = self._best(keys[(span.start, span.end)], when)
            mentions.append(Mention(span.start, span.end, span.text, form.entry_id, form.kind))
        return mentions

    def _best(self, keys: list[str], when: date | None) -> SurfaceForm:
        def rank(key: str) -> tuple[int, int, str]:
            form = self._forms[key]
            entry = self.kb.get(form.entry_id)
            valid = entry.valid_on(when)
            return (0 if valid else 1, 0 if form.kind == "name" else 1, key)

        return self._forms[min(keys, key=rank)]
