"""spaCy pipelines, loaded once per process and per language."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from veille.errors import UnsupportedLanguage
from veille.settings import get_settings

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["load_model"]


@cache
def load_model(lang: str) -> Language:
    """The spaCy pipeline configured for `lang` in settings.models (cached per process)."""
    import spacy

    models = get_settings().models
    if lang not in models:
        supported = ", ".join(sorted(models))
        raise UnsupportedLanguage(f"no model for language {lang!r} (supported: {supported})")
    from veille.nlp.paragraphs import PARAGRAPH_COMPONENT

    nlp = spacy.load(models[lang], exclude=get_settings().exclude_components)
    first = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe(PARAGRAPH_COMPONENT, before=first) if first else nlp.add_pipe(PARAGRAPH_COMPONENT)
    return nlp
