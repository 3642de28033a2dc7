"""Copying a whole store between SQLite and PostgreSQL (`Store.copy_from`, `veille copy`)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.test_store import _article, _cluster_corpus, _corpus, _event
from veille.cli import main
from veille.models import Failure
from veille.store import FeedRow, Store
from veille.store import schema as s
from veille.store.corrections import add_correction, corrections_for
from veille.store.query import Filters, page

WIRE2 = ("Une dépêche reprise par deux sites : le ministre malien de la Défense a rencontré à Moscou son "
         "homologue russe pour parler de coopération militaire, de formation et de livraisons d'armes.")


def _fill(store: Store) -> None:
    """A store with some of everything: runs, stories of two copies, clusters, corrections,
    failures, feeds."""
    run = store.start_run("run", coder="test/1")
    _corpus(store)
    first = _article(WIRE2, url="https://a.example/1", source="a.example")
    copy = _article(WIRE2 + " (AFP)", url="https://b.example/1", source="b.example")
    for art in (first, copy):
        store.add(art, [_event(art, "CONSULT", ("MLI",), ("RUS",), "2025-05-12")], run_id=run)
    store.bulk_load(_cluster_corpus(8, seed=11), chunk=3)
    store.add_failure(Failure("broken.html", "no text", "empty"), run_id=run)
    store.save_feed_state(FeedRow("https://a.example/rss", name="A", etag='"x1"', checked_at="2025-05-12"))
    store.finish_run(run, articles=14, events=44)
    event_id = next(iter(store.events(actor="MLI")))["id"]
    add_correction(store, event_id, "fixed", event="COOPERATE", note="une coopération, pas une consultation",
                   author="analyste")


def _tables(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table but the migrations, sorted."""
    with store.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t))), key=repr)
                for t in s.metadata.sorted_tables if t.name != "migrations"}


def test_store_copy_round_trips_sqlite_postgresql_sqlite(tmp_path, postgres_url):
    with Store(tmp_path / "laptop.db") as laptop:
        _fill(laptop)
        rows = _tables(laptop)
        with Store(postgres_url) as team:
            told: dict[str, int] = {}
            copied = team.copy_from(laptop, lambda table, n: told.__setitem__(table, told.get(table, 0) + n))
            assert copied == told == {name: len(r) for name, r in rows.items()}
            assert copied["stories"] < copied["articles"] and copied["corrections"] == 1 and copied["runs"] == 1
            assert _tables(team) == rows
            assert team.recluster() == 0  # clusters as they were
            # what analysts do with it works on the copy: filters, full text, corrections, new ids
            text_query = Filters.from_dict({"q": "motassault"})
            assert [r["event"] for r in page(team, text_query).records] == ["ASSAULT"]
            records = list(team.events(actor="MLI"))
            assert any(c.event == "COOPERATE" for c in corrections_for(team, records).values())
            assert team.start_run("run") == 2
            with Store(tmp_path / "offline.db") as offline:
                offline.copy_from(team)
                assert _tables(offline) == _tables(team)
                assert [r["event"] for r in page(offline, text_query).records] == ["ASSAULT"]
                assert offline.recluster() == 0


def test_store_copy_refuses_a_store_with_data_or_itself(tmp_path):
    with Store(tmp_path / "a.db") as a, Store(tmp_path / "b.db") as b:
        _corpus(a)
        _corpus(b)
        with pytest.raises(ValueError, match="not empty"):
            b.copy_from(a)
        for same in (tmp_path / "a.db", tmp_path / "." / "a.db"):
            with pytest.raises(ValueError, match="itself"):
                a.copy_from(Store(same))


def test_store_copy_that_fails_leaves_the_target_empty(tmp_path, postgres_url):
    """A reference that does not hold (an event source of no stored event, possible in a SQLite
    file written without foreign keys) fails the copy into PostgreSQL as a whole."""
    with Store(tmp_path / "broken.db") as broken:
        _corpus(broken)
        with broken.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            conn.exec_driver_sql("INSERT INTO event_sources (event_id, article_id) VALUES ('no-such-event', "
                                 "(SELECT min(id) FROM articles))")
            conn.commit()
        with Store(postgres_url) as team:
            with pytest.raises(Exception, match="foreign key"):
                team.copy_from(broken)
            assert {name: n for name in s.TABLES if name != "migrations" and (n := team.count(name))} == {}
            team.copy_from(Store(tmp_path / "empty.db"))  # still usable


def test_cli_copy(tmp_path, capsys):
    with Store(tmp_path / "a.db") as a:
        _corpus(a)
    assert main(["copy", str(tmp_path / "a.db"), str(tmp_path / "b.db")]) == 0
    out = capsys.readouterr().out
    assert "4 articles" in out and "4 events" in out and str(tmp_path / "b.db") in out
    assert main(["copy", str(tmp_path / "a.db"), str(tmp_path / "b.db")]) == 2
    assert "not empty" in capsys.readouterr().err
    with Store(tmp_path / "b.db") as b:
        assert b.count("events") == 4
    assert main(["copy", str(tmp_path / "typo.db"), str(tmp_path / "c.db")]) == 2
    assert "no such SQLite file" in capsys.readouterr().err and not (tmp_path / "typo.db").exists()
