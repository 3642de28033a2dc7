"""Events: PLOVER ontology, per-language trigger lexicons and grammar, and the coder."""

from veille.events.lexicon import load_lexicon
from veille.events.ontology import EVENT_TYPES, quad_class

__all__ = ["EVENT_TYPES", "load_lexicon", "quad_class"]
