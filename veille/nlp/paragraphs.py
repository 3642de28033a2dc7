"""A spaCy component that starts a sentence after every paragraph break, so that the parser
never joins a title, a byline or two paragraphs into one "sentence" (the evidence of an event
must be the sentence itself). Runs before the parser, which respects preset boundaries."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["PARAGRAPH_COMPONENT", "mark_paragraphs"]

PARAGRAPH_COMPONENT = "veille_paragraphs"
_FINAL = frozenset(".!?:;»\"")


def mark_paragraphs(doc: Doc) -> Doc:
    """Sentence start after a blank line, or after a line break that follows final punctuation."""
    for token in doc[:-1]:
        if "\n" not in token.text and "\n" not in token.whitespace_:
            continue
        blank = token.text.count("\n") + token.whitespace_.count("\n") >= 2
        previous = token if not token.is_space else (doc[token.i - 1] if token.i else token)
        if blank or previous.text[-1:] in _FINAL or token.is_space and "\n\n" in token.text:
            nxt = doc[token.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
            elif nxt.i + 1 < len(doc):
                doc[nxt.i + 1].is_sent_start = True
    return doc


@Language.component(PARAGRAPH_COMPONENT)
def paragraphs_component(doc: Doc) -> Doc:
    return mark_paragraphs(doc)
