"""Actors: the time-aware knowledge base and the resolver from text to PLOVER actors."""

from veille.actors.kb import KnowledgeBase, load_kb
from veille.actors.resolver import DocActors

__all__ = ["KnowledgeBase", "load_kb", "DocActors"]
