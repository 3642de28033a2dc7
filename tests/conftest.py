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


#: The PostgreSQL database the store tests use: $VEILLE_TEST_POSTGRES, else the one `.ci/run`
#: creates. Its public schema is emptied before each test.
POSTGRES_URL = os.environ.get("VEILLE_TEST_POSTGRES", "postgresql://veille:veille@127.0.0.1:5432/veille_test")


def _postgres_or_skip() -> str:
    require = os.environ.get("VEILLE_REQUIRE_POSTGRES") == "1"
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://"),
                             connect_timeout=3, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
    except Exception as exc:  # no driver or no server
        if require:
            pytest.fail(f"PostgreSQL required (VEILLE_REQUIRE_POSTGRES=1) but unavailable: {exc}")
        pytest.skip(f"no PostgreSQL server at {POSTGRES_URL}: {exc}")
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database of each kind: a SQLite file and a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "veille.db")
    return _postgres_or_skip()


@pytest.fixture
def postgres_url():
    """A fresh, empty PostgreSQL database (skipped without a server, unless required)."""
    return _postgres_or_skip()


@pytest.fixture
def any_store(db_url):
    """A fresh store on each database (the store suite runs on both)."""
    from veille.store import Store

    store = Store(db_url)
    yield store
    store.close()
