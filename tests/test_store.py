from tests.test_models import _event
from veille.models import Article, Failure
from veille.store import Store


def test_store_add_is_idempotent(fresh_store):
    article = Article(text="la Russie a accueilli les ministres.", path="x.txt")
    event = _event(doc_id=article.id)
    assert fresh_store.add(article, [event]) == (True, 1)
    assert fresh_store.add(article, [event]) == (False, 0)
    assert fresh_store.count("articles") == 1
    assert fresh_store.count("events") == 1
    assert fresh_store.count("event_actors") == 1


def test_store_query_filters_and_returns_records(fresh_store):
    article = Article(text="la Russie a accueilli les ministres.", path="x.txt")
    fresh_store.add(article, [_event(doc_id=article.id, date="2025-05-12")])
    assert [r["event"] for r in fresh_store.events(actor="RUS")] == ["CONSULT"]
    assert list(fresh_store.events(actor="FRA")) == []
    assert list(fresh_store.events(event_type="assault")) == []
    assert len(list(fresh_store.events(since="2025-05-01"))) == 1
    assert list(fresh_store.events(since="2025-06")) == []


def test_store_failures_recorded_once(fresh_store):
    failure = Failure("a.bin", "binary file", "E101")
    fresh_store.add_failure(failure)
    fresh_store.add_failure(failure)
    assert fresh_store.failures() == [failure]


def test_store_file_uses_wal_and_records_migrations(tmp_path):
    path = tmp_path / "v.db"
    with Store(path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.applied_migrations() == ["0001_initial"]
    with Store(path) as store:  # reopening applies nothing twice
        assert store.applied_migrations() == ["0001_initial"]
