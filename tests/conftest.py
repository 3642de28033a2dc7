"""Shared fixtures. Unit tests build Docs by hand (no model loads); tests marked `model` load the
spaCy models; tests marked `gold` read ../shared/data and skip when it is absent, except in CI
(VEILLE_REQUIRE_GOLD=1), where a missing gold file is an error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "abamako-2025-05-12-russie-aes.txt"
SEED_GOLD = SAMPLES / "abamako-2025-05-12-russie-aes.gold.json"
GSR = SHARED / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"


def shared_file(path: Path) -> Path:
    """`path` if present; else skip (or fail in CI, where the gold data must be there)."""
    if not path.exists():
        if os.environ.get("VEILLE_REQUIRE_GOLD"):
            pytest.fail(f"gold data missing in CI: {path}")
        pytest.skip(f"gold data not present: {path}")
    return path


def make_doc(lang: str, rows: list[tuple[str, str, str, str, int]]):
    """A parsed Doc from (word, lemma, pos, dep, head index) rows; a ROOT heads itself."""
    import spacy
    from spacy.tokens import Doc

    nlp = _blank(lang)
    words = [r[0] for r in rows]
    doc = Doc(
        nlp.vocab,
        words=words,
        lemmas=[r[1] for r in rows],
        pos=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        heads=[r[4] for r in rows],
        spaces=[True] * (len(rows) - 1) + [False],
    )
    assert spacy  # imported for the vocab
    return doc


_BLANKS: dict[str, object] = {}


def _blank(lang: str):
    import spacy

    if lang not in _BLANKS:
        _BLANKS[lang] = spacy.blank(lang)
    return _BLANKS[lang]


@pytest.fixture
def blank_nlp():
    return _blank


@pytest.fixture
def fresh_store():
    from veille.store import Store

    store = Store(":memory:")
    yield store
    store.close()
