"""spaCy models (loaded once per process), language detection, and per-language reading data."""

from __future__ import annotations

from veille.nlp.langdata import LanguageData, available_languages, language_data
from veille.nlp.langid import detect_language
from veille.nlp.models import load_model

__all__ = ["LanguageData", "available_languages", "language_data", "detect_language", "load_model"]
